"""The student's record page is the file: per school year and program the whole story in
order, each step with its filed document, in a fixed number of queries; its answer for today
is the coverage rule's."""

import datetime

import pytest

from consent.coverage import coverage_for
from consent.models import ConsentRecord, Revocation
from consent.services.amending import consent_phone_change
from consent.services.countersigning import consent_countersign
from consent.services.signing import consent_revoke
from tests.consent.conftest import plain_text
from tests.consent.test_check import signed
from tests.consent.test_student_record import record_url

pytestmark = pytest.mark.django_db


def grant_and_withdraw(student, program, school_year, guardian, capture):
    with capture(execute=True):
        record = signed(student, program, school_year, guardian=guardian)
    with capture(execute=True):
        consent_revoke(record=record, guardian=guardian, reason="Changed my mind")
    return ConsentRecord.objects.select_related("document", "revocation__document").get(
        pk=record.pk
    )


def test_record_page_tells_grant_then_withdrawal_with_both_documents(
    client, principal_a, family, bulk_alerts, school_year, django_capture_on_commit_callbacks
):
    student, mother, _father = family
    record = grant_and_withdraw(
        student, bulk_alerts, school_year, mother, django_capture_on_commit_callbacks
    )
    client.force_login(principal_a)

    response = client.get(record_url(student))

    (story,) = response.context["stories"]
    steps = [(entry.what, entry.document) for entry in story.entries]
    assert steps == [
        ("Answered: granted", record.document),
        ("Withdrawn", record.revocation.document),
    ]
    assert story.coverage.code == coverage_for(student=student, program=bulk_alerts).code
    assert story.coverage.code == "revoked"
    text = plain_text(response)
    assert "today: Withdrawn" in text
    assert "By Rosa Lopez (mother). Through the guardian's own link" in text
    assert "Reason: Changed my mind" in text
    html = response.content.decode()
    for document in (record.document, record.revocation.document):
        assert f'href="/consent/documents/{document.pk}/"' in html


def test_record_page_tells_a_phone_change_between_grant_and_withdrawal(
    client, principal_a, family, bulk_alerts, school_year, django_capture_on_commit_callbacks
):
    student, mother, _father = family
    with django_capture_on_commit_callbacks(execute=True):
        record = signed(student, bulk_alerts, school_year, guardian=mother)
    link = record.request.links.get(guardian=mother)
    with django_capture_on_commit_callbacks(execute=True):
        change, _created = consent_phone_change(link=link, student_mobile="+13125550177")
    with django_capture_on_commit_callbacks(execute=True):
        consent_revoke(record=record, guardian=mother, reason="Changed my mind")
    change.refresh_from_db()
    client.force_login(principal_a)

    response = client.get(record_url(student))

    (story,) = response.context["stories"]
    assert [entry.what for entry in story.entries] == [
        "Answered: granted",
        "Phone numbers changed",
        "Withdrawn",
    ]
    assert story.entries[1].document == change.document is not None
    assert "→ +13125550177" in story.entries[1].detail
    assert f'href="/consent/documents/{change.document.pk}/"' in response.content.decode()


def test_record_page_tells_issue_opening_countersignature_and_lapse(
    client,
    principal_a,
    family,
    safety_meetup,
    school_year,
    previous_year,
    frozen_today,
    django_capture_on_commit_callbacks,
):
    student, mother, _father = family
    frozen_today.move_to(datetime.datetime(2025, 10, 1, 15, tzinfo=datetime.UTC))
    with django_capture_on_commit_callbacks(execute=True):
        old = signed(student, safety_meetup, previous_year, guardian=mother)
        consent_countersign(record=old, principal=principal_a, decision="countersigned")
    frozen_today.move_to(datetime.datetime(2026, 10, 14, 15, tzinfo=datetime.UTC))
    client.force_login(principal_a)

    response = client.get(record_url(student))

    (story,) = response.context["stories"]
    assert (story.school_year, story.coverage) == (previous_year, None)
    assert [entry.what for entry in story.entries] == [
        "Answered: granted",
        "Countersigned",
        "Lapsed at the end of the school year",
    ]
    old.countersignature.refresh_from_db()
    assert story.entries[1].document == old.countersignature.document
    assert story.entries[1].document is not None


def test_record_page_story_includes_delivery_events(
    client, principal_a, family, bulk_alerts, school_year, mother_link
):
    from consent.services.signing import consent_link_verify

    link, _token = mother_link
    for _ in range(2):
        consent_link_verify(link=link, date_of_birth=family[0].date_of_birth, ip="203.0.113.9")
    client.force_login(principal_a)

    response = client.get(record_url(family[0]))

    (story,) = response.context["stories"]
    assert [(e.what, e.by) for e in story.entries] == [
        ("Link opened (date of birth verified)", "Rosa Lopez")
    ]
    assert story.coverage.code == "awaiting_answer"


@pytest.mark.parametrize("items", [1, 3])
def test_record_page_queries_do_not_grow_with_the_stories(
    client,
    principal_a,
    family,
    bulk_alerts,
    safety_meetup,
    reengagement,
    school_year,
    items,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    student, mother, _father = family
    for program in [bulk_alerts, safety_meetup, reengagement][:items]:
        record = grant_and_withdraw(
            student, program, school_year, mother, django_capture_on_commit_callbacks
        )
    client.force_login(principal_a)

    with django_assert_num_queries(18):
        response = client.get(record_url(student))

    assert len(response.context["stories"]) == items
    assert Revocation.objects.count() == items
    assert record.revocation.document is not None
