"""The signing page's cost: a fixed, small number of queries, no session write when nothing
changed, and fields rendered by plain templates that keep labels, errors and aria attributes."""

import datetime
import re

from django.contrib.sessions.models import Session

from consent.models import ConsentRecord
from consent.services.forms_text import form_text_publish
from tests.consent.conftest import answer, make_link, page_text, verify


def session_row(client):
    row = Session.objects.get(session_key=client.cookies["sessionid"].value)
    return row.session_data, row.expire_date


def test_sign_page_seen_again_within_a_minute_does_not_write_the_session(client, mother_link):
    # Arrange
    _link, token = mother_link
    verify(client, token)
    before = session_row(client)

    # Act
    response = client.get(f"/consent/sign/{token}/")

    # Assert
    assert response.status_code == 200
    assert "sessionid" not in response.cookies
    assert session_row(client) == before


def test_sign_page_seen_after_a_minute_moves_the_idle_clock_on(client, mother_link, frozen_today):
    # Arrange
    _link, token = mother_link
    verify(client, token)
    before = session_row(client)
    frozen_today.shift(datetime.timedelta(minutes=2))

    # Act
    response = client.get(f"/consent/sign/{token}/")

    # Assert
    assert response.status_code == 200
    assert "sessionid" in response.cookies
    assert session_row(client)[1] > before[1]


def test_sign_page_reads_link_request_answer_and_form_text_in_four_queries(
    client, mother_link, django_assert_num_queries
):
    # Arrange
    _link, token = mother_link
    verify(client, token)

    # Act: the session, the link with its request, student, program, year, school, whether answered
    # and the guardian's relationship, the form text, the footer's contacts.
    with django_assert_num_queries(4):
        response = client.get(f"/consent/sign/{token}/")

    # Assert
    assert response.status_code == 200
    assert 'name="signer_name" value="Rosa Lopez"' in response.content.decode()
    assert '<option value="mother" selected>' in response.content.decode()


def test_sign_page_queries_do_not_grow_with_the_familys_other_links(
    client, family, mother_link, bulk_alerts, safety_meetup, school_year, django_assert_num_queries
):
    # Arrange: more links and requests for the same family.
    student, mother, father = family
    make_link(student=student, guardian=father, program=bulk_alerts, school_year=school_year)
    make_link(student=student, guardian=mother, program=safety_meetup, school_year=school_year)
    _link, token = mother_link
    verify(client, token)

    # Act / Assert
    with django_assert_num_queries(4):
        assert client.get(f"/consent/sign/{token}/").status_code == 200


def test_sign_page_field_errors_sit_beside_the_field_with_the_input_kept(
    client, mother_link, bulk_alerts
):
    # Arrange
    _link, token = mother_link
    verify(client, token)
    pk = bulk_alerts.form_texts.get(language="en", version=1).pk

    # Act
    response = answer(client, token, pk, student_mobile="12", signer_name="Rosa")

    # Assert
    html = response.content.decode()
    assert response.status_code == 400
    assert 'value="12"' in html and 'value="Rosa"' in html
    assert (
        'aria-invalid="true" aria-describedby="id_student_mobile_helptext '
        'id_student_mobile_error" class="form-control is-invalid"'
    ) in html
    assert '<div id="id_signer_name_error" class="invalid-feedback">' in html
    assert '<label for="id_signer_name" class="form-label">Type your full name to sign' in html
    assert "Type your first and last name." in page_text(response)


def test_answered_page_runs_a_fixed_number_of_queries(
    client, mother_link, bulk_alerts, django_assert_num_queries
):
    # Arrange: the mother answered; her answered page shows her answer and its forms.
    _link, token = mother_link
    verify(client, token)
    answer(client, token, bulk_alerts.form_texts.get(language="en", version=1).pk)

    # Act: the session, the link (with the answer), the answer as shown, the receipt, the
    # phone changes, the footer's contacts.
    with django_assert_num_queries(6):
        response = client.get(f"/consent/sign/{token}/")

    # Assert
    assert response.status_code == 200
    assert 'name="student_mobile"' in response.content.decode()
    assert re.search(r'<select name="reason"[^>]* class="form-select"', response.content.decode())


def test_sign_answer_runs_a_fixed_number_of_queries(
    client, mother_link, bulk_alerts, settings, django_assert_num_queries
):
    # Arrange: the work after signing is queued in the database, as in production.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    _link, token = mother_link
    verify(client, token)
    pk = bulk_alerts.form_texts.get(language="en", version=1).pk

    # Act: the session, the link, the version shown; under a savepoint the request locked,
    # no answer yet, the record, the request's status, its event, the queued filing.
    with django_assert_num_queries(11):
        response = answer(client, token, pk)

    # Assert
    assert response.status_code == 302
    assert "sessionid" not in response.cookies


def test_sign_page_reads_form_text_and_contacts_once_between_parents(
    client, mother_link, django_assert_num_queries
):
    # Arrange: an earlier page (another parent's) put the form text and footer in the cache.
    _link, token = mother_link
    verify(client, token)
    client.get(f"/consent/sign/{token}/")

    # Act: the session and the link with its request.
    with django_assert_num_queries(2):
        response = client.get(f"/consent/sign/{token}/")

    # Assert
    assert response.status_code == 200
    assert "Permission to send text alerts" in response.content.decode()


def test_sign_page_shows_a_version_published_after_the_cache_was_filled(
    client, mother_link, bulk_alerts, its_reviewer
):
    # Arrange
    _link, token = mother_link
    verify(client, token)
    client.get(f"/consent/sign/{token}/")

    # Act
    new = form_text_publish(
        program=bulk_alerts,
        language="en",
        title="Alerts, version 2",
        body="New words.",
        created_by=its_reviewer,
    )
    response = client.get(f"/consent/sign/{token}/")

    # Assert: the page shows it and sends its id back.
    html = response.content.decode()
    assert "Alerts, version 2" in html
    assert f'name="form_text" value="{new.pk}"' in html


def test_sign_answer_after_the_page_runs_one_query_fewer(
    client, mother_link, bulk_alerts, settings, django_assert_num_queries
):
    # Arrange: the parent saw the page, so the version shown is in the cache.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    _link, token = mother_link
    verify(client, token)
    client.get(f"/consent/sign/{token}/")
    pk = bulk_alerts.form_texts.get(language="en", version=1).pk

    # Act
    with django_assert_num_queries(10):
        response = answer(client, token, pk)

    # Assert
    assert response.status_code == 302
    assert ConsentRecord.objects.get().form_text_id == pk
