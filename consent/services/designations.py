"""Activities of programs that need designated staff, and designating staff for them: the
principal for their school, ITS and administrators for any school (roster.access)."""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consent.models import Activity, Designation, TextingProgram
from consent.selectors import programs_at
from consent.services.errors import ConsentError
from roster.access import Action, can
from roster.models import School, StaffRole, User


def activity_create(
    *, user, school: School, program: TextingProgram, name: str, starts_on=None, ends_on=None
) -> Activity:
    """Adds an activity of ``school`` under ``program`` (a program that needs designated
    staff and runs at the school). Side effects: one Activity row (who, when)."""
    if not can(user, Action.DESIGNATE_STAFF, school):
        raise PermissionDenied
    if not program.needs_designation:
        raise ConsentError(
            code="no_designation_needed",
            message=_("%(program)s does not need designated staff."),
            params={"program": program.name},
        )
    if not programs_at(schools=school).filter(pk=program.pk).exists():
        raise ConsentError(
            code="program_not_at_school",
            message=_("%(program)s does not run at %(school)s."),
            params={"program": program.name, "school": school.name},
        )
    if starts_on and ends_on and ends_on < starts_on:
        raise ConsentError(
            code="dates_reversed", message=_("The activity cannot end before it starts.")
        )
    name = " ".join(name.split())
    try:
        with transaction.atomic():
            return Activity.objects.create(
                school=school,
                program=program,
                name=name,
                starts_on=starts_on,
                ends_on=ends_on,
                created_by=user,
            )
    except IntegrityError:  # two people adding the same name at once: the database decides
        raise ConsentError(
            code="activity_exists",
            message=_("%(school)s already has an activity named “%(name)s”."),
            params={"school": school.name, "name": name},
        ) from None


def designation_add(*, user, activity_id: int, staff: User) -> Designation:
    """Designates ``staff`` (a teacher or principal of the activity's school) for the activity;
    designating someone already designated returns their designation (a second press is
    harmless). Side effects: one Designation row (who designated, when)."""
    with transaction.atomic():
        activity = Activity.objects.select_for_update().select_related("school").get(pk=activity_id)
        if not can(user, Action.DESIGNATE_STAFF, activity.school):
            raise PermissionDenied
        if not StaffRole.objects.filter(user=staff, school=activity.school).exists():
            raise ConsentError(
                code="not_school_staff",
                message=_("%(name)s is not on the staff of %(school)s."),
                params={
                    "name": staff.get_full_name() or staff.username,
                    "school": activity.school.name,
                },
            )
        current = Designation.objects.filter(
            activity=activity, staff=staff, removed_at__isnull=True
        ).first()
        if current is not None:
            return current
        return Designation.objects.create(activity=activity, staff=staff, designated_by=user)


def designation_remove(*, user, designation_id: int) -> Designation:
    """Ends a designation (kept, with who removed it and when); removing one already removed
    changes nothing. Side effects: the Designation's removed_by / removed_at."""
    with transaction.atomic():
        designation = (
            Designation.objects.select_for_update()
            .select_related("activity__school")
            .get(pk=designation_id)
        )
        if not can(user, Action.DESIGNATE_STAFF, designation.activity.school):
            raise PermissionDenied
        if designation.removed_at is None:
            designation.removed_by = user
            designation.removed_at = timezone.now()
            designation.save(update_fields=["removed_by", "removed_at"])
        return designation
