"""The survey's and consults' fixtures: the clock on TODAY, an open survey of the current
school year due in two weeks, a delegate teacher, a platform ITS approved."""

import datetime

import pytest

from platforms.models import Platform, PlatformStatus
from platforms.services.survey import survey_open
from roster.models import Role
from tests.factories import staff_user


@pytest.fixture(autouse=True)
def _today(frozen_today):
    return frozen_today


@pytest.fixture
def survey(its_reviewer, school_year, school_a, school_b, charter_school):
    return survey_open(user=its_reviewer, school_year=school_year, due=datetime.date(2026, 10, 28))


@pytest.fixture
def delegate_a(school_a):
    return staff_user(Role.TEACHER, school_a, first_name="Dana", last_name="Delegate")


@pytest.fixture
def approved(db):
    # Written directly: approval belongs to the audits' workflow (another part of the app).
    return Platform.objects.create(
        vendor="Bright Bell Ltd",
        product="ClassBell",
        status=PlatformStatus.APPROVED,
        approved_until=datetime.date(2027, 6, 30),
    )


def answer(client, survey, school, **fields):
    data = {"used_for": "Class news", "students": "120", "used_by": "Teachers", **fields}
    return client.post(f"/platforms/survey/{survey.pk}/{school.code}/", data)
