"""Staff pages of the consent app: fixed query counts, the countersign queue, and the admin
where ITS publishes form texts and views signed records."""

import pytest

from consent.models import ConsentFormText, ConsentRecord, Countersignature
from roster.models import RecordAccess
from tests.consent.conftest import make_link, plain_text
from tests.consent.test_records import sign
from tests.factories import GuardianFactory, StudentFactory, StudentGuardianFactory


def granted_safety_consents(school, program, school_year, count):
    records = []
    for _ in range(count):
        student = StudentFactory(school=school, grade=11)
        guardian = StudentGuardianFactory(student=student, guardian=GuardianFactory()).guardian
        link, _token = make_link(
            student=student, guardian=guardian, program=program, school_year=school_year
        )
        records.append(sign(link))
    return records


@pytest.mark.parametrize("item_count", [1, 3])
def test_countersign_queue_query_count_is_fixed(
    client,
    principal_a,
    school_a,
    safety_meetup,
    school_year,
    item_count,
    django_assert_num_queries,
):
    granted_safety_consents(school_a, safety_meetup, school_year, item_count)
    client.force_login(principal_a)

    # Session, user, roles, the count, one page of records with everything joined, the
    # footer's contacts, and the session saved (savepoint, update, release).
    with django_assert_num_queries(9):
        response = client.get("/consent/countersign/")

    assert plain_text(response).count("Save decision") == item_count


def test_countersign_from_the_queue(client, principal_a, school_a, safety_meetup, school_year):
    [record] = granted_safety_consents(school_a, safety_meetup, school_year, 1)
    client.force_login(principal_a)

    response = client.post(f"/consent/countersign/{record.pk}/", {"decision": "countersigned"})
    queue = client.get(response["Location"])

    assert response.status_code == 302
    assert Countersignature.objects.get().principal == principal_a
    assert "You countersigned the consent for" in plain_text(queue)
    assert "Nothing is waiting for you." in plain_text(queue)


def test_countersign_decline_without_reason_shows_error_beside_field(
    client, principal_a, school_a, safety_meetup, school_year
):
    [record] = granted_safety_consents(school_a, safety_meetup, school_year, 1)
    client.force_login(principal_a)

    response = client.post(f"/consent/countersign/{record.pk}/", {"decision": "refused"})

    assert response.status_code == 400
    assert "Say why you decline, for the family and the record." in plain_text(response)
    assert not Countersignature.objects.exists()


def test_countersign_twice_says_who_answered_first(
    client, principal_a, school_a, safety_meetup, school_year
):
    [record] = granted_safety_consents(school_a, safety_meetup, school_year, 1)
    client.force_login(principal_a)
    client.post(f"/consent/countersign/{record.pk}/", {"decision": "countersigned"})

    response = client.post(
        f"/consent/countersign/{record.pk}/",
        {"decision": "refused", "reason": "Changed mind"},
        follow=True,
    )

    assert "already answered this on" in plain_text(response)
    assert Countersignature.objects.get().decision == "countersigned"


@pytest.mark.parametrize("item_count", [1, 3])
def test_dashboard_query_count_is_fixed(
    client,
    principal_a,
    school_a,
    safety_meetup,
    bulk_alerts,
    school_year,
    item_count,
    django_assert_num_queries,
):
    granted_safety_consents(school_a, safety_meetup, school_year, item_count)
    client.force_login(principal_a)

    with django_assert_num_queries(17):
        response = client.get("/consent/")

    assert response.status_code == 200


def test_dashboard_counts_answers_per_program(
    client, principal_a, school_a, safety_meetup, school_year
):
    granted_safety_consents(school_a, safety_meetup, school_year, 2)
    client.force_login(principal_a)

    response = client.get("/consent/")

    # Program, issued, opened; students not asked, expired, awaiting answer, asked again,
    # declined, withdrawn, awaiting countersign, principal declined, covered.
    assert (
        "Safety meet-up communications Grades 9–12 · 2 students 2 0 0 0 0 0 0 0 2 0 0 (0%)"
        in plain_text(response)
    )


def test_admin_add_form_text_publishes_a_new_version(client, its_reviewer, bulk_alerts):
    client.force_login(its_reviewer)
    texts = ConsentFormText.objects.filter(program=bulk_alerts, language="en")
    before = list(texts.values_list("version", "title"))

    response = client.post(
        "/admin/consent/consentformtext/add/",
        {"program": bulk_alerts.pk, "language": "en", "title": "Alerts", "body": "New words."},
    )

    assert response.status_code == 302
    # Assert: the next number on top; the versions before it unchanged.
    assert list(texts.values_list("version", "title")) == [(before[0][0] + 1, "Alerts"), *before]


def test_admin_form_text_cannot_be_edited(client, its_reviewer, bulk_alerts):
    client.force_login(its_reviewer)
    text = bulk_alerts.form_texts.filter(language="en").first()

    response = client.post(
        f"/admin/consent/consentformtext/{text.pk}/change/",
        {"program": bulk_alerts.pk, "language": "en", "title": "Changed", "body": "Changed."},
    )

    assert response.status_code == 403
    text.refresh_from_db()
    assert text.title == "Permission to send text alerts to your child"


def test_admin_signed_record_view_is_logged(client, its_reviewer, mother_link):
    link, _token = mother_link
    record = sign(link)
    client.force_login(its_reviewer)

    response = client.get(f"/admin/consent/consentrecord/{record.pk}/change/")

    assert response.status_code == 200
    access = RecordAccess.objects.get()
    assert (access.user, access.student, access.action) == (
        its_reviewer,
        link.request.student,
        "viewed in the admin",
    )
    assert ConsentRecord.objects.get() == record


def test_admin_content_editor_sees_no_consent_records(client, content_editor, mother_link):
    link, _token = mother_link
    record = sign(link)
    client.force_login(content_editor)

    response = client.get(f"/admin/consent/consentrecord/{record.pk}/change/")

    assert response.status_code in (302, 403)
    assert not RecordAccess.objects.exists()


def test_countersign_error_on_a_later_page_shows_that_page(
    client, principal_a, school_a, safety_meetup, school_year
):
    records = granted_safety_consents(school_a, safety_meetup, school_year, 26)
    client.force_login(principal_a)

    response = client.post(
        f"/consent/countersign/{records[-1].pk}/", {"decision": "refused", "page": "2"}
    )

    assert response.status_code == 400
    assert "Page 2 of 2" in plain_text(response)
    assert "Say why you decline, for the family and the record." in plain_text(response)


def test_countersign_by_an_administrator_records_their_position(
    administrator, school_a, safety_meetup, school_year
):
    from consent.services.countersigning import consent_countersign

    [record] = granted_safety_consents(school_a, safety_meetup, school_year, 1)

    countersignature = consent_countersign(
        record=record, principal=administrator, decision="countersigned"
    )

    assert countersignature.position == "Portal administrator"
