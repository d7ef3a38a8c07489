"""District-wide campaigns: one program issued to many schools at once, one school per
background chunk (consent.tasks.campaign_chunk), with the counts its progress page shows."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consent.models.programs import TextingProgram
from consent.models.requests import IssueBatch
from roster.models import School, SchoolYear


class CampaignStatus(models.TextChoices):
    RUNNING = "running", _("Creating requests")
    DONE = "done", _("Done")


class Campaign(models.Model):
    """One press of "Send" for many schools. Each school becomes an ordinary IssueBatch (the
    same rows an issue to that school writes), made by the worker one school at a time."""

    program = models.ForeignKey(TextingProgram, on_delete=models.PROTECT)
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    scope = models.CharField(max_length=300)
    english_with_note = models.BooleanField(default=False)
    # The confirmation page's one-time token: a second press of "Send" finds this campaign.
    preview_token = models.CharField(max_length=64, unique=True, null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.RUNNING
    )
    schools_total = models.PositiveIntegerField(default=0)
    schools_done = models.PositiveIntegerField(default=0)
    requests_created = models.PositiveIntegerField(default=0)
    emails_queued = models.PositiveIntegerField(default=0)
    letters = models.PositiveIntegerField(default=0)
    # Students skipped by reason, summed over the schools done (the batches name them).
    skipped = models.JSONField(default=dict, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self):
        return f"{self.program}, {self.school_year}: {self.scope}"

    @property
    def is_running(self) -> bool:
        return self.status == CampaignStatus.RUNNING


class CampaignSchool(models.Model):
    """One school of a campaign: ``done_at`` is set in the transaction that created its
    requests, so a chunk retried after a crash skips it."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="schools")
    school = models.ForeignKey(School, on_delete=models.PROTECT)
    batch = models.OneToOneField(
        IssueBatch, on_delete=models.PROTECT, null=True, blank=True, related_name="campaign_school"
    )
    done_at = models.DateTimeField(null=True, blank=True)
    # Why no batch was made when the school had none to ask or refused (the code).
    outcome = models.CharField(max_length=40, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "school"], name="campaignschool_once"),
        ]
        indexes = [models.Index(fields=["campaign", "done_at"])]

    def __str__(self):
        return f"{self.campaign} — {self.school}"
