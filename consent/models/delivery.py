"""Texting-system API keys, batch letter files and the receipts emailed to guardians."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aup_portal.evidence import evidence_triggers
from consent.models.requests import IssueBatch
from roster.models import (
    CumulativeDocument,
    Guardian,
    _private_storage,
)


class TextingSystemKey(models.Model):
    """An API key of one district texting system (created in the admin, revocable).

    Only the key's SHA-256 is stored; the key itself is shown once, when it is created."""

    name = models.CharField(max_length=100, unique=True)
    prefix = models.CharField(
        max_length=12, help_text=_("The key's first characters, to tell keys apart.")
    )
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("texting-system API key")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"


class LetterFile(models.Model):
    """All of an issue batch's letters in one PDF, made by the background worker (a whole
    school's letters take minutes to lay out: too long for a web request)."""

    batch = models.ForeignKey(IssueBatch, on_delete=models.CASCADE, related_name="letter_files")
    everyone = models.BooleanField(
        help_text="Letters for every guardian, not only those without email."
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    requested_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    letters = models.PositiveIntegerField(default=0)
    file = models.FileField(
        storage=_private_storage,
        upload_to="letters/%Y/%m/",
        blank=True,
    )

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "everyone"],
                condition=Q(finished_at__isnull=True),
                name="letterfile_one_pending_per_batch",
            ),
        ]

    def __str__(self):
        return f"Letters for {self.batch} ({self.requested_at:%Y-%m-%d %H:%M})"


class ConsentReceipt(models.Model):
    """A receipt emailed to a guardian for a document filed after they acted (their signed
    form, their withdrawal): at most one per document and guardian, so a rerun of the task
    that sends it sends nothing twice."""

    document = models.ForeignKey(CumulativeDocument, on_delete=models.PROTECT, related_name="+")
    guardian = models.ForeignKey(Guardian, on_delete=models.PROTECT, related_name="+")
    email = models.EmailField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["document", "guardian"], name="consentreceipt_once_per_document"
            ),
        ]
        triggers = evidence_triggers()

    def __str__(self):
        return f"Receipt to {self.email} for {self.document}"
