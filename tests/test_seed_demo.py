import sqlite3

import pytest
from django.core.management import CommandError, call_command

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
from roster.selectors import school_year_current
from tests.factories import SchoolFactory
from tests.helpers import run_django, sqlite_demo_env
from tests.roster_import.conftest import SAMPLE


def snapshot():
    """Everything seed_demo writes, as comparable values."""
    return [
        list(School.objects.order_by("code").values_list()),
        list(SchoolYear.objects.order_by("label").values_list()),
        list(Student.objects.order_by("student_id").values_list()),
        list(Guardian.objects.order_by("pk").values_list()),
        list(StudentGuardian.objects.order_by("pk").values_list()),
        list(User.objects.order_by("username").values_list("username", "password")),
        list(StaffRole.objects.order_by("pk").values_list()),
    ]


@pytest.fixture
def debug_on(settings):
    settings.DEBUG = True


@pytest.mark.django_db
def test_seed_demo_fills_the_demo_district(debug_on, capsys):
    call_command("seed_demo", "--password", "demo-pass-123")

    assert School.objects.count() == 4
    assert School.objects.filter(kind=SchoolKind.CHARTER).count() == 1
    assert School.objects.filter(kind=SchoolKind.MAGNET).count() == 1
    assert SchoolYear.objects.count() == 2
    assert school_year_current() is not None
    assert Student.objects.count() == 60
    grades = set(Student.objects.values_list("grade", flat=True))
    assert grades == set(range(6, 13))
    two_guardians = [s for s in Student.objects.all() if s.guardian_links.count() >= 2]
    assert len(two_guardians) >= 5
    assert Guardian.objects.filter(email="").exists()
    assert Guardian.objects.exclude(email="").exists()
    out = capsys.readouterr().out
    assert "demo-pass-123" in out


@pytest.mark.django_db
def test_seed_demo_accounts_sign_in_with_their_roles(debug_on, client):
    call_command("seed_demo", "--password", "demo-pass-123")

    expected = {
        "principal": (Role.PRINCIPAL, "Northside Community Academy"),
        "principal2": (Role.PRINCIPAL, "Lakefront Magnet High School"),
        "teacher": (Role.TEACHER, "Northside Community Academy"),
        "coach": (Role.TEACHER, "Northside Community Academy"),
        "its": (Role.ITS_REVIEWER, None),
        "cio": (Role.CIO, None),
        "ceo": (Role.CEO_OFFICE, None),
        "outreach": (Role.DISTRICT_STAFF, None),
        "outreachhead": (Role.DEPARTMENT_HEAD, None),
        "editor": (Role.CONTENT_EDITOR, None),
        "admin": (Role.ADMINISTRATOR, None),
    }
    roles = {
        r.user.username: (r.role, r.school.name if r.school else None)
        for r in StaffRole.objects.select_related("user", "school")
    }
    assert roles == expected
    for username in expected:
        response = client.post(
            "/accounts/login/", {"username": username, "password": "demo-pass-123"}
        )
        assert response.status_code == 302, username
        client.post("/accounts/logout/")


@pytest.mark.django_db
def test_seed_demo_twice_changes_nothing(debug_on, capsys):
    call_command("seed_demo")
    before = snapshot()

    call_command("seed_demo")

    assert snapshot() == before
    assert "already here" in capsys.readouterr().out


@pytest.mark.django_db
def test_seed_demo_password_option_resets_demo_passwords(debug_on):
    call_command("seed_demo")

    call_command("seed_demo", "--password", "another-pass-456")

    assert User.objects.get(username="cio").check_password("another-pass-456")


@pytest.mark.django_db
def test_seed_demo_refuses_when_debug_is_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("seed_demo")

    assert School.objects.count() == 0
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_seed_demo_force_runs_when_debug_is_off(settings):
    settings.DEBUG = False

    call_command("seed_demo", "--force", "--password", "demo-pass-123")

    assert Student.objects.count() == 60


@pytest.mark.django_db
def test_seed_demo_refuses_a_database_with_other_schools(debug_on):
    SchoolFactory(code="999999", name="A real school")

    with pytest.raises(CommandError, match="only fills an empty database"):
        call_command("seed_demo")

    assert list(School.objects.values_list("code", flat=True)) == ["999999"]
    assert User.objects.count() == 0


def test_seed_demo_on_a_new_sqlite_database(tmp_path):
    db_file = tmp_path / "demo.sqlite3"

    def manage(*args):
        return run_django(["manage.py", *args], **sqlite_demo_env(db_file))

    migrate = manage("migrate", "--no-input", "-v", "0")
    seed = manage("seed_demo", "--password", "demo-pass-123")

    assert migrate.returncode == 0, migrate.stderr
    assert seed.returncode == 0, seed.stderr
    assert "Created 4 schools, 60 students" in seed.stdout
    with sqlite3.connect(db_file) as db:
        (students,) = db.execute("SELECT count(*) FROM roster_student").fetchone()
        (accounts,) = db.execute("SELECT count(*) FROM roster_user").fetchone()
    assert (students, accounts) == (60, 11)


@pytest.mark.django_db
def test_seed_demo_if_empty_leaves_a_populated_database_alone(debug_on, capsys):
    SchoolFactory(code="999999", name="A real school")

    call_command("seed_demo", "--if-empty")

    assert list(School.objects.values_list("code", flat=True)) == ["999999"]
    assert User.objects.count() == 0
    assert "left it alone" in capsys.readouterr().out


@pytest.mark.django_db
def test_seed_demo_loads_the_sample_roster_on_postgresql(debug_on, client, capsys):
    call_command("seed_demo", "--roster", str(SAMPLE), "--password", "demo-pass-123")

    principal = User.objects.get(username="principal1")
    assert principal.sourced_id == "prin-1"
    assert list(principal.staff_roles.values_list("role", "school__name")) == [
        (Role.PRINCIPAL, "Northside Community Academy")
    ]
    assert Student.objects.filter(school__code__in=["2001", "2002"]).count() == 20
    assert Guardian.objects.filter(preferred_language="es").count() == 6
    assert StudentGuardian.objects.count() == Guardian.objects.count() == 33
    assert StaffRole.objects.filter(user__username="its", role=Role.ITS_REVIEWER).exists()
    assert not School.objects.filter(sourced_id__isnull=True).exists()
    out = capsys.readouterr().out
    assert "principal1" in out
    assert "Principal / school administrator at Northside Community Academy" in out
    response = client.post(
        "/accounts/login/", {"username": "principal1", "password": "demo-pass-123"}
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_seed_demo_roster_twice_changes_nothing(debug_on, capsys):
    call_command("seed_demo", "--roster", str(SAMPLE))
    before = snapshot()

    call_command("seed_demo", "--roster", str(SAMPLE))

    assert snapshot() == before
    assert "students: 0 added or updated." in capsys.readouterr().out


@pytest.mark.django_db
def test_seed_demo_roster_refuses_a_database_of_other_schools(debug_on):
    SchoolFactory(code="999999", name="A real school")

    with pytest.raises(CommandError, match="not from a roster file"):
        call_command("seed_demo", "--roster", str(SAMPLE))

    assert not Student.objects.exists()


def test_seed_demo_roster_on_sqlite_says_it_needs_postgresql(tmp_path):
    seed = run_django(
        ["manage.py", "seed_demo", "--roster", str(SAMPLE)],
        **sqlite_demo_env(tmp_path / "demo.sqlite3"),
    )

    assert seed.returncode == 1
    assert "seed_demo --roster needs PostgreSQL" in seed.stderr
