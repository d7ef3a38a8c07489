"""Reads of roster data that several apps need: which school year it is, and how a staff
member's position is written on a record."""

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from roster.models import Role, School, SchoolYear, StaffRole


def school_year_on(day: datetime.date | None = None) -> SchoolYear | None:
    """The school year whose first and last day include ``day`` (today by default), or None
    in the summer break between two years."""
    day = day or timezone.localdate()
    return SchoolYear.objects.filter(first_day__lte=day, last_day__gte=day).first()


def school_year_current(*, years: list[SchoolYear] | None = None) -> SchoolYear | None:
    """The year in session today; during the summer break, the next one to start.
    ``years``: every school year, when the caller already loaded them (no query then)."""
    today = timezone.localdate()
    years = list(SchoolYear.objects.all()) if years is None else years
    in_session = next((year for year in years if year.includes(today)), None)
    upcoming = [year for year in years if year.first_day > today]
    return in_session or min(upcoming, key=lambda year: year.first_day, default=None)


def school_years_open() -> QuerySet[SchoolYear]:
    """The year in session (or about to start) and the next one: the years staff may issue
    consent requests for, earliest first."""
    today = timezone.localdate()
    return SchoolYear.objects.filter(
        pk__in=SchoolYear.objects.filter(last_day__gte=today).order_by("first_day").values("pk")[:2]
    ).order_by("first_day")


def staff_position(user, school: School) -> str:
    """How a staff member who signs or files a document at ``school`` is described in the
    cumulative record: principal of this school, else their district role."""
    roles = list(StaffRole.objects.filter(user=user).values_list("role", "school_id"))
    for role, school_id in roles:
        if role == Role.PRINCIPAL and school_id == school.pk:
            return f"{Role.PRINCIPAL.label}, {school.name}"
    for role, school_id in roles:
        if school_id is None:
            return Role(role).label
    return Role.ADMINISTRATOR.label if user.is_superuser else "Staff"
