"""Activities under a program that needs designated staff (a safety meet-up: "Robotics
regional meet, March 2027"), and the staff designated for each, with who and when."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consent.models.programs import TextingProgram
from roster.models import School


class Activity(models.Model):
    """An educational or extra-curricular activity of one school, under one program."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="activities")
    program = models.ForeignKey(TextingProgram, on_delete=models.PROTECT, related_name="activities")
    name = models.CharField(
        max_length=200, help_text=_('For example "Robotics regional meet, March 2027".')
    )
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["school", "program", "name"]
        verbose_name_plural = _("activities")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "program", "name"],
                name="activity_one_name_per_school_program",
                violation_error_message="This school already has an activity with this name.",
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(starts_on__lte=models.F("ends_on")),
                name="activity_dates_in_order",
                violation_error_message="The activity cannot end before it starts.",
            ),
        ]

    def __str__(self):
        return self.name


class Designation(models.Model):
    """A staff member designated to text students for one activity; removing one keeps the
    row (who removed it, when), so the history of who could text stays readable."""

    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="designations")
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="designations"
    )
    designated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    designated_at = models.DateTimeField(default=timezone.now)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["activity", "designated_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "staff"],
                condition=Q(removed_at__isnull=True),
                name="designation_one_current_per_staff",
                violation_error_message="This staff member is already designated.",
            ),
            models.CheckConstraint(
                condition=Q(removed_at__isnull=True, removed_by__isnull=True)
                | Q(removed_at__isnull=False, removed_by__isnull=False),
                name="designation_removed_with_who_and_when",
            ),
        ]

    def __str__(self):
        return f"{self.staff} for {self.activity}"

    @property
    def is_current(self) -> bool:
        return self.removed_at is None
