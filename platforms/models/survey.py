"""The schools' platform survey: one per school year, each school's response (its answers are
``PlatformUse`` rows of that year), the staff a principal delegates, and reminders sent."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PlatformSurvey(models.Model):
    """ITS asks every active, non-charter school which messaging tools it uses this year."""

    school_year = models.OneToOneField(
        "roster.SchoolYear", on_delete=models.PROTECT, related_name="+"
    )
    due = models.DateField(_("answers due by"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-due", "-pk"]

    def __str__(self):
        return f"Platform survey {self.school_year}"


class SurveyResponse(models.Model):
    """One school's response to a survey: made when the survey opens, answered on submit."""

    survey = models.ForeignKey(PlatformSurvey, on_delete=models.PROTECT, related_name="responses")
    school = models.ForeignKey("roster.School", on_delete=models.PROTECT, related_name="+")
    no_tools = models.BooleanField(_("the school uses no messaging tools"), default=False)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["school__name"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "school"], name="survey_response_once"),
            models.CheckConstraint(
                condition=models.Q(submitted_at__isnull=True, submitted_by__isnull=True)
                | models.Q(submitted_at__isnull=False, submitted_by__isnull=False),
                name="survey_response_submitted_by_whom",
            ),
        ]

    def __str__(self):
        return f"{self.school} — {self.survey}"

    @property
    def is_answered(self) -> bool:
        return self.submitted_at is not None


class SurveyDelegate(models.Model):
    """A staff member of the school whom its principal named to answer the survey."""

    survey = models.ForeignKey(PlatformSurvey, on_delete=models.PROTECT, related_name="delegates")
    school = models.ForeignKey("roster.School", on_delete=models.PROTECT, related_name="+")
    delegate = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    named_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    named_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["named_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "school", "delegate"], name="survey_delegate_once"
            )
        ]

    def __str__(self):
        return f"{self.delegate} for {self.school}"


class SurveyReminder(models.Model):
    """A reminder to a school that has not answered: at most one a day, marked when sent."""

    survey = models.ForeignKey(PlatformSurvey, on_delete=models.PROTECT, related_name="reminders")
    school = models.ForeignKey("roster.School", on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    queued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-day", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "school", "day"], name="survey_reminder_once_a_day"
            )
        ]

    def __str__(self):
        return f"Reminder to {self.school} on {self.day}"
