"""Two people acting at the same moment: two submits of one form, two presses of "issue",
two principals countersigning. Real threads on real connections, released together by a
barrier, so the row locks in consent.services are what decides the outcome."""

import pytest

from consent.models import (
    ConsentEvent,
    ConsentLink,
    ConsentRecord,
    ConsentRequest,
    Countersignature,
    EventKind,
    IssueBatch,
    RequestStatus,
    Revocation,
)
from consent.services.countersigning import consent_countersign
from consent.services.errors import ConsentError
from consent.services.forms_text import current_form_text
from consent.services.issuing import consent_issue
from consent.services.signing import consent_revoke, consent_sign
from roster.models import Role, User
from tests.consent.conftest import make_link
from tests.factories import StudentFactory, StudentGuardianFactory, staff_user
from tests.helpers import at_once

pytestmark = pytest.mark.django_db(transaction=True)


def sign(link_pk, form_text, decision="grant"):
    """consent_sign as the parent page calls it, with the thread's own copy of the link."""

    def call():
        return consent_sign(
            link=ConsentLink.objects.get(pk=link_pk),
            form_text=form_text,
            decision=decision,
            signer_name="Rosa Lopez",
            relationship="mother",
            student_mobile="773-555-0142" if decision == "grant" else "",
            esign_agreed=True,
            ip="127.0.0.1",
            user_agent="Phone browser",
        )

    return call


def test_two_submits_of_one_link_at_once_make_one_record(mother_link, bulk_alerts):
    link, _token = mother_link
    form_text = current_form_text(bulk_alerts)

    outcomes = at_once(sign(link.pk, form_text), sign(link.pk, form_text, decision="decline"))

    assert [kind for kind, _ in outcomes] == ["returned", "returned"]
    (first, first_created), (second, second_created) = (value for _, value in outcomes)
    record = ConsentRecord.objects.get()
    assert (first.pk, second.pk) == (record.pk, record.pk)
    assert sorted([first_created, second_created]) == [False, True]
    assert ConsentEvent.objects.filter(kind=EventKind.SIGNED).count() == 1
    assert ConsentRequest.objects.get().status == RequestStatus.ANSWERED


def test_two_guardians_answering_at_once_make_one_record(
    family, mother_link, bulk_alerts, school_year
):
    student, _mother, father = family
    mother, _token = mother_link
    father_link, _father_token = make_link(
        student=student, guardian=father, program=bulk_alerts, school_year=school_year
    )
    form_text = current_form_text(bulk_alerts)

    outcomes = at_once(sign(mother.pk, form_text), sign(father_link.pk, form_text, "decline"))

    results = [value for kind, value in outcomes if kind == "returned"]
    record = ConsentRecord.objects.get()
    assert len(results) == 2
    assert {r.pk for r, _created in results} == {record.pk}
    assert sorted(created for _record, created in results) == [False, True]
    created = [created for _kind, (_record, created) in outcomes]
    winner = (mother, father_link)[created.index(True)]
    assert record.guardian_id == winner.guardian_id


def test_two_presses_of_issue_at_once_make_no_duplicate_requests(
    school_a, principal_a, bulk_alerts, school_year, mailoutbox
):
    students = [StudentFactory(school=school_a, grade=grade) for grade in (6, 9, 12)]
    for student in students:
        StudentGuardianFactory(student=student)

    def issue():
        return consent_issue(
            issued_by=User.objects.get(pk=principal_a.pk),
            program=bulk_alerts,
            school_year=school_year,
            school=school_a,
        )

    outcomes = at_once(issue, issue)

    # The second press waits for the first, then finds nobody left to ask: no empty batch.
    assert sorted(kind for kind, _ in outcomes) == ["raised", "returned"]
    (error,) = (value for kind, value in outcomes if kind == "raised")
    assert error.code == "nothing_to_issue"
    assert [(b.issued_count, b.skipped) for b in IssueBatch.objects.all()] == [(3, {})]
    assert sorted(ConsentRequest.objects.values_list("student", flat=True)) == sorted(
        s.pk for s in students
    )
    assert ConsentLink.objects.count() == 3
    assert len(mailoutbox) == 3  # one email per guardian, sent once


def test_two_principals_countersigning_at_once_make_one_countersignature(
    family, principal_a, safety_meetup, school_year
):
    student, mother, _father = family
    link, _token = make_link(
        student=student, guardian=mother, program=safety_meetup, school_year=school_year
    )
    record, _created = sign(link.pk, current_form_text(safety_meetup))()
    assistant = staff_user(Role.PRINCIPAL, student.school, username="assistant_principal")

    def countersign(user_pk, decision, reason=""):
        def call():
            return consent_countersign(
                record=ConsentRecord.objects.select_related("request__program").get(pk=record.pk),
                principal=User.objects.get(pk=user_pk),
                decision=decision,
                reason=reason,
            )

        return call

    outcomes = at_once(
        countersign(principal_a.pk, "countersigned"),
        countersign(assistant.pk, "refused", "The trip was cancelled."),
    )

    kinds = sorted(kind for kind, _ in outcomes)
    countersignature = Countersignature.objects.get()
    (winner,) = (value for kind, value in outcomes if kind == "returned")
    (error,) = (value for kind, value in outcomes if kind == "raised")
    assert kinds == ["raised", "returned"]
    assert winner.pk == countersignature.pk
    assert isinstance(error, ConsentError)
    assert f"{countersignature.principal_name} already answered this" in str(error)
    assert (
        ConsentEvent.objects.filter(
            kind__in=[EventKind.COUNTERSIGNED, EventKind.COUNTERSIGN_REFUSED]
        ).count()
        == 1
    )


def test_two_guardians_withdrawing_at_once_make_one_revocation(family, mother_link, bulk_alerts):
    _student, mother, father = family
    link, _token = mother_link
    record, _created = sign(link.pk, current_form_text(bulk_alerts))()

    def withdraw(guardian, reason):
        def call():
            return consent_revoke(
                record=ConsentRecord.objects.get(pk=record.pk), guardian=guardian, reason=reason
            )

        return call

    outcomes = at_once(
        withdraw(mother, "The phone number changed."), withdraw(father, "My child left.")
    )

    assert [kind for kind, _ in outcomes] == ["returned", "returned"]
    revocation = Revocation.objects.get()
    assert {value[0].pk for _, value in outcomes} == {revocation.pk}
    assert sorted(value[1] for _, value in outcomes) == [False, True]
    assert ConsentEvent.objects.filter(kind=EventKind.REVOKED).count() == 1
