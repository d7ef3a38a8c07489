"""Consent requests, the parent links that answer them, and their events."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aup_portal.evidence import evidence_triggers
from consent.models.activities import Activity
from consent.models.programs import TextingProgram
from roster.models import (
    Guardian,
    School,
    SchoolYear,
    Student,
)


class IssueBatch(models.Model):
    """One press of "issue": which program, year and school, who, and what came of it."""

    program = models.ForeignKey(TextingProgram, on_delete=models.PROTECT)
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT)
    school = models.ForeignKey(School, on_delete=models.PROTECT)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    issued_at = models.DateTimeField(default=timezone.now)
    scope = models.CharField(max_length=300)
    issued_count = models.PositiveIntegerField(default=0)
    skipped = models.JSONField(default=dict, help_text=_("Skipped students by reason."))
    # {reason: [student pk, ...]}: the batch page names every skipped student.
    skipped_students = models.JSONField(default=dict, blank=True)
    # The confirmation page's one-time token: a second press of "Send" finds this batch.
    preview_token = models.CharField(max_length=64, unique=True, null=True, blank=True)

    class Meta:
        ordering = ["-issued_at"]
        verbose_name_plural = _("issue batches")

    def __str__(self):
        return f"{self.program} for {self.school}, {self.school_year} ({self.issued_at:%Y-%m-%d})"


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Waiting for an answer")
    ANSWERED = "answered", _("Answered")
    CANCELLED = "cancelled", _("Cancelled")


class ConsentRequest(models.Model):
    """The school's request for one student's consent to one program for one school year."""

    batch = models.ForeignKey(
        IssueBatch, on_delete=models.PROTECT, null=True, blank=True, related_name="requests"
    )
    program = models.ForeignKey(TextingProgram, on_delete=models.PROTECT)
    # The activity the form names, for programs whose staff are designated per activity.
    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, null=True, blank=True, related_name="requests"
    )
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT)
    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="consent_requests")
    # The student's school when the request was issued: it scopes who may see the request.
    school = models.ForeignKey(School, on_delete=models.PROTECT)
    status = models.CharField(
        max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["school", "school_year", "program", "status"]),
            # The admin's list: newest first, the primary key breaking ties.
            models.Index(fields=["-created_at", "-id"], name="consentrequest_admin_list"),
            # The coverage rule over a school's students (consent.coverage.annotate_coverage):
            # each student's requests for one program, then the year.
            models.Index(
                fields=["student", "program", "school_year"],
                name="consentrequest_student_program",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "school_year", "student"],
                condition=Q(status="open"),
                name="consentrequest_one_open_per_student",
                violation_error_message="This student already has an open request.",
            ),
        ]

    def __str__(self):
        return f"{self.program} — {self.student} — {self.school_year}"


class ConsentLink(models.Model):
    """One guardian's own link to one request. The link's token is never stored: only its
    SHA-256 (see consent.links)."""

    request = models.ForeignKey(ConsentRequest, on_delete=models.CASCADE, related_name="links")
    guardian = models.ForeignKey(Guardian, on_delete=models.PROTECT, related_name="consent_links")
    # Random (32 bytes) and never looked up: not indexed; its token's hash is unique, and
    # under one key the same nonce would give the same token.
    nonce = models.CharField(max_length=64)
    # Unique through Meta.constraints, not unique=True: on PostgreSQL a unique CharField also
    # gets a second (varchar_pattern_ops, for LIKE) index, and every index on a random key
    # costs a random page per link written (a campaign writes ~400,000 links).
    token_hash = models.CharField(max_length=64)
    # The short code printed on letters, for typing at /consent/code/; stored only as a hash.
    # NULL until a letter gives the link a code (unique among the links that have one).
    code_hash = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001
    created_at = models.DateTimeField(default=timezone.now)
    last_sent_at = models.DateTimeField(null=True, blank=True)
    # Why the mail server refused the guardian's address (the link is then not sent again).
    send_error = models.CharField(max_length=200, blank=True)
    # When the latest reminder went out, so a rerun of the reminders job sends none twice.
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    first_opened_at = models.DateTimeField(null=True, blank=True)
    # Wrong dates of birth in a row since the last right one (a pause doesn't reset it).
    failed_checks = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)  # the end of a pause
    # Locked for good after repeated pauses: only a new link from the school opens it.
    blocked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["request", "guardian"], name="consentlink_one_per_guardian"
            ),
            models.UniqueConstraint(fields=["token_hash"], name="consentlink_token_hash_unique"),
            models.UniqueConstraint(fields=["code_hash"], name="consentlink_code_hash_unique"),
        ]
        indexes = [
            # The few locked links the dashboard lists (consent.selectors.locked_links),
            # oldest first, found without reading the school's open requests.
            models.Index(
                fields=["blocked_at", "id"],
                condition=Q(blocked_at__isnull=False),
                name="consentlink_blocked",
            ),
        ]

    def __str__(self):
        return f"Link for {self.guardian} — {self.request}"


# The labels below are translated: the parent's pages and the signed form (PDF) show them in
# the language of the version signed.


class EventKind(models.TextChoices):
    ISSUED = "issued", _("Request issued")
    EMAILED = "emailed", _("Link emailed to guardian")
    OPENED = "opened", _("Link opened")
    VERIFIED = "verified", _("Guardian verified the student's date of birth")
    VERIFY_FAILED = "verify_failed", _("Wrong date of birth entered")
    LOCKED = "locked", _("Link paused after repeated wrong answers")
    BLOCKED = "blocked", _("Link locked after repeated wrong answers; the school was told")
    LINK_REPLACED = "link_replaced", _("New link issued by the school")
    SIGNED = "signed", _("Form signed")
    COUNTERSIGNED = "countersigned", _("Principal countersigned")
    COUNTERSIGN_REFUSED = "countersign_refused", _("Principal declined to countersign")
    REVOKED = "revoked", _("Consent revoked")
    PHONES_CHANGED = "phones_changed", _("Phone numbers changed")
    FILED = "filed", _("Filed in the cumulative record")
    REMINDED = "reminded", _("Reminder emailed to guardian")
    LETTER_PRINTED = "letter_printed", _("Letter printed for guardian")
    PAPER_RECORDED = "paper_recorded", _("Paper form recorded by staff")


class ConsentEvent(models.Model):
    """One line of a request's audit trail."""

    request = models.ForeignKey(ConsentRequest, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=24, choices=EventKind.choices)
    at = models.DateTimeField(default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    guardian = models.ForeignKey(Guardian, on_delete=models.PROTECT, null=True, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        triggers = evidence_triggers()

    def __str__(self):
        return f"{self.get_kind_display()} at {self.at:%Y-%m-%d %H:%M:%S}"
