"""Persona fixtures, one per role: the principals of school A and B, a teacher at A, ITS,
the CIO, the CEO's office, a content editor and an administrator."""

import datetime

import pytest
import time_machine

from roster.models import Relationship, Role, SchoolKind
from tests.factories import (
    PASSWORD,
    GuardianFactory,
    SchoolFactory,
    SchoolYearFactory,
    StudentFactory,
    StudentGuardianFactory,
    staff_user,
)

# The OpenID Connect provider (started once per test process) and the settings pointing at it,
# for tests/oidc/ and the browser journey.
from tests.oidc.provider import district_sign_in, oidc_provider  # noqa: F401

# Consent, exception and their browser tests run on one fixed day: Wednesday, October 14,
# 2026, inside the 2026-27 school year (August 24, 2026 to June 11, 2027).
TODAY = datetime.datetime(2026, 10, 14, 15, 0, tzinfo=datetime.UTC)


@pytest.fixture
def frozen_today():
    """The clock at TODAY (and ticking); ``shift`` moves it."""
    with time_machine.travel(TODAY, tick=True) as traveller:
        yield traveller


@pytest.fixture
def school_year(db):
    return SchoolYearFactory(start=2026)


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def school_a(db):
    return SchoolFactory(code="1001", name="Northside Community Academy")


@pytest.fixture
def school_b(db):
    return SchoolFactory(code="1002", name="Lakefront Magnet High School", kind=SchoolKind.MAGNET)


@pytest.fixture
def charter_school(db):
    return SchoolFactory(code="1009", name="Horizon Charter Academy", kind=SchoolKind.CHARTER)


@pytest.fixture
def student_a(school_a):
    return StudentFactory(school=school_a, grade=10)


@pytest.fixture
def student_b(school_b):
    return StudentFactory(school=school_b, grade=10)


@pytest.fixture
def principal_a(school_a):
    return staff_user(Role.PRINCIPAL, school_a, username="principal")


@pytest.fixture
def principal_b(school_b):
    return staff_user(Role.PRINCIPAL, school_b, username="principal2")


@pytest.fixture
def teacher_a(school_a):
    return staff_user(Role.TEACHER, school_a, username="teacher")


@pytest.fixture
def its_reviewer(db):
    return staff_user(Role.ITS_REVIEWER, username="its")


@pytest.fixture
def cio(db):
    return staff_user(Role.CIO, username="cio")


@pytest.fixture
def ceo_office(db):
    return staff_user(Role.CEO_OFFICE, username="ceo")


@pytest.fixture
def content_editor(db):
    return staff_user(Role.CONTENT_EDITOR, username="editor")


@pytest.fixture
def administrator(db):
    return staff_user(Role.ADMINISTRATOR, username="admin")


PERSONAS = [
    "principal_a",
    "principal_b",
    "teacher_a",
    "its_reviewer",
    "cio",
    "ceo_office",
    "content_editor",
    "administrator",
]


@pytest.fixture(params=PERSONAS)
def persona(request, db):
    """Each role in turn: (fixture name, user)."""
    return request.param, request.getfixturevalue(request.param)


@pytest.fixture
def family(school_a):
    """A grade-10 student at school A with two guardians who hold educational rights."""
    student = StudentFactory(
        school=school_a,
        grade=10,
        first_name="Maya",
        last_name="Lopez",
        date_of_birth=datetime.date(2010, 5, 17),
    )
    mother = StudentGuardianFactory(
        student=student,
        relationship=Relationship.MOTHER,
        guardian=GuardianFactory(first_name="Rosa", last_name="Lopez", email="rosa@example.com"),
    ).guardian
    father = StudentGuardianFactory(
        student=student,
        relationship=Relationship.FATHER,
        guardian=GuardianFactory(first_name="Juan", last_name="Lopez", email="juan@example.com"),
    ).guardian
    return student, mother, father


@pytest.fixture
def queued_tasks(settings):
    """Background work queued as rows of the database queue (as in production) instead of run
    at once; returns the queue's rows. Request it before fixtures that queue work."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return DBTaskResult.objects.order_by("enqueued_at")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the (per-process, in-memory) cache: every test starts at
    zero."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
