"""The roster's rules, enforced twice: by full_clean() with a message people can act on (what
the admin and forms show), and by PostgreSQL constraints (what nothing can get around)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from roster.models import Guardian, Role, School, SchoolKind, SchoolYear, StaffRole, User
from roster.selectors import school_year_current, school_year_on
from tests.factories import (
    GuardianFactory,
    SchoolFactory,
    SchoolYearFactory,
    StudentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

CHICAGO = ZoneInfo("America/Chicago")
DISTRICT_ROLES = [
    Role.ITS_REVIEWER,
    Role.CIO,
    Role.CEO_OFFICE,
    Role.CONTENT_EDITOR,
    Role.ADMINISTRATOR,
]


def constraint_refusing(save) -> str:
    """The name of the database constraint that refuses ``save()``."""
    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        save()
    return refused.value.__cause__.diag.constraint_name


def validation_errors(instance) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as refused:
        instance.full_clean()
    return refused.value.message_dict


def d(year: int, month: int, day: int) -> datetime.date:
    return datetime.date(year, month, day)


# --- SchoolYear ---------------------------------------------------------------------------


@pytest.fixture
def year_2026():
    """Aug 24, 2026 – Jun 11, 2027."""
    return SchoolYearFactory(start=2026)


@pytest.mark.parametrize(
    ("first_day", "last_day"),
    [
        (d(2027, 6, 11), d(2028, 6, 9)),  # starts on the other year's last day
        (d(2026, 6, 1), d(2026, 8, 24)),  # ends on the other year's first day
        (d(2026, 9, 1), d(2027, 5, 1)),  # inside it
    ],
    ids=["starts-on-last-day", "ends-on-first-day", "inside"],
)
def test_schoolyear_overlap_refused_by_full_clean(year_2026, first_day, last_day):
    # Arrange
    year = SchoolYear(label="2027-28", first_day=first_day, last_day=last_day)

    # Act
    errors = validation_errors(year)

    # Assert
    assert errors == {
        "__all__": ["These dates overlap school year 2026-27 (Aug 24, 2026 – Jun 11, 2027)."]
    }


def test_schoolyear_overlap_refused_by_database(year_2026):
    # Arrange
    year = SchoolYear(label="2027-28", first_day=d(2027, 6, 11), last_day=d(2028, 6, 9))

    # Act
    constraint = constraint_refusing(year.save)

    # Assert
    assert constraint == "schoolyear_no_overlap"


def test_schoolyear_starting_day_after_other_ends_accepted(year_2026):
    # Arrange
    year = SchoolYear(label="2027-28", first_day=d(2027, 6, 12), last_day=d(2028, 6, 9))

    # Act
    year.full_clean()
    year.save()

    # Assert
    assert list(SchoolYear.objects.values_list("label", flat=True)) == ["2027-28", "2026-27"]


def test_schoolyear_editing_own_dates_not_an_overlap(year_2026):
    # Arrange
    year_2026.last_day = d(2027, 6, 18)

    # Act
    year_2026.full_clean()
    year_2026.save()

    # Assert
    assert SchoolYear.objects.get().last_day == d(2027, 6, 18)


@pytest.mark.parametrize(
    "last_day", [d(2026, 8, 1), d(2026, 8, 24)], ids=["before-first-day", "same-day"]
)
def test_schoolyear_last_day_not_after_first_day_refused(last_day):
    # Arrange
    year = SchoolYear(label="2026-27", first_day=d(2026, 8, 24), last_day=last_day)

    # Act
    errors, constraint = validation_errors(year), constraint_refusing(year.save)

    # Assert
    assert (errors, constraint) == (
        {"last_day": ["The last day must come after the first day."]},
        "schoolyear_first_day_before_last_day",
    )


def test_schoolyear_label_format_enforced_by_database():
    # Arrange
    year = SchoolYear(label="2026/27", first_day=d(2026, 8, 24), last_day=d(2027, 6, 11))

    # Act
    constraint = constraint_refusing(year.save)

    # Assert
    assert constraint == "schoolyear_label_format"


@pytest.fixture
def years():
    """2026-27 (Aug 24, 2026 – Jun 11, 2027), 2027-28 (Aug 23, 2027 – Jun 9, 2028) and
    2028-29 (Aug 24, 2028 – Jun 11, 2029)."""
    SchoolYearFactory(start=2026)
    SchoolYearFactory(start=2027, first_day=d(2027, 8, 23), last_day=d(2028, 6, 9))
    SchoolYearFactory(start=2028)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (d(2026, 8, 23), None),  # the day before the first day
        (d(2026, 8, 24), "2026-27"),  # first day
        (d(2027, 6, 11), "2026-27"),  # last day
        (d(2027, 6, 12), None),  # summer break
        (d(2027, 7, 15), None),  # summer break
        (d(2027, 8, 23), "2027-28"),  # next year's first day
    ],
)
def test_schoolyear_containing_day(years, day, expected):
    # Act
    year = school_year_on(day)

    # Assert
    assert (year.label if year else None) == expected


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (datetime.datetime(2027, 3, 1, 12, tzinfo=CHICAGO), "2026-27"),  # in session
        (datetime.datetime(2027, 7, 15, 12, tzinfo=CHICAGO), "2027-28"),  # summer: the next
        (datetime.datetime(2029, 7, 15, 12, tzinfo=CHICAGO), None),  # nothing planned yet
    ],
    ids=["in-session", "summer", "none-ahead"],
)
def test_schoolyear_current(years, time_machine, now, expected):
    # Arrange
    time_machine.move_to(now, tick=False)

    # Act
    year = school_year_current()

    # Assert
    assert (year.label if year else None) == expected


def test_schoolyear_containing_defaults_to_district_local_today(years, time_machine):
    # Arrange: 8 pm in Chicago on Aug 22 is already Aug 23, 2027-28's first day, in UTC.
    time_machine.move_to(datetime.datetime(2027, 8, 22, 20, tzinfo=CHICAGO), tick=False)

    # Act
    year = school_year_on()

    # Assert
    assert year is None


# --- Guardian -----------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["+17735550123", "(773) 555-0123", "773 555 0123"])
def test_guardian_mobile_phone_accepted_and_stored_as_e164(typed):
    # Arrange
    guardian = GuardianFactory.build(mobile_phone=typed)

    # Act
    guardian.full_clean()
    guardian.save()

    # Assert
    assert str(Guardian.objects.get(pk=guardian.pk).mobile_phone) == "+17735550123"


@pytest.mark.parametrize("typed", ["12345", "not a phone"])
def test_guardian_mobile_phone_invalid_refused(typed):
    # Arrange
    guardian = GuardianFactory.build(mobile_phone=typed)

    # Act
    errors = validation_errors(guardian)

    # Assert
    assert errors == {"mobile_phone": ["The phone number entered is not valid."]}


def test_guardian_mobile_phone_optional():
    # Arrange
    guardian = GuardianFactory.build(mobile_phone="")

    # Act
    guardian.full_clean()
    guardian.save()

    # Assert
    assert str(Guardian.objects.get(pk=guardian.pk).mobile_phone) == ""


# --- StaffRole ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.TEACHER, Role.PRINCIPAL])
def test_staffrole_school_role_without_school_refused(role):
    # Arrange
    staff_role = StaffRole(user=UserFactory(), role=role, school=None)

    # Act
    errors, constraint = validation_errors(staff_role), constraint_refusing(staff_role.save)

    # Assert
    assert (errors, constraint) == (
        {"school": ["Teachers and principals belong to a school."]},
        "staffrole_school_iff_school_scoped",
    )


@pytest.mark.parametrize("role", DISTRICT_ROLES)
def test_staffrole_district_role_with_school_refused(role):
    # Arrange
    staff_role = StaffRole(user=UserFactory(), role=role, school=SchoolFactory())

    # Act
    errors, constraint = validation_errors(staff_role), constraint_refusing(staff_role.save)

    # Assert
    assert (errors, constraint) == (
        {"school": ["District roles are not tied to one school."]},
        "staffrole_school_iff_school_scoped",
    )


@pytest.mark.parametrize(
    ("role", "at_school"),
    [(Role.TEACHER, True), (Role.PRINCIPAL, True), *((role, False) for role in DISTRICT_ROLES)],
)
def test_staffrole_valid_scope_accepted(role, at_school):
    # Arrange
    staff_role = StaffRole(
        user=UserFactory(), role=role, school=SchoolFactory() if at_school else None
    )

    # Act
    staff_role.full_clean()
    staff_role.save()

    # Assert
    assert StaffRole.objects.filter(pk=staff_role.pk).count() == 1


@pytest.mark.parametrize(
    ("role", "at_school", "constraint"),
    [
        (Role.PRINCIPAL, True, "staffrole_unique_school_role"),
        (Role.CIO, False, "staffrole_unique_district_role"),
    ],
)
def test_staffrole_duplicate_refused(role, at_school, constraint):
    # Arrange
    user, school = UserFactory(), SchoolFactory() if at_school else None
    StaffRole.objects.create(user=user, role=role, school=school)
    duplicate = StaffRole(user=user, role=role, school=school)

    # Act
    errors, refused_by = validation_errors(duplicate), constraint_refusing(duplicate.save)

    # Assert
    assert (list(errors), refused_by) == (["__all__"], constraint)


def test_staffrole_same_role_at_two_schools_accepted(school_a, school_b):
    # Arrange: a principal who runs two campuses.
    user = UserFactory()
    StaffRole.objects.create(user=user, role=Role.PRINCIPAL, school=school_a)
    second = StaffRole(user=user, role=Role.PRINCIPAL, school=school_b)

    # Act
    second.full_clean()
    second.save()

    # Assert
    assert user.staff_roles.count() == 2


# --- School, Student, User ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "exempt"),
    [(SchoolKind.DISTRICT_RUN, False), (SchoolKind.MAGNET, False), (SchoolKind.CHARTER, True)],
)
def test_school_exempt_from_policy_only_when_charter(kind, exempt):
    # Arrange
    school = School(code="2001", name="Any School", kind=kind)

    # Act
    answer = school.is_exempt_from_policy

    # Assert
    assert answer is exempt


@pytest.mark.parametrize("grade", [-2, 13])
def test_student_grade_out_of_range_refused(school_a, grade):
    # Arrange
    student = StudentFactory.build(school=school_a, grade=grade)

    # Act
    errors, constraint = validation_errors(student), constraint_refusing(student.save)

    # Assert
    assert (errors, constraint) == (
        {"grade": [f"Value {grade} is not a valid choice."]},
        "student_grade_in_range",
    )


@pytest.mark.parametrize("grade", [-1, 0, 12])
def test_student_grade_at_range_ends_accepted(school_a, grade):
    # Arrange
    student = StudentFactory.build(school=school_a, grade=grade)

    # Act
    student.full_clean()
    student.save()

    # Assert
    assert student.school.students.get().grade == grade


def test_user_email_unique_ignoring_case():
    # Arrange
    UserFactory(username="first", email="Pat.Lee@district.example.org")
    second = UserFactory.build(username="second", email="pat.lee@district.example.org")

    # Act
    constraint = constraint_refusing(second.save)

    # Assert
    assert constraint == "user_email_unique_when_set"


def test_user_blank_email_allowed_for_many():
    # Arrange
    UserFactory(username="first", email="")

    # Act
    UserFactory(username="second", email="")

    # Assert
    without_email = User.objects.filter(email="").order_by("username")
    assert [user.username for user in without_email] == ["first", "second"]
