"""Roster imports uploaded by ITS, with their plan and report kept for audit."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from roster.models.people import User
from roster.models.records import _private_storage


class RosterImportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    PLANNED = "planned", _("Checked (dry run)")
    DONE = "done", _("Imported")
    REFUSED = "refused", _("Refused")
    FAILED = "failed", _("Failed")


class RosterImport(models.Model):
    """One OneRoster file uploaded by ITS: who, when, what it would change and what it did.

    Kept for audit; the background worker fills in the plan, progress and report."""

    file = models.FileField(storage=_private_storage, upload_to="roster-imports/%Y/%m/")
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    dry_run = models.BooleanField(
        default=True, help_text=_("Only check the file and show what it would change.")
    )
    force = models.BooleanField(
        default=False,
        help_text=_("Apply even if more students than the safety limit would be marked as left."),
    )
    status = models.CharField(
        max_length=10, choices=RosterImportStatus.choices, default=RosterImportStatus.QUEUED
    )
    progress = models.CharField(max_length=200, blank=True)
    plan = models.TextField(blank=True, help_text=_("What the file would change."))
    report = models.TextField(blank=True, help_text=_("What the import did, or why it refused."))
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self):
        return f"Roster file of {self.uploaded_at:%Y-%m-%d %H:%M} ({self.get_status_display()})"

    @property
    def is_running(self) -> bool:
        """Waiting for the background worker or being worked on: its page keeps refreshing."""
        return self.status in (RosterImportStatus.QUEUED, RosterImportStatus.RUNNING)
