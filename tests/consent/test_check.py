""" "May I text this student?" at /consent/check/: who may ask, the answer and its reason per
program (the one coverage rule), the log row of each lookup, and IDs that can't be probed."""

import datetime

import pytest
import time_machine

from consent.models import ConsentRecord
from consent.services.countersigning import consent_countersign
from consent.services.forms_text import current_form_text
from consent.services.signing import consent_revoke, consent_sign
from roster.models import AccessPurpose, RecordAccess, Relationship
from tests.consent.conftest import make_link, plain_text
from tests.factories import GuardianFactory, StudentFactory, StudentGuardianFactory

pytestmark = pytest.mark.django_db

LAST_SPRING = datetime.datetime(2026, 3, 2, 15, 0, tzinfo=datetime.UTC)
NOT_FOUND = "No student with this ID is on the roster of a school you may check."


def signed(
    student, program, school_year, *, decision="grant", guardian=None, **fields
) -> ConsentRecord:
    """A consent ``decision`` by one of the student's guardians, through the signing service."""
    if guardian is None:
        guardian = StudentGuardianFactory(
            student=student, guardian=GuardianFactory(mobile_phone="+17735550100")
        ).guardian
    link, _token = make_link(
        student=student, guardian=guardian, program=program, school_year=school_year
    )
    record, _created = consent_sign(
        link=link,
        form_text=current_form_text(program),
        decision=decision,
        signer_name=guardian.full_name,
        relationship=Relationship.MOTHER,
        student_mobile=fields.pop("student_mobile", "+17735550142"),
        esign_agreed=True,
        **fields,
    )
    return record


def check(client, user, student_id):
    client.force_login(user)
    return client.get("/consent/check/", {"student_id": student_id})


def answers(response) -> list[tuple[str, bool, str]]:
    return [
        (program.slug, coverage.allowed, coverage.code)
        for program, coverage in response.context["answers"]
    ]


ALLOWED = {"principal_a", "teacher_a", "its_reviewer", "cio", "administrator"}


def test_check_page_opens_for_roles_that_may_check(client, persona):
    name, user = persona
    client.force_login(user)

    response = client.get("/consent/check/")

    assert response.status_code == (200 if name in ALLOWED | {"principal_b"} else 403)


def test_check_student_of_own_school_answers_per_program(
    client, persona, student_a, bulk_alerts, safety_meetup, reengagement, school_year
):
    name, user = persona
    signed(student_a, bulk_alerts, school_year)

    response = check(client, user, student_a.student_id)

    if name in ALLOWED:
        assert answers(response) == [
            ("bulk-alerts", True, "covered"),
            ("safety-meetup", False, "no_consent"),
            ("reengagement", False, "no_consent"),
        ]
    elif name == "principal_b":
        assert (response.status_code, NOT_FOUND in plain_text(response)) == (200, True)
    else:
        assert response.status_code == 403


def test_check_other_school_reads_exactly_like_unknown_id(
    client, principal_b, student_a, bulk_alerts, school_year
):
    other_school = check(client, principal_b, student_a.student_id)
    unknown = check(client, principal_b, "99999999")

    assert other_school.status_code == unknown.status_code == 200
    assert plain_text(other_school).replace(student_a.student_id, "ID") == plain_text(
        unknown
    ).replace("99999999", "ID")
    assert RecordAccess.objects.count() == 0


FORMAT = "A student ID is 6 to 12 digits, for example 60012345."


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("12ab", FORMAT),
        ("123", FORMAT),
        ("1234567890123", FORMAT),
        ("<script>", FORMAT),
        (" ", "Enter the student's ID or their name."),
    ],
)
def test_check_malformed_id_says_so_beside_the_field(client, teacher_a, value, error):
    response = check(client, teacher_a, value)

    assert (response.status_code, response.context["form"].errors["student_id"]) == (200, [error])
    assert 'id="error_1_id_student_id"' in response.content.decode()


def test_check_keeps_what_was_typed(client, teacher_a):
    response = check(client, teacher_a, "12ab")

    assert 'value="12ab"' in response.content.decode()


def test_check_logs_each_lookup(client, teacher_a, student_a, bulk_alerts, school_year):
    check(client, teacher_a, student_a.student_id)
    check(client, teacher_a, student_a.student_id)

    rows = list(
        RecordAccess.objects.values_list("student", "user", "purpose", "action", "ip_address")
    )
    assert (
        rows
        == [
            (
                student_a.pk,
                teacher_a.pk,
                AccessPurpose.TEXTING_CHECK,
                "checked whether staff may text the student",
                "127.0.0.1",
            )
        ]
        * 2
    )


def test_check_reasons_for_each_case(
    client,
    its_reviewer,
    school_a,
    charter_school,
    bulk_alerts,
    safety_meetup,
    school_year,
    previous_year,
    principal_a,
):
    # Arrange: one student per reason, each under the program named beside it.
    grade_7 = StudentFactory(school=school_a, grade=7)
    charter = StudentFactory(school=charter_school, grade=10)
    nothing = StudentFactory(school=school_a, grade=10)
    waiting = StudentFactory(school=school_a, grade=10)
    make_link(
        student=waiting,
        guardian=GuardianFactory(),
        program=bulk_alerts,
        school_year=school_year,
    )
    declined = StudentFactory(school=school_a, grade=10)
    signed(declined, bulk_alerts, school_year, decision="decline", student_mobile="")
    revoked = StudentFactory(school=school_a, grade=10)
    record = signed(revoked, bulk_alerts, school_year)
    consent_revoke(record=record, guardian=record.guardian, reason="Changed my mind")
    expired = StudentFactory(school=school_a, grade=10)
    with time_machine.travel(LAST_SPRING, tick=False):
        signed(expired, bulk_alerts, previous_year)
    awaiting = StudentFactory(school=school_a, grade=10)
    signed(awaiting, safety_meetup, school_year)
    refused = StudentFactory(school=school_a, grade=10)
    consent_countersign(
        record=signed(refused, safety_meetup, school_year),
        principal=principal_a,
        decision="refused",
        reason="No supervised activity this term.",
    )
    countersigned = StudentFactory(school=school_a, grade=10)
    consent_countersign(
        record=signed(countersigned, safety_meetup, school_year),
        principal=principal_a,
        decision="countersigned",
    )
    cases = [
        (grade_7, "safety-meetup", "grade_not_eligible"),
        (charter, "bulk-alerts", "charter_school"),
        (nothing, "bulk-alerts", "no_consent"),
        (waiting, "bulk-alerts", "awaiting_answer"),
        (declined, "bulk-alerts", "declined"),
        (revoked, "bulk-alerts", "revoked"),
        (expired, "bulk-alerts", "expired"),
        (awaiting, "safety-meetup", "awaiting_countersign"),
        (refused, "safety-meetup", "countersign_refused"),
        # Covered, but safety meet-ups need designated staff and ITS asks undesignated.
        (countersigned, "safety-meetup", "not_designated"),
    ]

    # Act
    seen = []
    for student, slug, _code in cases:
        response = check(client, its_reviewer, student.student_id)
        coverage = next(c for p, c in response.context["answers"] if p.slug == slug)
        assert coverage.reason in plain_text(response)
        seen.append((student, slug, coverage.code))

    # Assert
    assert seen == cases


def test_check_links_to_record_only_for_who_may_see_it(
    client, teacher_a, principal_a, student_a, bulk_alerts, school_year
):
    url = f"/consent/students/{student_a.student_id}/"

    as_teacher = check(client, teacher_a, student_a.student_id).content.decode()
    as_principal = check(client, principal_a, student_a.student_id).content.decode()

    assert (url in as_teacher, url in as_principal) == (False, True)


@pytest.mark.parametrize("programs", [1, 3])
def test_check_query_count(
    client,
    teacher_a,
    student_a,
    bulk_alerts,
    safety_meetup,
    reengagement,
    school_year,
    programs,
    django_assert_num_queries,
):
    # The rule for every program at once: the same number of queries for 1 and 3 programs.
    for program in [safety_meetup, reengagement][: 3 - programs]:
        program.active = False
        program.save()
    for program in [bulk_alerts, safety_meetup, reengagement][:programs]:
        signed(student_a, program, school_year)
    client.force_login(teacher_a)

    with django_assert_num_queries(11):
        response = client.get("/consent/check/", {"student_id": student_a.student_id})

    codes = ["covered", "awaiting_countersign", "covered"][:programs]
    assert [c.code for _p, c in response.context["answers"]] == codes
