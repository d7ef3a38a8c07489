"""Designated staff: activities and designations through their services (who may, refusals,
double presses), and the one rule "may this person text this student" (consent.designations)
with its query count."""

import pytest
from django.core.exceptions import PermissionDenied

from consent.designations import NOT_DESIGNATED, texting_answers
from consent.models import ConsentRequest, Designation
from consent.services.countersigning import consent_countersign
from consent.services.designations import activity_create, designation_add, designation_remove
from consent.services.errors import ConsentError
from roster.models import Role
from tests.consent.test_check import signed
from tests.factories import StudentFactory, staff_user

pytestmark = pytest.mark.django_db

ROBOTICS = "Robotics regional meet, March 2027"


@pytest.fixture
def robotics(principal_a, school_a, safety_meetup):
    return activity_create(user=principal_a, school=school_a, program=safety_meetup, name=ROBOTICS)


@pytest.fixture
def coach(school_a):
    return staff_user(Role.TEACHER, school_a, username="coach")


def covered(student, program, school_year, principal, *, activity=None):
    """A countersigned grant of ``program`` for ``student``, its request naming ``activity``."""
    ConsentRequest.objects.create(
        program=program,
        school_year=school_year,
        student=student,
        school=student.school,
        activity=activity,
    )
    record = signed(student, program, school_year)
    if program.requires_principal_countersign:
        consent_countersign(record=record, principal=principal, decision="countersigned")
    return record


def answer_for(student, program, staff):
    ((_program, answer),) = texting_answers(student=student, programs=[program], staff=staff)
    return answer.allowed, answer.code


# --- Services ------------------------------------------------------------------------------


def test_activity_create_by_principal_for_own_school(robotics, school_a, principal_a):
    assert (robotics.school, robotics.name, robotics.created_by) == (
        school_a,
        ROBOTICS,
        principal_a,
    )


@pytest.mark.parametrize("who", ["principal_b", "teacher_a", "ceo_office"])
def test_activity_create_refused_outside_the_users_school_or_role(
    request, who, school_a, safety_meetup
):
    with pytest.raises(PermissionDenied):
        activity_create(
            user=request.getfixturevalue(who), school=school_a, program=safety_meetup, name="X"
        )


def test_activity_create_by_its_for_any_school(its_reviewer, school_b, safety_meetup):
    activity = activity_create(
        user=its_reviewer, school=school_b, program=safety_meetup, name="Field trip"
    )

    assert activity.school == school_b


def test_activity_create_refuses_program_without_designation(principal_a, school_a, bulk_alerts):
    with pytest.raises(ConsentError) as refused:
        activity_create(user=principal_a, school=school_a, program=bulk_alerts, name="X")

    assert refused.value.code == "no_designation_needed"


def test_activity_create_refuses_a_second_activity_with_the_same_name(
    robotics, principal_a, school_a, safety_meetup
):
    with pytest.raises(ConsentError) as refused:
        activity_create(
            user=principal_a, school=school_a, program=safety_meetup, name=f"  {ROBOTICS} "
        )

    assert refused.value.code == "activity_exists"


def test_designation_add_twice_keeps_one_designation(robotics, principal_a, coach):
    first = designation_add(user=principal_a, activity_id=robotics.pk, staff=coach)
    second = designation_add(user=principal_a, activity_id=robotics.pk, staff=coach)

    assert (first.pk, first.designated_by, Designation.objects.count()) == (
        second.pk,
        principal_a,
        1,
    )


def test_designation_add_refuses_staff_of_another_school(robotics, principal_a, principal_b):
    with pytest.raises(ConsentError) as refused:
        designation_add(user=principal_a, activity_id=robotics.pk, staff=principal_b)

    assert refused.value.code == "not_school_staff"


def test_designation_add_refused_to_another_schools_principal(robotics, principal_b, coach):
    with pytest.raises(PermissionDenied):
        designation_add(user=principal_b, activity_id=robotics.pk, staff=coach)
    assert Designation.objects.count() == 0


def test_designation_remove_keeps_who_and_when_and_is_harmless_twice(robotics, principal_a, coach):
    designation = designation_add(user=principal_a, activity_id=robotics.pk, staff=coach)

    first = designation_remove(user=principal_a, designation_id=designation.pk)
    second = designation_remove(user=principal_a, designation_id=designation.pk)

    assert (first.removed_by, first.removed_at) == (principal_a, second.removed_at)
    assert first.removed_at is not None


def test_designation_remove_refused_to_a_teacher(robotics, principal_a, coach, teacher_a):
    designation = designation_add(user=principal_a, activity_id=robotics.pk, staff=coach)

    with pytest.raises(PermissionDenied):
        designation_remove(user=teacher_a, designation_id=designation.pk)


# --- The rule ------------------------------------------------------------------------------


def test_covered_student_is_no_for_an_undesignated_teacher_and_yes_for_a_designated_one(
    robotics, principal_a, coach, teacher_a, student_a, safety_meetup, school_year
):
    covered(student_a, safety_meetup, school_year, principal_a, activity=robotics)
    designation_add(user=principal_a, activity_id=robotics.pk, staff=coach)

    assert answer_for(student_a, safety_meetup, teacher_a) == (False, NOT_DESIGNATED)
    assert answer_for(student_a, safety_meetup, coach) == (True, "covered")


def test_designated_for_another_activity_is_no_when_the_consent_names_one(
    robotics, principal_a, school_a, coach, student_a, safety_meetup, school_year
):
    chess = activity_create(
        user=principal_a, school=school_a, program=safety_meetup, name="Chess tournament"
    )
    covered(student_a, safety_meetup, school_year, principal_a, activity=robotics)
    designation_add(user=principal_a, activity_id=chess.pk, staff=coach)

    assert answer_for(student_a, safety_meetup, coach) == (False, NOT_DESIGNATED)


def test_any_activity_of_the_program_counts_when_the_consent_names_none(
    robotics, principal_a, coach, student_a, safety_meetup, school_year
):
    covered(student_a, safety_meetup, school_year, principal_a)
    designation_add(user=principal_a, activity_id=robotics.pk, staff=coach)

    assert answer_for(student_a, safety_meetup, coach) == (True, "covered")


def test_removed_designation_and_ended_activity_no_longer_allow(
    robotics, principal_a, coach, student_a, safety_meetup, school_year
):
    covered(student_a, safety_meetup, school_year, principal_a, activity=robotics)
    designation = designation_add(user=principal_a, activity_id=robotics.pk, staff=coach)
    designation_remove(user=principal_a, designation_id=designation.pk)
    removed = answer_for(student_a, safety_meetup, coach)
    designation_add(user=principal_a, activity_id=robotics.pk, staff=coach)
    robotics.ends_on = school_year.first_day
    robotics.save(update_fields=["ends_on"])

    assert (removed, answer_for(student_a, safety_meetup, coach)) == (
        (False, NOT_DESIGNATED),
        (False, NOT_DESIGNATED),
    )


def test_uncovered_student_keeps_the_coverage_reason_and_other_programs_need_no_designation(
    principal_a, teacher_a, student_a, safety_meetup, bulk_alerts, school_year
):
    covered(student_a, bulk_alerts, school_year, principal_a)

    assert answer_for(student_a, safety_meetup, teacher_a) == (False, "no_consent")
    assert answer_for(student_a, bulk_alerts, teacher_a) == (True, "covered")


@pytest.mark.parametrize("answers", [1, 3])
def test_the_answer_takes_a_fixed_number_of_queries(
    django_assert_num_queries,
    robotics,
    principal_a,
    school_a,
    coach,
    safety_meetup,
    bulk_alerts,
    reengagement,
    school_year,
    answers,
):
    # Several covered programs and named activities: coverage's one (with the activities)
    # and the designations' one.
    designation_add(user=principal_a, activity_id=robotics.pk, staff=coach)
    student = StudentFactory(school=school_a, grade=10)
    for _ in range(answers):
        covered(student, safety_meetup, school_year, principal_a, activity=robotics)
    covered(student, bulk_alerts, school_year, principal_a)
    programs = [bulk_alerts, safety_meetup, reengagement]
    student.school  # noqa: B018 - loaded, as the check view loads it with the student

    with django_assert_num_queries(2):
        result = texting_answers(student=student, programs=programs, staff=coach)

    assert [a.allowed for _p, a in result] == [True, True, False]
