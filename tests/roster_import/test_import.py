"""The roster import through ``manage.py import_roster``: the district's sample, dry runs,
idempotent reruns, leaving, the safety valve and delta files (on PostgreSQL)."""

import datetime
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management.base import CommandError
from django.utils import timezone

from roster.models import (
    Guardian,
    Role,
    School,
    SchoolKind,
    SchoolYear,
    StaffRole,
    Student,
    StudentGuardian,
    User,
)
from tests.roster_import.conftest import (
    SAMPLE,
    as_oneroster_1_2,
    drop_user,
    edit_csv,
    run_import,
)

pytestmark = pytest.mark.django_db


def test_the_sample_imports_schools_years_people_and_roles():
    output = run_import(SAMPLE)

    assert "students: 20 added" in output
    assert dict(School.objects.values_list("code", "kind")) == {
        "2001": SchoolKind.DISTRICT_RUN,
        "2002": SchoolKind.MAGNET,
        "2003": SchoolKind.CHARTER,
    }
    year = SchoolYear.objects.get()
    assert (year.label, year.first_day, year.last_day) == (
        "2026-27",
        datetime.date(2026, 8, 24),
        datetime.date(2027, 6, 11),
    )
    assert Student.objects.count() == 20
    student = Student.objects.get(sourced_id="stu-0")
    assert student.student_id == "00100000"
    assert student.guardians.get().sourced_id == "gua-0a"
    spanish = Guardian.objects.get(sourced_id="gua-0a")
    assert spanish.preferred_language == "es"
    assert str(spanish.mobile_phone) == "+17735550000"
    assert Guardian.objects.get(sourced_id="gua-1a").preferred_language == "en"
    link = StudentGuardian.objects.get(guardian__sourced_id="gua-1b")
    assert (link.relationship, link.has_educational_rights) == ("legal_guardian", True)
    principal = User.objects.get(sourced_id="prin-2")
    assert list(principal.staff_roles.values_list("role", "school__code")) == [
        (Role.PRINCIPAL, "2002")
    ]
    assert not principal.has_usable_password()
    teacher = User.objects.get(sourced_id="teach-0")
    assert list(teacher.staff_roles.values_list("role", "school__code")) == [(Role.TEACHER, "2001")]


def test_an_imported_principal_sees_only_their_school_dashboard(client, frozen_today):
    run_import(SAMPLE)
    principal = User.objects.get(sourced_id="prin-2")
    client.force_login(principal)

    response = client.get("/consent/")
    other = client.get("/consent/", {"school": "2001"})

    assert response.status_code == 200
    assert response.context["school"].code == "2002"
    assert [s.code for s in response.context["schools"]] == ["2002"]
    assert other.status_code == 404


def test_a_dry_run_prints_the_plan_and_changes_nothing(export):
    output = run_import(export(), "--dry-run")

    assert "students: 20 added, 0 updated, 0 left, 0 unchanged" in output
    assert "added, for example:" in output
    assert "Dry run: nothing changed." in output
    assert not Student.objects.exists()
    assert not School.objects.exists()
    assert not User.objects.exists()


def test_a_second_run_of_the_same_files_changes_nothing(export):
    folder = export()
    run_import(folder)
    before = list(Student.objects.order_by("pk").values())

    output = run_import(folder)

    assert "students: 0 added, 0 updated, 0 left, 20 unchanged" in output
    assert "students: 0 added or updated." in output
    assert "guardian links: 0 added or updated." in output
    assert list(Student.objects.order_by("pk").values()) == before


def test_a_changed_name_is_an_update(export):
    run_import(export())

    output = run_import(export(changed={3}))

    assert "students: 0 added, 1 updated, 0 left, 19 unchanged" in output
    assert Student.objects.get(sourced_id="stu-3").last_name.endswith("-Nueva")


def test_people_missing_from_a_full_file_are_marked_left_never_deleted(export):
    run_import(export(students=40))
    teacher = User.objects.get(sourced_id="teach-0")
    StaffRole.objects.create(user=teacher, role=Role.ITS_REVIEWER)
    folder = export(students=40, skip={7})
    drop_user(folder, "teach-0")

    output = run_import(folder)

    assert "students: 0 added, 0 updated, 1 left" in output
    gone = Student.objects.get(sourced_id="stu-7")
    assert gone.left_on == timezone.localdate()
    assert not gone.active
    assert Guardian.objects.get(sourced_id="gua-7a").left_on == timezone.localdate()
    assert Student.objects.filter(left_on__isnull=True).count() == 39
    teacher.refresh_from_db()
    assert not teacher.is_active
    # School roles go; the district role ITS gave in the portal stays.
    assert list(teacher.staff_roles.values_list("role", flat=True)) == [Role.ITS_REVIEWER]


def test_someone_listed_again_is_back(export):
    run_import(export(students=40))
    run_import(export(students=40, skip={7}))

    run_import(export(students=40))

    back = Student.objects.get(sourced_id="stu-7")
    assert (back.left_on, back.active) == (None, True)


def test_the_safety_valve_refuses_many_leavers_unless_forced(export):
    run_import(export())
    folder = export(skip={1, 2, 3})  # 3 of 20 students: 15 %

    with pytest.raises(CommandError, match=r"15\.0% of the students would be marked as left"):
        run_import(folder)
    assert not Student.objects.filter(left_on__isnull=False).exists()

    run_import(folder, "--force")
    assert Student.objects.filter(left_on__isnull=False).count() == 3


def test_the_safety_valve_share_is_a_setting(export, settings):
    settings.ROSTER_IMPORT_MAX_LEFT_SHARE = 0.2
    run_import(export())

    run_import(export(skip={1, 2, 3}))

    assert Student.objects.filter(left_on__isnull=False).count() == 3


def test_a_delta_file_updates_what_it_lists_and_marks_no_one_left(export):
    run_import(export())
    folder = export(delta=True, changed={3})
    edit_csv(folder, "users.csv", lambda rows: [r for r in rows if r[0] in ("sourcedId", "stu-3")])
    for name in ("demographics.csv", "enrollments.csv", "classes.csv"):
        (folder / name).unlink()
    edit_csv(
        folder,
        "manifest.csv",
        lambda rows: [r for r in rows if "users" in r[0] or "file" not in r[0]],
    )
    edit_csv(folder, "orgs.csv", lambda rows: rows[:1])

    output = run_import(folder)

    assert "Roster file: delta" in output
    assert Student.objects.get(sourced_id="stu-3").last_name.endswith("-Nueva")
    assert not Student.objects.filter(left_on__isnull=False).exists()
    assert not Guardian.objects.filter(left_on__isnull=False).exists()
    assert School.objects.count() == 3


def test_rows_entered_by_hand_are_matched_by_their_natural_keys(export, school_a):
    folder = export()
    edit_csv(
        folder,
        "orgs.csv",
        lambda rows: [[*r[:5], "1001" if r[0] == "org-1" else r[5], *r[6:]] for r in rows],
    )

    run_import(folder)

    school_a.refresh_from_db()
    assert school_a.sourced_id == "org-1"
    assert School.objects.count() == 3


def test_oneroster_1_2_roles_come_from_roles_csv(tmp_path):
    folder = tmp_path / "v12"
    shutil.copytree(SAMPLE, folder)
    as_oneroster_1_2(folder)

    run_import(folder)

    assert Student.objects.count() == 20
    assert User.objects.get(sourced_id="prin-2").staff_roles.get().school.code == "2002"


def test_the_generator_script_writes_an_importable_export(tmp_path):
    script = Path(__file__).resolve().parents[2] / "scripts" / "make-oneroster.py"
    subprocess.run(
        [sys.executable, str(script), "30", str(tmp_path / "made"), "--changed"],
        check=True,
        capture_output=True,
    )

    output = run_import(tmp_path / "made")

    assert "students: 30 added" in output
    assert Student.objects.get(sourced_id="stu-0").last_name.endswith("-Nueva")


def test_phone_numbers_in_local_form_are_stored_in_international_form(export):
    folder = export()
    edit_csv(
        folder,
        "users.csv",
        lambda rows: [
            [*r[:13], "(773) 555-0123", *r[14:]] if r[0] == "gua-2a" else r for r in rows
        ],
    )

    run_import(folder)

    assert str(Guardian.objects.get(sourced_id="gua-2a").mobile_phone) == "+17735550123"
