"""Texting programs and the consent families give for them: requests, links, signed records,
revocations, principal countersignatures, and the events that form each record's audit trail."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from roster.models import (
    CumulativeDocument,
    Grade,
    Guardian,
    Relationship,
    School,
    SchoolYear,
    Student,
    _private_storage,
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
        indexes = [models.Index(fields=["school", "school_year", "program", "status"])]
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
    nonce = models.CharField(max_length=64, unique=True)
    token_hash = models.CharField(max_length=64, unique=True)
    # The short code printed on letters, for typing at /consent/code/; stored only as a hash.
    code_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_sent_at = models.DateTimeField(null=True, blank=True)
    first_opened_at = models.DateTimeField(null=True, blank=True)
    failed_checks = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["request", "guardian"], name="consentlink_one_per_guardian"
            ),
        ]

    def __str__(self):
        return f"Link for {self.guardian} — {self.request}"


# The labels below are translated: the parent's pages and the signed form (PDF) show them in
# the language of the version signed.
class Decision(models.TextChoices):
    GRANT = "grant", _("Granted")
    DECLINE = "decline", _("Declined")


class Source(models.TextChoices):
    ELECTRONIC = "electronic", _("Signed electronically")
    PAPER = "paper", _("Signed on paper")


class ImmutableRecord(models.Model):
    """Rows that are evidence: written once, never updated or deleted through the ORM."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError(f"A {self._meta.verbose_name} is immutable once written.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError(f"A {self._meta.verbose_name} is never deleted.")


class ConsentRecord(ImmutableRecord):
    """A guardian's answer: the electronic signature record, immutable once written.

    Revocation and countersignature are rows of their own; ``document`` (the filed PDF) is
    set once, by consent.services.filing.consent_file_pdf, with a queryset update."""

    request = models.OneToOneField(ConsentRequest, on_delete=models.PROTECT, related_name="record")
    link = models.ForeignKey(ConsentLink, on_delete=models.PROTECT, null=True, blank=True)
    guardian = models.ForeignKey(Guardian, on_delete=models.PROTECT)
    decision = models.CharField(max_length=10, choices=Decision.choices)
    signer_name = models.CharField(max_length=200)
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    student_mobile = PhoneNumberField(blank=True)
    parent_mobile = PhoneNumberField(blank=True)
    duplicate_alerts = models.BooleanField(default=False)
    form_text = models.ForeignKey(ConsentFormText, on_delete=models.PROTECT)
    esign_agreed = models.BooleanField()
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.ELECTRONIC)
    signed_at = models.DateTimeField()
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.TextField(blank=True)
    canonical = models.TextField(help_text=_("The canonical JSON serialisation that is hashed."))
    sha256 = models.CharField("SHA-256 of the record", max_length=64)
    document = models.OneToOneField(
        CumulativeDocument, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Paper forms: the date written on the form, and the staff member who recorded it.
    form_date = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("signed consent record")
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="decline") | ~Q(student_mobile=""),
                name="consentrecord_grant_has_student_mobile",
            ),
            models.CheckConstraint(
                condition=Q(duplicate_alerts=False) | ~Q(parent_mobile=""),
                name="consentrecord_duplicates_have_parent_mobile",
            ),
        ]

    def __str__(self):
        return f"{self.get_decision_display()} by {self.signer_name} — {self.request}"

    @property
    def is_grant(self) -> bool:
        return self.decision == Decision.GRANT

    @property
    def is_paper(self) -> bool:
        return self.source == Source.PAPER


class Revocation(ImmutableRecord):
    """A guardian withdrew a granted consent. It takes effect the moment it is written."""

    record = models.OneToOneField(
        ConsentRecord, on_delete=models.PROTECT, related_name="revocation"
    )
    guardian = models.ForeignKey(Guardian, on_delete=models.PROTECT)
    reason = models.TextField()
    revoked_at = models.DateTimeField()
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.TextField(blank=True)

    def __str__(self):
        return f"Revoked by {self.guardian} on {self.revoked_at:%Y-%m-%d}"


class CountersignDecision(models.TextChoices):
    COUNTERSIGNED = "countersigned", _("Countersigned")
    REFUSED = "refused", _("Declined by the principal")


class Countersignature(ImmutableRecord):
    """The principal's own written permission, needed where the program requires it."""

    record = models.OneToOneField(
        ConsentRecord, on_delete=models.PROTECT, related_name="countersignature"
    )
    decision = models.CharField(max_length=14, choices=CountersignDecision.choices)
    principal = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    principal_name = models.CharField(max_length=200)
    position = models.CharField(max_length=200)
    reason = models.TextField(blank=True)
    signed_at = models.DateTimeField()
    document = models.OneToOneField(
        CumulativeDocument, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="countersigned") | ~Q(reason=""),
                name="countersignature_refusal_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.get_decision_display()} by {self.principal_name}"

    @property
    def is_countersigned(self) -> bool:
        return self.decision == CountersignDecision.COUNTERSIGNED


class EventKind(models.TextChoices):
    ISSUED = "issued", _("Request issued")
    EMAILED = "emailed", _("Link emailed to guardian")
    OPENED = "opened", _("Link opened")
    VERIFIED = "verified", _("Guardian verified the student's date of birth")
    VERIFY_FAILED = "verify_failed", _("Wrong date of birth entered")
    LOCKED = "locked", _("Link paused after repeated wrong answers")
    SIGNED = "signed", _("Form signed")
    COUNTERSIGNED = "countersigned", _("Principal countersigned")
    COUNTERSIGN_REFUSED = "countersign_refused", _("Principal declined to countersign")
    REVOKED = "revoked", _("Consent revoked")
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

    def __str__(self):
        return f"{self.get_kind_display()} at {self.at:%Y-%m-%d %H:%M:%S}"


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
