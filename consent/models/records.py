"""The evidence: signed records, withdrawals and countersignatures (immutable)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
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

    class Meta:
        verbose_name = _("signed consent record")
        triggers = evidence_triggers("document")
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

    class Meta:
        triggers = evidence_triggers()

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
