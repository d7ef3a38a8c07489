"""Texting programs and the versioned form texts parents read and sign."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from roster.models import (
    Grade,
    School,
)


class ProgramKind(models.TextChoices):
    BULK_ALERTS = "bulk_alerts", _("Bulk text notifications and alerts")
    SAFETY_MEETUP = "safety_meetup", _("Safety meet-up communications")
    REENGAGEMENT = "reengagement", _("Re-engagement program")
    CEO_APPROVED = "ceo_approved", _("CEO-approved program")


class TextingProgram(models.Model):
    """A program under which staff may text students whose parent or guardian consented."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=ProgramKind.choices)
    summary = models.TextField(help_text=_("One or two plain sentences: what the texts are for."))
    staff_rules = models.TextField(
        help_text=_("How staff must text under this program, in plain language.")
    )
    lowest_grade = models.SmallIntegerField(choices=Grade.choices)
    highest_grade = models.SmallIntegerField(choices=Grade.choices)
    requires_principal_countersign = models.BooleanField(
        default=False,
        help_text=_("A granted consent counts only once the student's principal countersigns."),
    )
    allows_duplicate_alerts = models.BooleanField(
        default=False,
        help_text=_("The parent may choose to receive the same alerts on their own phone."),
    )
    needs_designation = models.BooleanField(
        default=False,
        help_text=_(
            "Only staff designated for an activity of this program may text under it "
            "(safety meet-ups)."
        ),
    )
    group_texts_include_parent = models.BooleanField(default=True)
    copy_staff_district_email = models.BooleanField(
        default=True, help_text=_("Every text includes the staff member's district email address.")
    )
    active = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=100)
    # CEO-approved programs are limited to the requester's school and end on a date; the
    # exceptions app links its request to the program it created.
    school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="own_programs",
        help_text=_("Only for programs limited to one school."),
    )
    ends_on = models.DateField(
        null=True, blank=True, help_text=_("The last day texting is allowed under this program.")
    )

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

    @property
    def is_ceo_approved(self) -> bool:
        return self.kind == ProgramKind.CEO_APPROVED

    def admits_grade(self, grade: int) -> bool:
        return self.lowest_grade <= grade <= self.highest_grade

    def runs_on(self, day) -> bool:
        return self.active and (self.ends_on is None or day <= self.ends_on)


class FormLanguage(models.TextChoices):
    ENGLISH = "en", _("English")
    SPANISH = "es", _("Español")


class ConsentFormText(models.Model):
    """The words a parent reads and signs for one program, in one language.

    Never edited: a change is a new version, so a signed record always points at exactly
    the text its signer saw."""

    program = models.ForeignKey(TextingProgram, on_delete=models.PROTECT, related_name="form_texts")
    language = models.CharField(
        max_length=5, choices=FormLanguage.choices, default=FormLanguage.ENGLISH
    )
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    body = models.TextField(
        help_text=_(
            "What the parent or guardian agrees to, in plain language. Paragraphs are "
            "separated by a blank line."
        )
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )

    class Meta:
        ordering = ["program", "language", "-version"]
        verbose_name = _("consent form text")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "language", "version"],
                name="formtext_one_number_per_version",
                violation_error_message="This version number already exists.",
            ),
        ]

    def __str__(self):
        return f"{self.program} — {self.get_language_display()} v{self.version}"

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.split("\n\n") if p.strip()]
