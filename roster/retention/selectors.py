"""Reads for the retention review: which documents are past retention and not on hold, and
which document kinds have no rule yet."""

import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from roster.models import (
    CumulativeDocument,
    DocumentKind,
    LegalHold,
    RetentionRule,
    years_before,
)
from roster.models.retention import kept_until


def holds_active() -> QuerySet[LegalHold]:
    return LegalHold.objects.filter(lifted_at__isnull=True)


def kinds_without_rule() -> list[str]:
    """The document kinds (DocumentKind values, and any kind already filed) with no rule: their
    documents are never listed for review until a rule row is added."""
    kinds = set(DocumentKind.values) | set(
        CumulativeDocument.objects.values_list("kind", flat=True).distinct()
    )
    return sorted(kinds - set(RetentionRule.objects.values_list("kind", flat=True)))


def documents_past_retention(
    *, today: datetime.date | None = None, model=CumulativeDocument
) -> QuerySet:
    """Documents not yet destroyed whose student left at least their rule's years before
    ``today``, and that no active legal hold covers (on the student or on the document).

    Each row carries ``rule_years``; one query for the rules, one for the list."""
    today = today or timezone.localdate()
    due = Q(pk__in=[])
    for kind, years in RetentionRule.objects.values_list("kind", "years_after_leaving"):
        due |= Q(kind=kind, student__left_on__lte=years_before(today, years))
    return (
        model.objects.filter(due)
        .exclude(file="")
        .exclude(Exists(holds_active().filter(student=OuterRef("student_id"))))
        .exclude(Exists(holds_active().filter(document=OuterRef("pk"))))
        .annotate(
            rule_years=Subquery(
                RetentionRule.objects.filter(kind=OuterRef("kind")).values("years_after_leaving")
            )
        )
        .select_related("student__school")
        .order_by("student__left_on", "student_id", "pk")
    )


def document_held(document: CumulativeDocument) -> bool:
    """Does an active legal hold cover this document (its own, or its student's)?"""
    return (
        holds_active()
        .filter(Q(student_id=document.student_id) | Q(document_id=document.pk))
        .exists()
    )


def retain_until(kind: str, day: datetime.date) -> datetime.date | None:
    """The first day a document of ``kind`` counted from ``day`` may be destroyed under its
    rule, or None when the kind has no rule.

    The destruction review counts from the day the student left; the record store
    (aup_portal/storage.py) locks a filed document until this date counted from the day it was
    filed: a student leaves on or after that day, so the lock never outlasts the rule."""
    rules = RetentionRule.objects.filter(kind=kind)
    years = rules.values_list("years_after_leaving", flat=True).first()
    return None if years is None else kept_until(day, years)
