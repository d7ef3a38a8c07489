"""How long each kind of cumulative-record document is kept after the student leaves, legal
holds that stop destruction, and the tombstone a destroyed document leaves behind."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from aup_portal.evidence import evidence_triggers
from roster.models.people import Student, User
from roster.models.records import CumulativeDocument, DocumentKind


def years_before(day: datetime.date, years: int) -> datetime.date:
    """``day`` moved back ``years`` years; February 29 becomes February 28, so a document is
    never counted as past retention a day early."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def kept_until(left_on: datetime.date, years: int) -> datetime.date:
    """The first day a document kept ``years`` after ``left_on`` may be destroyed (February 29
    counts on to March 1)."""
    try:
        return left_on.replace(year=left_on.year + years)
    except ValueError:
        return datetime.date(left_on.year + years, 3, 1)


class RetentionRule(models.Model):
    """How many years after the student leaves the roster a document of one kind is kept.

    ``kind`` is a DocumentKind value, deliberately without ``choices`` on the column: a new
    kind then needs a new rule row (a data migration), which the ``roster.W001`` check and the
    retention review ask for, not a schema change here."""

    kind = models.CharField(max_length=24, unique=True)
    years_after_leaving = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    legal_basis = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind"]
        constraints = [
            models.CheckConstraint(
                condition=Q(years_after_leaving__gte=1),
                name="retentionrule_at_least_one_year",
            ),
        ]

    def __str__(self):
        return f"{self.kind_label}: {self.years_after_leaving} years after leaving"

    @property
    def kind_label(self) -> str:
        return DocumentKind(self.kind).label if self.kind in DocumentKind.values else self.kind

    def clean(self):
        if self.kind not in DocumentKind.values:
            raise ValidationError({"kind": "Not a kind of document the cumulative record holds."})

    def kept_until(self, left_on: datetime.date) -> datetime.date:
        """The first day a document of this kind may be destroyed."""
        return kept_until(left_on, self.years_after_leaving)


class LegalHold(models.Model):
    """A legal hold on a whole student's record or on one document: while it is not lifted,
    nothing it covers may be destroyed. Lifting keeps the row (who lifted it, when, why)."""

    student = models.ForeignKey(
        Student, on_delete=models.PROTECT, null=True, blank=True, related_name="legal_holds"
    )
    document = models.ForeignKey(
        CumulativeDocument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="legal_holds",
    )
    reason = models.TextField()
    placed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    placed_at = models.DateTimeField(default=timezone.now)
    lifted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    lift_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-placed_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(student__isnull=True) ^ Q(document__isnull=True),
                name="legalhold_on_a_student_or_a_document",
            ),
            models.CheckConstraint(
                condition=(
                    Q(lifted_at__isnull=True, lifted_by__isnull=True, lift_reason="")
                    | (Q(lifted_at__isnull=False, lifted_by__isnull=False) & ~Q(lift_reason=""))
                ),
                name="legalhold_lifted_whole",
            ),
            # One active hold per matter: a double submit cannot place it twice.
            models.UniqueConstraint(
                fields=["student", "reason"],
                condition=Q(lifted_at__isnull=True, student__isnull=False),
                name="legalhold_one_active_per_student_and_reason",
            ),
            models.UniqueConstraint(
                fields=["document", "reason"],
                condition=Q(lifted_at__isnull=True, document__isnull=False),
                name="legalhold_one_active_per_document_and_reason",
            ),
        ]

    def __str__(self):
        state = "lifted" if self.lifted_at else "active"
        return f"Legal hold on {self.student or self.document} ({state})"

    @property
    def is_active(self) -> bool:
        return self.lifted_at is None


class DocumentDestruction(models.Model):
    """The tombstone of a destroyed document: what it was, the rule that allowed it, who
    destroyed it and when, and the SHA-256 of the file that was removed."""

    document = models.OneToOneField(
        CumulativeDocument, on_delete=models.PROTECT, related_name="destruction"
    )
    file_name = models.CharField(max_length=250)
    sha256 = models.CharField("SHA-256 of the destroyed file", max_length=64)
    size = models.PositiveIntegerField("size in bytes")
    student_left_on = models.DateField()
    rule_years_after_leaving = models.PositiveSmallIntegerField()
    rule_legal_basis = models.TextField()
    destroyed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    destroyed_by_name = models.CharField(max_length=200)
    destroyed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-destroyed_at"]
        triggers = evidence_triggers()

    def __str__(self):
        return f"{self.document} destroyed {self.destroyed_at:%Y-%m-%d}"


class DocumentPastRetention(CumulativeDocument):
    """The admin's retention review list: cumulative documents whose rule's years have passed
    since the student left, and no legal hold covers (roster.retention.selectors)."""

    class Meta:
        proxy = True
        verbose_name = "document past retention"
        verbose_name_plural = "documents past retention (monthly review)"
