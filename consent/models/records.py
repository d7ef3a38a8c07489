"""The evidence: signed records, withdrawals, countersignatures and phone number changes
(immutable)."""

from django.conf import settings
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from aup_portal.evidence import evidence_triggers
from consent.models.programs import ConsentFormText
from consent.models.requests import ConsentLink, ConsentRequest
from roster.models import (
    CumulativeDocument,
    Guardian,
    Relationship,
)


class Decision(models.TextChoices):
    GRANT = "grant", _("Granted")
    DECLINE = "decline", _("Declined")


class Source(models.TextChoices):
    ELECTRONIC = "electronic", _("Signed electronically")
    PAPER = "paper", _("Signed on paper")


class ImmutableRecord(models.Model):
    """Rows that are evidence: written once, never updated or deleted. These guards give the
    friendly error; the PostgreSQL triggers in each Meta (aup_portal.evidence) are the
    guarantee, also against QuerySet.update() and raw SQL."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError(f"A {self._meta.verbose_name} is immutable once written.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError(f"A {self._meta.verbose_name} is never deleted.")


class ConsentRecordQuerySet(models.QuerySet):
    def with_current_phones(self):
        """Annotates ``current_student_mobile`` and ``current_parent_mobile``: the numbers of
        the newest phone change, else those signed (in the same query)."""
        newest = PhoneChange.objects.filter(record=OuterRef("pk")).order_by("-changed_at", "-pk")
        return self.annotate(
            current_student_mobile=Coalesce(
                Subquery(newest.values("new_student_mobile")[:1]),
                F("student_mobile"),
                output_field=PhoneNumberField(),
            ),
            current_parent_mobile=Coalesce(
                Subquery(newest.values("new_parent_mobile")[:1]),
                F("parent_mobile"),
                output_field=PhoneNumberField(),
            ),
        )


class ConsentRecord(ImmutableRecord):
    """A guardian's answer: the electronic signature record, immutable once written.

    Revocation and countersignature are rows of their own; ``document`` (the filed PDF) is
    set once, by consent.services.filing.consent_file_pdf, with a queryset update: the only
    UPDATE the database allows (NULL → a document)."""

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

    objects = ConsentRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("signed consent record")
        triggers = evidence_triggers("document")
        # The admin's list, newest first. (Search by signer: a trigram index in migration
        # 0016_admin_list_indexes, PostgreSQL only.)
        indexes = [models.Index(fields=["-signed_at", "-id"], name="consentrecord_admin_list")]
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
    """A guardian withdrew a granted consent. It takes effect the moment it is written.

    Sealed like a signed record (``canonical``, ``sha256``, written once by
    consent_revoke); ``document`` (its filed PDF) is set once, by
    consent.services.filing.consent_file_revocation_pdf, with a queryset update."""

    record = models.OneToOneField(
        ConsentRecord, on_delete=models.PROTECT, related_name="revocation"
    )
    guardian = models.ForeignKey(Guardian, on_delete=models.PROTECT)
    reason = models.TextField()
    revoked_at = models.DateTimeField()
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.TextField(blank=True)
    # Blank only on withdrawals written before they were sealed.
    canonical = models.TextField(blank=True)
    sha256 = models.CharField("SHA-256 of the withdrawal", max_length=64, blank=True)
    document = models.OneToOneField(
        CumulativeDocument, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        triggers = evidence_triggers("document")

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
        triggers = evidence_triggers("document")
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


class PhoneChange(ImmutableRecord):
    """The guardian who granted a consent changed the student's (and, with duplicate alerts,
    their own) mobile number afterwards: a sealed amendment, old and new numbers both kept.

    The newest change holds the numbers in use (ConsentRecord.objects.with_current_phones).
    ``document`` (the filed PDF) and ``receipt_sent_at`` are set once, by
    consent.services.amending, with a queryset update."""

    record = models.ForeignKey(
        ConsentRecord, on_delete=models.PROTECT, related_name="phone_changes"
    )
    link = models.ForeignKey(ConsentLink, on_delete=models.PROTECT, null=True, blank=True)
    guardian = models.ForeignKey(Guardian, on_delete=models.PROTECT)
    old_student_mobile = PhoneNumberField()
    new_student_mobile = PhoneNumberField()
    old_parent_mobile = PhoneNumberField(blank=True)
    new_parent_mobile = PhoneNumberField(blank=True)
    changed_at = models.DateTimeField()
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.TextField(blank=True)
    canonical = models.TextField(help_text=_("The canonical JSON serialisation that is hashed."))
    sha256 = models.CharField("SHA-256 of the change", max_length=64)
    document = models.OneToOneField(
        CumulativeDocument, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    receipt_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("phone number change")
        ordering = ["changed_at", "pk"]
        triggers = evidence_triggers("document", "receipt_sent_at")
        constraints = [
            models.CheckConstraint(
                condition=~Q(old_student_mobile=F("new_student_mobile"))
                | ~Q(old_parent_mobile=F("new_parent_mobile")),
                name="phonechange_changes_a_number",
            ),
        ]

    def __str__(self):
        return f"Phone numbers changed by {self.guardian} on {self.changed_at:%Y-%m-%d}"
