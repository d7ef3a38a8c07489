"""Exact targets: a POST (or export) naming a school, program, year or student that does not
exist or is outside the user's scope is refused with a 404, and nothing is written or sent;
it is never quietly redirected to the user's own school or the first one in the list."""

import pytest

from consent.models import ConsentEvent, EventKind, IssueBatch
from tests.consent.conftest import make_link, standard_program
from tests.consent.test_records import sign
from tests.factories import GuardianFactory, SchoolYearFactory, StudentFactory
from tests.factories import StudentGuardianFactory as Parenthood

pytestmark = pytest.mark.django_db


def _families(school, program, school_year):
    """One family at ``school`` waiting for an answer and one covered (so renew has work)."""
    for covered in (False, True):
        student = StudentFactory(school=school, grade=10)
        guardian = Parenthood(
            student=student, guardian=GuardianFactory(email=f"{school.code}-{covered}@example.com")
        ).guardian
        link, _ = make_link(
            student=student, guardian=guardian, program=program, school_year=school_year
        )
        if covered:
            sign(link)


@pytest.fixture
def two_schools(frozen_today, school_a, school_b, school_year, mailoutbox):
    program = standard_program("bulk-alerts")
    _families(school_a, program, school_year)
    _families(school_b, program, school_year)
    SchoolYearFactory(start=2027)
    mailoutbox.clear()  # the signers' receipts: the tests count what follows


GOOD = {"school": "1001", "year": "2026-27", "program": "bulk-alerts"}
WRONG_TARGETS = [
    pytest.param({**GOOD, "school": "1002"}, "principal_a", id="principal A names school B"),
    pytest.param({**GOOD, "school": "1001"}, "principal_b", id="principal B names school A"),
    pytest.param({**GOOD, "school": "9999"}, "its_reviewer", id="ITS names no school"),
    pytest.param({**GOOD, "school": ""}, "its_reviewer", id="ITS names none"),
    pytest.param({**GOOD, "program": "made-up"}, "principal_a", id="unknown program"),
    pytest.param({**GOOD, "program": ""}, "principal_a", id="no program"),
    pytest.param({**GOOD, "year": "1999-00"}, "principal_a", id="unknown year"),
    pytest.param({**GOOD, "year": ""}, "principal_a", id="no year"),
]


def _nothing_happened(mailoutbox):
    assert not ConsentEvent.objects.filter(kind=EventKind.REMINDED).exists()
    assert not IssueBatch.objects.exists()
    assert mailoutbox == []


@pytest.mark.parametrize(("data", "role"), WRONG_TARGETS)
def test_remind_with_a_wrong_target_acts_on_nothing(
    request, client, two_schools, mailoutbox, django_capture_on_commit_callbacks, data, role
):
    client.force_login(request.getfixturevalue(role))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/consent/remind/", data)

    assert response.status_code == 404
    _nothing_happened(mailoutbox)


@pytest.mark.parametrize(
    ("data", "role"),
    [*WRONG_TARGETS, pytest.param({**GOOD, "to_year": "2099-00"}, "principal_a", id="to_year")],
)
def test_renew_with_a_wrong_target_acts_on_nothing(
    request, client, two_schools, mailoutbox, django_capture_on_commit_callbacks, data, role
):
    client.force_login(request.getfixturevalue(role))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/consent/renew/", {"to_year": "2027-28", **data})

    assert response.status_code == 404
    _nothing_happened(mailoutbox)


def test_remind_with_the_exact_target_reminds_that_school_only(
    client, two_schools, principal_a, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(principal_a)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/consent/remind/", GOOD)

    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [["1001-False@example.com"]]


def test_remind_a_student_of_another_school_is_not_found(
    client, two_schools, its_reviewer, school_b, mailoutbox
):
    other = StudentFactory(school=school_b, grade=10)
    client.force_login(its_reviewer)

    response = client.post("/consent/remind/", {**GOOD, "student_id": other.student_id})

    assert response.status_code == 404
    _nothing_happened(mailoutbox)


def test_students_csv_of_another_school_is_not_found(client, two_schools, principal_b):
    client.force_login(principal_b)

    response = client.get("/consent/students.csv", GOOD)

    assert response.status_code == 404


def test_issue_to_a_student_of_another_school_is_refused_beside_the_field(
    client, two_schools, principal_a, school_b, school_year, mailoutbox
):
    other = StudentFactory(school=school_b, grade=10)
    program = standard_program("bulk-alerts")
    client.force_login(principal_a)

    response = client.post(
        "/consent/issue/",
        {
            "program": program.pk,
            "school": principal_a.staff_roles.get().school_id,
            "school_year": school_year.pk,
            "scope": "students",
            "student_ids": other.student_id,
        },
    )

    assert response.status_code == 200
    assert f"Not on the roll of Northside Community Academy: {other.student_id}" in (response.text)
    _nothing_happened(mailoutbox)
