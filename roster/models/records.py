"""The documents of the cumulative record, and the student-record access log."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aup_portal.evidence import evidence_triggers
from roster.models.people import Guardian, SchoolYear, Student, User


def _private_storage():
    from django.core.files.storage import storages

    return storages["private"]


class DocumentKind(models.TextChoices):
    CONSENT_FORM = "consent_form", _("Texting consent form (signed electronically)")
    COUNTERSIGNATURE = "countersignature", _("Principal's countersignature")
    PAPER_CONSENT_FORM = "paper_consent_form", _("Texting consent form (paper, scanned)")
    WITHDRAWAL = "withdrawal", _("Withdrawal of texting consent")
    PHONE_CHANGE = "phone_change", _("Phone numbers changed after consent")


class CumulativeDocument(models.Model):
    """A document filed in a student's cumulative record (the temporary student record).

    The file lives in private storage and is only ever streamed by a view that checks access
    and writes a RecordAccess row."""

    student = models.ForeignKey(
        Student, on_delete=models.PROTECT, related_name="cumulative_documents"
    )
    kind = models.CharField(max_length=24, choices=DocumentKind.choices)
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, null=True, blank=True)
    title = models.CharField(max_length=250)
    file = models.FileField(storage=_private_storage, upload_to="cumulative/%Y/%m/")
    content_type = models.CharField(max_length=100, default="application/pdf")
    sha256 = models.CharField("SHA-256 of the file", max_length=64)
    size = models.PositiveIntegerField("size in bytes")
    added_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    added_by_name = models.CharField(max_length=200)
    added_by_position = models.CharField(max_length=200)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-added_at"]
        indexes = [models.Index(fields=["student", "-added_at"])]
        # Evidence: the file is destroyed only past retention, by the one service that runs
        # inside pgtrigger.ignore(evidence_uri(CumulativeDocument, UPDATE)); see
        # aup_portal/evidence.py.
        triggers = evidence_triggers()

    def __str__(self):
        return f"{self.title} ({self.student})"

    @property
    def is_destroyed(self) -> bool:
        """The file was removed under its retention rule (its tombstone: ``destruction``)."""
        return not self.file


class AccessPurpose(models.TextChoices):
    GUARDIAN_COPY = "guardian_copy", _("Guardian's own copy")
    COUNTERSIGN_REVIEW = "countersign_review", _("Principal's countersign review")
    RECORDS_REVIEW = "records_review", _("School records review")
    TEXTING_CHECK = "texting_check", _("Check before texting the student")
    TEXTING_EXPORT = "texting_export", _("Release to the district's bulk-texting system")


class RecordAccess(models.Model):
    """Who saw or downloaded which part of a student's record, when and why.

    Written for every view of a signed form; required by the state's student-records law."""

    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="record_accesses")
    document = models.ForeignKey(
        CumulativeDocument, on_delete=models.PROTECT, null=True, blank=True
    )
    user = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True)
    guardian = models.ForeignKey(Guardian, on_delete=models.PROTECT, null=True, blank=True)
    # A district system that read the record through its API key (the key's name): it has
    # no user account, yet the access must still be recorded.
    system = models.CharField(max_length=100, blank=True)
    action = models.CharField(max_length=120)
    purpose = models.CharField(max_length=40, choices=AccessPurpose.choices)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("student record access")
        verbose_name_plural = _("student record accesses")
        indexes = [
            models.Index(fields=["student", "-at"]),
            # The admin's list, newest first; the district systems' names for its filter.
            models.Index(fields=["-at", "-id"], name="recordaccess_admin_list"),
            models.Index(fields=["system"], condition=~Q(system=""), name="recordaccess_system"),
        ]
        triggers = evidence_triggers()
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | Q(guardian__isnull=False) | ~Q(system=""),
                name="recordaccess_has_an_accessor",
            ),
        ]

    def __str__(self):
        who = self.user or self.guardian or self.system
        return f"{who} {self.action} {self.document or self.student} at {self.at:%Y-%m-%d %H:%M}"
