"""CEO exception requests: the request a staff member writes, its attachments, the audit
trail of every transition (exceptions.workflow) and the decision records filed as PDFs."""

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aup_portal.evidence import evidence_triggers
from roster.models import Grade, Role, School
from roster.text import in_sentence


def _private_storage():
    return storages["private"]


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for the principal")
    ENDORSED = "endorsed", _("Endorsed, waiting for ITS")
    RECOMMENDED = "recommended", _("Recommended, waiting for the CEO's office")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned for changes")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REVOKED = "revoked", _("Revoked")
    ENDED = "ended", _("Ended: not needed next year")
    LAPSED = "lapsed", _("Lapsed: not re-attested")
    DELETED = "deleted", _("Draft deleted")


class Route(models.TextChoices):
    """Who endorses: the school's principal, or, for a district-office employee, a district
    role. exceptions.workflow.TRANSITIONS says which role takes each route's steps."""

    SCHOOL = "school", _("School staff: the principal endorses")
    DISTRICT = "district", _("District office: the department head endorses")


# The stages a reviewer acts at; "returned_from" holds one of them.
REVIEW_STAGES = (Status.SUBMITTED, Status.ENDORSED, Status.RECOMMENDED)
OPEN_STATUSES = (Status.DRAFT, *REVIEW_STAGES, Status.RETURNED)


class ExceptionRequest(models.Model):
    """A staff member's written request to text students outside the standard programs.

    ``status`` is written only by exceptions.workflow (through exceptions.services)."""

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="exception_requests"
    )
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="exception_requests")
    title = models.CharField(max_length=200, help_text=_("A short name for the texting program."))
    lowest_grade = models.SmallIntegerField(choices=Grade.choices)
    highest_grade = models.SmallIntegerField(choices=Grade.choices)
    student_count = models.PositiveIntegerField(
        "about how many students", help_text=_("An estimate is fine.")
    )
    purpose = models.TextField("what the texting is for")
    why_no_standard_program = models.TextField("why no standard program fits")
    platform = models.CharField(
        "texting platform or tool", max_length=200, help_text=_("The product's name.")
    )
    group_texts_include_parent = models.BooleanField(
        "group texts include the parent or guardian", default=True
    )
    copy_staff_district_email = models.BooleanField(
        "texts copy the staff member's district email", default=True
    )
    other_texters = models.TextField(
        "who else will text students", blank=True, help_text=_("Names and positions, if anyone.")
    )
    starts_on = models.DateField("first day of texting")
    ends_on = models.DateField("last day of texting")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    # Set when the request is created, from the role the requester holds (workflow.route_for).
    route = models.CharField(max_length=10, choices=Route.choices, default=Route.SCHOOL)
    # The review stage that returned the request: resubmitting goes straight back there.
    returned_from = models.CharField(max_length=12, choices=Status.choices, blank=True)
    status_changed_at = models.DateTimeField(default=timezone.now)
    first_submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # The form text parents will read, in English and Spanish, prepared by ITS when they
    # recommend the request (workflow: Transition.prepares_parent_text); an approval publishes it.
    parent_title_en = models.CharField(max_length=200, blank=True)
    parent_body_en = models.TextField(blank=True)
    parent_title_es = models.CharField(max_length=200, blank=True)
    parent_body_es = models.TextField(blank=True)
    program = models.OneToOneField(
        "consent.TextingProgram",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="exception_request",
    )
    # The platform from the approved list (E10); empty when "not listed" (``platform`` then
    # names the product) until ITS's recommendation links the platform once it is approved.
    listed_platform = models.ForeignKey(
        "platforms.Platform",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="exception_requests",
    )
    # Set when the platform lost its approval while the request was approved; cleared by ITS.
    platform_flagged_at = models.DateTimeField(null=True, blank=True)
    platform_flag_reason = models.TextField(blank=True)
    platform_flag_emailed_at = models.DateTimeField(null=True, blank=True)
    # Annual re-attestation (E9): when the requester was asked, and the renewal a "yes" made.
    reattest_asked_at = models.DateTimeField(null=True, blank=True)
    reattest_emailed_at = models.DateTimeField(null=True, blank=True)
    renews = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="renewal"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "status_changed_at"]),
            # The admin's list, newest first.
            models.Index(fields=["-created_at", "-id"], name="exceptionrequest_admin_list"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(lowest_grade__lte=F("highest_grade")),
                name="exceptionrequest_grade_band_in_order",
                violation_error_message="The lowest grade must not be above the highest grade.",
            ),
            models.CheckConstraint(
                condition=Q(starts_on__lte=F("ends_on")),
                name="exceptionrequest_dates_in_order",
                violation_error_message="The last day must not come before the first day.",
            ),
            # Only an approval creates a program (it stays linked after a revocation).
            models.CheckConstraint(
                condition=Q(program__isnull=True)
                | Q(status__in=["approved", "revoked", "ended", "lapsed"]),
                name="exceptionrequest_program_only_when_approved",
            ),
            models.CheckConstraint(
                condition=Q(status="returned", returned_from__in=[s.value for s in REVIEW_STAGES])
                | (~Q(status="returned") & Q(returned_from="")),
                name="exceptionrequest_returned_from_iff_returned",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.school})"

    @property
    def grade_band(self) -> str:
        low, high = Grade(self.lowest_grade).label, Grade(self.highest_grade).label
        return f"{low.removeprefix('Grade ')}–{high.removeprefix('Grade ')}"

    @property
    def is_expired(self) -> bool:
        """Approved exceptions lapse after their last day; computed, so no job must run."""
        return self.status == Status.APPROVED and self.ends_on < timezone.localdate()

    @property
    def status_label(self) -> str:
        if self.is_expired:
            return f"Expired (approved until {self.ends_on:%b %-d, %Y})"
        if self.status == Status.SUBMITTED and self.route == Route.DISTRICT:
            return str(_("Waiting for the department head"))
        return self.get_status_display()

    @property
    def status_phrase(self) -> str:
        """The status inside a sentence: only its first letter lowered, so names stay
        written properly ("endorsed, waiting for ITS", "the CEO's office")."""
        return in_sentence(self.status_label)

    @property
    def is_platform_flagged(self) -> bool:
        return self.platform_flagged_at is not None

    @property
    def platform_name(self) -> str:
        return str(self.listed_platform) if self.listed_platform_id else self.platform

    @property
    def is_deleted(self) -> bool:
        return self.status == Status.DELETED

    @property
    def has_parent_text(self) -> bool:
        return all(
            (self.parent_title_en, self.parent_body_en, self.parent_title_es, self.parent_body_es)
        )

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_in_review(self) -> bool:
        """Submitted and waiting for a reviewer (not a draft, not back with the requester)."""
        return self.status in REVIEW_STAGES


class ExceptionEvent(models.Model):
    """One transition of a request: who, in which role, from which status to which, why, when.

    Evidence: written once by exceptions.workflow, never updated or deleted."""

    request = models.ForeignKey(ExceptionRequest, on_delete=models.PROTECT, related_name="events")
    transition = models.CharField(max_length=20)
    # None: the portal itself (a scheduled step such as a lapse).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_role = models.CharField(max_length=40)
    from_status = models.CharField(max_length=12, choices=Status.choices)
    to_status = models.CharField(max_length=12, choices=Status.choices)
    comment = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("exception request event")
        triggers = evidence_triggers()

    def __str__(self):
        return f"{self.from_status} → {self.to_status} by {self.actor} at {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("An exception request event is immutable once written.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("An exception request event is never deleted.")

    STEP_LABELS = {
        "submit": "Submitted",
        "resubmit": "Resubmitted after changes",
        "endorse": "Endorsed",
        "recommend": "Recommended by ITS",
        "approve": "Approved by the CEO's office",
        "return": "Returned for changes",
        "decline": "Declined",
        "withdraw": "Withdrawn by the requester",
        "delete": "Draft deleted by the requester",
        "revoke": "Revoked",
        "platform_flagged": "Platform no longer approved",
        "flag_cleared": "Platform flag cleared",
        "reattest_asked": "Asked to re-attest for next year",
        "reattest": "Re-attested: still needed, same scope",
        "renew": "Renewal for next year, sent to ITS",
        "end": "Ended: not needed next year",
        "lapse": "Lapsed: not re-attested by the year's end",
    }

    @property
    def to_status_phrase(self) -> str:
        """The new status inside a sentence, names kept capitalised ("waiting for ITS")."""
        return in_sentence(self.get_to_status_display())

    @property
    def is_approval(self) -> bool:
        return self.to_status == Status.APPROVED

    @property
    def is_return(self) -> bool:
        return self.to_status == Status.RETURNED

    @property
    def step_label(self) -> str:
        return self.STEP_LABELS.get(self.transition, self.get_to_status_display())

    @property
    def actor_role_label(self) -> str:
        if self.actor_role in Role.values:
            return Role(self.actor_role).label
        return "Requester" if self.actor_role == "requester" else "AUP Portal"

    @property
    def actor_name(self) -> str:
        if self.actor is None:
            return "AUP Portal"
        return self.actor.get_full_name() or self.actor.username


class ExceptionAttachment(models.Model):
    """A supporting document; its kind was read from its content, not its name."""

    request = models.ForeignKey(
        ExceptionRequest, on_delete=models.PROTECT, related_name="attachments"
    )
    file = models.FileField(storage=_private_storage, upload_to="exceptions/attachments/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField("size in bytes")
    sha256 = models.CharField("SHA-256 of the file", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name


class DecisionRecord(models.Model):
    """The PDF filed when a request is approved, declined or revoked, with its SHA-256."""

    request = models.ForeignKey(
        ExceptionRequest, on_delete=models.PROTECT, related_name="decision_records"
    )
    event = models.OneToOneField(
        ExceptionEvent, on_delete=models.PROTECT, related_name="decision_record"
    )
    file = models.FileField(storage=_private_storage, upload_to="exceptions/decisions/%Y/%m/")
    sha256 = models.CharField("SHA-256 of the file", max_length=64)
    size = models.PositiveIntegerField("size in bytes")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        triggers = evidence_triggers()

    def __str__(self):
        return f"Decision record: {self.event.get_to_status_display()} — {self.request}"
