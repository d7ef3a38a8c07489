"""roster.selectors: the school years open for issuing, the current year from loaded years,
and how a staff member's position is written on a record."""

import datetime

import pytest
import time_machine

from consent.i18n import guardian_language
from roster.models import Language, Role
from roster.selectors import school_year_current, school_years_open, staff_position
from tests.factories import GuardianFactory, SchoolYearFactory, StaffRoleFactory, staff_user

OCTOBER = datetime.datetime(2026, 10, 14, 15, 0, tzinfo=datetime.UTC)
SUMMER = datetime.datetime(2027, 7, 15, 15, 0, tzinfo=datetime.UTC)


@pytest.fixture
def years(db):
    return [SchoolYearFactory(start=start) for start in (2025, 2026, 2027, 2028)]


@pytest.mark.parametrize(
    ("now", "expected"), [(OCTOBER, ["2026-27", "2027-28"]), (SUMMER, ["2027-28", "2028-29"])]
)
def test_school_years_open_are_this_or_the_coming_year_and_the_next(years, now, expected):
    with time_machine.travel(now, tick=False):
        labels = [year.label for year in school_years_open()]

    assert labels == expected


@pytest.mark.parametrize(("now", "expected"), [(OCTOBER, "2026-27"), (SUMMER, "2027-28")])
def test_school_year_current_from_loaded_years_asks_nothing(
    years, now, expected, django_assert_num_queries
):
    with time_machine.travel(now, tick=False), django_assert_num_queries(0):
        year = school_year_current(years=years)

    assert year.label == expected


def test_staff_position_principal_of_this_school(school_a, principal_a):
    assert staff_position(principal_a, school_a) == f"{Role.PRINCIPAL.label}, {school_a.name}"


def test_staff_position_district_role_elsewhere(school_a, school_b, principal_b):
    StaffRoleFactory(user=principal_b, role=Role.ADMINISTRATOR, school=None)

    assert staff_position(principal_b, school_a) == Role.ADMINISTRATOR.label


def test_staff_position_superuser_without_a_role_and_plain_staff(school_a, teacher_a):
    superuser = staff_user(Role.TEACHER, school_a, username="root", is_superuser=True)

    assert (staff_position(superuser, school_a), staff_position(teacher_a, school_a)) == (
        Role.ADMINISTRATOR.label,
        "Staff",
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [(Language.SPANISH, "es"), (Language.ENGLISH, "en"), (Language.POLISH, "en")],
)
def test_guardian_language_is_spanish_for_spanish_else_english(db, language, expected):
    assert guardian_language(GuardianFactory(preferred_language=language)) == expected
