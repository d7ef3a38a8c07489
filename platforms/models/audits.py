"""An audit of a platform against the district's five criteria, its evidence files, the
remediation plan of a flagged platform (vendor actions) and schools' moves off a platform."""

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from platforms.models.platforms import Platform


def _private_storage():
    return storages["private"]


class Criterion(models.TextChoices):
    """What the audit looks at (the district's policy page, in its order)."""

    ARCHITECTURE = "architecture", _("Technical and data architecture (especially cloud-based)")
    PERIMETER = "perimeter", _("The partner's perimeter security and controls")
    RECOVERY = "recovery", _("Maturity of disaster-recovery and incident-response plans")
    ENCRYPTION = "encryption", _("Encryption in transit and at rest")
    DATA_SHARING = "data_sharing", _("A data-sharing agreement that meets district standards")


class Rating(models.TextChoices):
    MEETS = "meets", _("Meets")
    PARTLY = "partly", _("Partly meets")
    DOES_NOT_MEET = "does_not_meet", _("Does not meet")


class Outcome(models.TextChoices):
    APPROVE = "approve", _("Approve until a re-audit date")
    FLAG = "flag", _("Flag")


class Audit(models.Model):
    """One review of a platform; finished when it has an outcome."""

    platform = models.ForeignKey(Platform, on_delete=models.PROTECT, related_name="audits")
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_on = models.DateField(_("started"), default=timezone.localdate)
    finished_on = models.DateField(_("finished"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome, blank=True)
    approved_until = models.DateField(_("approved until"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["platform"],
                condition=models.Q(finished_on__isnull=True),
                name="platform_one_open_audit",
            ),
            models.CheckConstraint(
                condition=~models.Q(outcome="approve") | models.Q(approved_until__isnull=False),
                name="audit_approval_has_end",
            ),
        ]

    def __str__(self):
        return f"Audit of {self.platform} started {self.started_on}"

    @property
    def is_open(self) -> bool:
        return self.finished_on is None


class Finding(models.Model):
    """The audit's rating of one criterion, with what the auditor found."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="findings")
    criterion = models.CharField(_("criterion"), max_length=20, choices=Criterion)
    rating = models.CharField(_("rating"), max_length=20, choices=Rating)
    findings = models.TextField(_("findings"), blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "criterion"], name="finding_once_per_audit")
        ]

    def __str__(self):
        return f"{self.get_criterion_display()}: {self.get_rating_display()}"

    @property
    def meets(self) -> bool:
        return self.rating == Rating.MEETS


class AuditEvidence(models.Model):
    """A file the auditor relied on; its kind was read from its content, not its name."""

    audit = models.ForeignKey(Audit, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(storage=_private_storage, upload_to="platforms/evidence/%Y/%m/")
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


class RemediationAction(models.Model):
    """One vendor action of a flagged platform's remediation plan, due on a day."""

    platform = models.ForeignKey(Platform, on_delete=models.PROTECT, related_name="actions")
    description = models.TextField(_("what the vendor must do"))
    due_on = models.DateField(_("due"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.description[:60]

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    @property
    def is_overdue(self) -> bool:
        return not self.is_done and self.due_on < timezone.localdate()


class SchoolTransition(models.Model):
    """A school must move off a platform to an approved one by a deadline; open until the
    school (or ITS) marks it done."""

    school = models.ForeignKey("roster.School", on_delete=models.PROTECT, related_name="+")
    platform = models.ForeignKey(
        Platform, on_delete=models.PROTECT, related_name="transitions_away"
    )
    target = models.ForeignKey(Platform, on_delete=models.PROTECT, related_name="+")
    deadline = models.DateField(_("deadline"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["deadline", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "platform"],
                condition=models.Q(done_at__isnull=True),
                name="transition_one_open_per_school",
            )
        ]

    def __str__(self):
        return f"{self.school} off {self.platform}"

    @property
    def is_done(self) -> bool:
        return self.done_at is not None
