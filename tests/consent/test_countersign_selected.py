""" "Countersign selected": the confirmation page, the bulk service, scoping and double
submits."""

import pytest

from consent.models import ConsentEvent, Countersignature, EventKind
from consent.services.countersigning import consent_countersign, consent_countersign_many
from consent.services.signing import consent_revoke
from tests.consent.conftest import plain_text
from tests.consent.test_staff_pages import granted_safety_consents

URL = "/consent/countersign/selected/"


@pytest.fixture
def three(school_a, safety_meetup, school_year):
    return granted_safety_consents(school_a, safety_meetup, school_year, 3)


def ids(records):
    return [record.pk for record in records]


def test_queue_offers_a_checkbox_per_consent(client, principal_a, three):
    client.force_login(principal_a)

    page = client.get("/consent/countersign/").content.decode()

    assert page.count('form="countersign-selected"') == 3
    assert "Countersign selected" in page


def test_confirmation_lists_the_chosen_students_and_saves_nothing(client, principal_a, three):
    client.force_login(principal_a)

    response = client.get(URL, {"record": ids(three[:2])})

    text = plain_text(response)
    assert response.status_code == 200
    assert [r.request.student.full_name in text for r in three] == [True, True, False]
    assert "Countersign 2 consents" in text
    assert Countersignature.objects.count() == 0


def test_countersign_selected_countersigns_each_with_its_event_and_filing_task(
    queued_tasks, client, principal_a, three
):
    client.force_login(principal_a)

    response = client.post(URL, {"record": ids(three)})

    queue = plain_text(client.get(response["Location"]))
    assert response.status_code == 302
    assert sorted(Countersignature.objects.values_list("record_id", flat=True)) == sorted(
        ids(three)
    )
    assert ConsentEvent.objects.filter(kind=EventKind.COUNTERSIGNED).count() == 3
    assert [t.task_path for t in queued_tasks].count("consent.tasks.file_countersignature_pdf") == 3
    assert "You countersigned 3 consents." in queue


def test_countersign_selected_twice_is_harmless_and_says_so(client, principal_a, three):
    client.force_login(principal_a)
    client.post(URL, {"record": ids(three)})

    response = client.post(URL, {"record": ids(three)}, follow=True)

    text = plain_text(response)
    assert Countersignature.objects.count() == 3
    assert text.count("Skipped") == 3
    assert "already answered this on" in text


def test_already_countersigned_is_skipped_and_reported_others_saved(
    client, principal_a, three, administrator
):
    consent_countersign(record=three[0], principal=administrator, decision="countersigned")
    client.force_login(principal_a)

    confirmation = plain_text(client.get(URL, {"record": ids(three)}))
    response = client.post(URL, {"record": ids(three)}, follow=True)

    assert "Not waiting any more: will be skipped" in confirmation
    assert "Countersign 2 consents" in confirmation
    assert Countersignature.objects.filter(principal=principal_a).count() == 2
    assert f"Skipped {three[0].request.student.full_name}" in plain_text(response)


def test_service_skips_a_withdrawn_consent(principal_a, three):
    consent_revoke(record=three[1], guardian=three[1].guardian, reason="no_longer_wanted")

    result = consent_countersign_many(records=three, principal=principal_a)

    assert [c.record_id for c in result["countersigned"]] == [three[0].pk, three[2].pk]
    assert [(r.pk, e.code) for r, e in result["skipped"]] == [(three[1].pk, "consent_withdrawn")]


def test_principal_b_cannot_countersign_school_a_by_posting_its_id(client, principal_b, three):
    client.force_login(principal_b)

    posted = client.post(URL, {"record": ids(three)})
    shown = client.get(URL, {"record": ids(three[:1])})

    assert (posted.status_code, shown.status_code) == (404, 404)
    assert Countersignature.objects.count() == 0


def test_one_foreign_id_among_own_refuses_all(
    client, principal_a, three, school_b, safety_meetup, school_year
):
    [foreign] = granted_safety_consents(school_b, safety_meetup, school_year, 1)
    client.force_login(principal_a)

    response = client.post(URL, {"record": [*ids(three), foreign.pk]})

    assert response.status_code == 404
    assert Countersignature.objects.count() == 0


def test_non_number_id_is_not_found(client, principal_a, three):
    client.force_login(principal_a)

    assert client.post(URL, {"record": ["1x"]}).status_code == 404


def test_nothing_chosen_returns_to_the_queue_with_a_message(client, principal_a, three):
    client.force_login(principal_a)

    response = client.get(URL, follow=True)

    assert response.redirect_chain[-1][0] == "/consent/countersign/"
    assert "Choose at least one consent to countersign." in plain_text(response)


def test_teacher_is_refused(client, teacher_a, three):
    client.force_login(teacher_a)

    assert client.post(URL, {"record": ids(three)}).status_code == 403
    assert Countersignature.objects.count() == 0
