"""Texting programs and the consent families give for them: requests, links, signed records,
revocations, principal countersignatures, and the events that form each record's audit trail."""

from django.db import models
from django.db.models import Q

from roster.models import Grade


class ProgramKind(models.TextChoices):
    BULK_ALERTS = "bulk_alerts", "Bulk text notifications and alerts"
    SAFETY_MEETUP = "safety_meetup", "Safety meet-up communications"
    REENGAGEMENT = "reengagement", "Re-engagement program"
    CEO_APPROVED = "ceo_approved", "CEO-approved program"


class TextingProgram(models.Model):
    """A program under which staff may text students whose parent or guardian consented."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=ProgramKind.choices)
    summary = models.TextField(help_text="One or two plain sentences: what the texts are for.")
    staff_rules = models.TextField(
        help_text="How staff must text under this program, in plain language."
    )
    lowest_grade = models.SmallIntegerField(choices=Grade.choices)
    highest_grade = models.SmallIntegerField(choices=Grade.choices)
    requires_principal_countersign = models.BooleanField(
        default=False,
        help_text="A granted consent counts only once the student's principal countersigns.",
    )
    allows_duplicate_alerts = models.BooleanField(
        default=False,
        help_text="The parent may choose to receive the same alerts on their own phone.",
    )
    group_texts_include_parent = models.BooleanField(default=True)
    copy_staff_district_email = models.BooleanField(
        default=True, help_text="Every text includes the staff member's district email address."
    )
    active = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(lowest_grade__lte=models.F("highest_grade")),
                name="program_grade_band_in_order",
                violation_error_message="The lowest grade must not be above the highest grade.",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def grade_band(self) -> str:
        low, high = Grade(self.lowest_grade).label, Grade(self.highest_grade).label
        return f"{low.removeprefix('Grade ')}–{high.removeprefix('Grade ')}"

    def admits_grade(self, grade: int) -> bool:
        return self.lowest_grade <= grade <= self.highest_grade
