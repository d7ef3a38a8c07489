"""Delta files: rows with status ``tobedeleted`` mark people as left (never deleted), end
school roles and close empty schools; the safety valve counts them (on PostgreSQL)."""

import pytest
from django.core.management.base import CommandError
from django.utils import timezone

from roster.models import Guardian, Role, School, SchoolYear, StaffRole, Student, User
from tests.roster_import.conftest import (
    as_oneroster_1_2,
    delta_of,
    edit_csv,
    run_import,
)

pytestmark = pytest.mark.django_db


def school_roles(sourced_id):
    return sorted(
        StaffRole.objects.filter(user__sourced_id=sourced_id).values_list("role", "school__code")
    )


def test_people_a_delta_deletes_are_marked_left_never_deleted(export):
    run_import(export())
    StaffRole.objects.create(user=User.objects.get(sourced_id="teach-1"), role=Role.CIO)

    output = run_import(delta_of(export(), users=["-stu-4", "-gua-4a", "-teach-1"]))

    assert "Roster file: delta" in output
    assert "students: 0 added, 0 updated, 1 left" in output
    assert "students: 1 marked as left." in output
    gone = Student.objects.get(sourced_id="stu-4")
    assert (gone.left_on, gone.active) == (timezone.localdate(), False)
    assert Guardian.objects.get(sourced_id="gua-4a").left_on == timezone.localdate()
    assert Guardian.objects.get(sourced_id="gua-4b").left_on is None
    assert list(Student.objects.filter(left_on__isnull=False).values_list("sourced_id")) == [
        ("stu-4",)
    ]
    assert Student.objects.count() == 20
    teacher = User.objects.get(sourced_id="teach-1")
    assert not teacher.is_active
    # The school role goes with the account; the district role the portal gave stays.
    assert school_roles("teach-1") == [(Role.CIO, None)]
    assert User.objects.get(sourced_id="teach-0").is_active


def test_a_second_run_of_the_same_delta_changes_nothing(export):
    run_import(export())
    delta = delta_of(export(), users=["-stu-3"])
    run_import(delta)

    output = run_import(delta)

    assert "students: 0 added, 0 updated, 0 left" in output
    assert "students: 0 marked as left." in output


def test_a_deleted_staff_enrollment_ends_that_school_role_only(export):
    run_import(export())
    assert school_roles("teach-0") == [(Role.TEACHER, "2001")]

    output = run_import(delta_of(export(), enrollments=["-enr-t0", "-enr-2"]))

    assert "school roles: 1 removed." in output
    assert school_roles("teach-0") == []
    assert User.objects.get(sourced_id="teach-0").is_active
    assert school_roles("teach-1") == [(Role.TEACHER, "2002")]
    # A student's class enrollment is not kept in the portal: the student stays as they were.
    student = Student.objects.get(sourced_id="stu-2")
    assert (student.left_on, student.school.code) == (None, "2001")


def test_a_deleted_enrollment_the_same_delta_gives_again_keeps_the_role(export):
    run_import(export())

    run_import(delta_of(export(), users=["teach-0"], enrollments=["-enr-t0"]))

    assert school_roles("teach-0") == [(Role.TEACHER, "2001")]


def test_a_deleted_oneroster_1_2_role_ends_that_school_role(export):
    run_import(as_oneroster_1_2(export()))
    folder = as_oneroster_1_2(export())

    run_import(delta_of(folder, roles=["-role-prin-2"]))

    assert school_roles("prin-2") == []
    assert school_roles("prin-1") == [(Role.PRINCIPAL, "2001")]


def test_the_safety_valve_counts_the_students_a_delta_deletes(export):
    run_import(export())
    folder = delta_of(export(), users=["-stu-1", "-stu-2", "-stu-3"])  # 3 of 20: 15 %

    with pytest.raises(CommandError, match=r"15\.0% of the students would be marked as left"):
        run_import(folder)
    assert not Student.objects.filter(left_on__isnull=False).exists()

    run_import(folder, "--force")
    assert Student.objects.filter(left_on__isnull=False).count() == 3


def test_a_delta_that_deletes_a_school_with_students_is_refused(export):
    run_import(export())

    with pytest.raises(CommandError) as raised:
        run_import(delta_of(export(), orgs=["-org-1"], users=["-stu-0"]))

    assert (
        "orgs.csv, line 2, column status: School 0001 still has 9 student(s) that this file "
        "neither moves nor marks as left" in str(raised.value)
    )
    assert School.objects.get(sourced_id="org-1").active
    assert not Student.objects.filter(left_on__isnull=False).exists()


def test_a_delta_closes_a_school_that_has_no_students(export):
    run_import(export())
    assert not Student.objects.filter(school__sourced_id="org-3").exists()

    output = run_import(delta_of(export(), orgs=["-org-3"]))

    assert "schools: 0 added, 0 updated, 1 closed" in output
    school = School.objects.get(sourced_id="org-3")
    assert not school.active
    assert school_roles("prin-3") == []
    assert User.objects.get(sourced_id="prin-3").is_active
    assert School.objects.filter(active=True).count() == 2


def test_a_delta_may_not_delete_a_school_year(export):
    run_import(export())

    with pytest.raises(CommandError) as raised:
        run_import(delta_of(export(), academicSessions=["-year-2027"]))

    assert (
        "academicSessions.csv, line 2, column status: school year 2026-27 cannot be deleted"
        in str(raised.value)
    )
    assert SchoolYear.objects.filter(sourced_id="year-2027").exists()


def test_in_a_full_file_a_row_to_be_deleted_counts_as_missing(export):
    run_import(export(students=40))
    folder = export(students=40)
    edit_csv(
        folder,
        "users.csv",
        lambda rows: [r if r[0] != "stu-3" else [r[0], "tobedeleted", *r[2:]] for r in rows],
    )
    edit_csv(folder, "enrollments.csv", lambda rows: [r for r in rows if r[5] != "stu-3"])

    output = run_import(folder)

    assert "Roster file: full." in output
    assert list(Student.objects.filter(left_on__isnull=False).values_list("sourced_id")) == [
        ("stu-3",)
    ]
