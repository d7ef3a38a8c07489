"""The messaging platforms schools use, and each step of their review.

A platform's status is changed only by ``platforms.workflow`` (its transition table), which
writes a ``PlatformEvent`` for every step."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class PlatformStatus(models.TextChoices):
    SURVEYED = "surveyed", _("Named in the survey, not yet audited")
    UNDER_AUDIT = "under_audit", _("Under audit")
    APPROVED = "approved", _("Approved")
    FLAGGED = "flagged", _("Flagged")
    REMEDIATION = "remediation", _("In remediation with the vendor")
    REAUDIT = "reaudit", _("Due for re-audit")
    PROCUREMENT = "procurement", _("Flagged for Procurement")
    RETIRED = "retired", _("No longer used")


class Platform(models.Model):
    """A messaging tool (one vendor's product) that schools use or want to use."""

    vendor = models.CharField(_("vendor"), max_length=200)
    product = models.CharField(_("product"), max_length=200)
    used_for = models.TextField(_("what it is used for"), blank=True)
    data_hosting = models.CharField(_("where its data is hosted"), max_length=300, blank=True)
    contacts = models.TextField(_("vendor contacts"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=PlatformStatus, default=PlatformStatus.SURVEYED
    )
    # Approval lasts until this day; past it the platform is due for re-audit.
    approved_until = models.DateField(_("approved until"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["product", "vendor"]
        constraints = [
            models.UniqueConstraint(
                models.functions.Lower("vendor"),
                models.functions.Lower("product"),
                name="platform_unique_vendor_product",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="approved") | models.Q(approved_until__isnull=False),
                name="platform_approved_has_end",
            ),
        ]

    def __str__(self):
        return f"{self.product} ({self.vendor})"

    def get_absolute_url(self):
        return reverse("platforms:detail", args=[self.pk])

    @property
    def can_start_audit(self) -> bool:
        from platforms.workflow import transition_for  # the table imports this module

        return transition_for(self.status, "start_audit") is not None

    @property
    def is_flagged(self) -> bool:
        """Flagged, in remediation or flagged for Procurement: it may have a plan, and
        schools may be asked to move off it."""
        return self.status in (
            PlatformStatus.FLAGGED,
            PlatformStatus.REMEDIATION,
            PlatformStatus.PROCUREMENT,
        )

    @property
    def can_plan(self) -> bool:
        """Vendor actions are added while flagged or in remediation."""
        return self.status in (PlatformStatus.FLAGGED, PlatformStatus.REMEDIATION)

    @property
    def is_approved(self) -> bool:
        return self.status == PlatformStatus.APPROVED


class PlatformEvent(models.Model):
    """One step of a platform's review: who, when, from which status to which, and why."""

    platform = models.ForeignKey(Platform, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    transition = models.CharField(max_length=40)
    from_status = models.CharField(max_length=20, choices=PlatformStatus, blank=True)
    to_status = models.CharField(max_length=20, choices=PlatformStatus)
    reason = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.platform}: {self.transition}"


class PlatformUse(models.Model):
    """A school uses a platform (from its survey answer, or recorded by ITS): what for, for
    how many students, and who uses it. The schools a platform's remediation or transition
    concerns are read from here."""

    school = models.ForeignKey("roster.School", on_delete=models.PROTECT, related_name="+")
    platform = models.ForeignKey(Platform, on_delete=models.PROTECT, related_name="uses")
    school_year = models.ForeignKey("roster.SchoolYear", on_delete=models.PROTECT, related_name="+")
    used_for = models.TextField(_("what the school uses it for"), blank=True)
    students = models.PositiveIntegerField(_("about how many students"), null=True, blank=True)
    used_by = models.CharField(_("who uses it"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["school", "platform", "school_year"], name="platform_use_once_a_year"
            )
        ]

    def __str__(self):
        return f"{self.platform} at {self.school}"
