"""Shared reads of platforms: the approved list, ITS's overview, a school's platforms."""

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from platforms.models import (
    Audit,
    Platform,
    PlatformStatus,
    PlatformUse,
    RemediationAction,
    SchoolTransition,
)
from roster.selectors import school_year_current

# The states Platform.is_flagged names, as a filter.
FLAGGED_STATES = (PlatformStatus.FLAGGED, PlatformStatus.REMEDIATION, PlatformStatus.PROCUREMENT)


def approved_platforms(*, on=None):
    """Platforms approved on ``on`` (today): status approved and the approval not past."""
    day = on or timezone.localdate()
    return Platform.objects.filter(status=PlatformStatus.APPROVED, approved_until__gte=day)


def overview(*, year=None) -> dict:
    """ITS's counts: platforms by status, schools still using flagged platforms this school
    year, overdue vendor actions, approvals due for re-audit (a fixed number of queries)."""
    today = timezone.localdate()
    year = year or school_year_current()
    by_status = dict(
        Platform.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return {
        "by_status": [(status, by_status.get(status.value, 0)) for status in PlatformStatus],
        "schools_on_flagged": PlatformUse.objects.filter(
            school_year=year, platform__status__in=FLAGGED_STATES
        )
        .values("school_id")
        .distinct()
        .count(),
        "overdue_actions": list(
            RemediationAction.objects.filter(done_at__isnull=True, due_on__lt=today)
            .select_related("platform")
            .order_by("due_on", "pk")
        ),
        "reaudit_due": list(
            Platform.objects.filter(
                Q(status=PlatformStatus.REAUDIT)
                | Q(status=PlatformStatus.APPROVED, approved_until__lt=today)
            )
        ),
    }


def platform_list(*, year=None):
    """Every platform with how many schools use it this school year."""
    year = year or school_year_current()
    return Platform.objects.annotate(
        schools=Count("uses", filter=Q(uses__school_year=year), distinct=True)
    ).order_by("product", "vendor")


def platform_detail(pk) -> Platform:
    """A platform with its events, audits (findings, evidence), plan and transitions."""
    return get_object_or_404(
        Platform.objects.prefetch_related(
            Prefetch("events__actor"),
            Prefetch(
                "audits",
                queryset=Audit.objects.select_related("auditor").prefetch_related(
                    "findings", "evidence"
                ),
            ),
            Prefetch("actions", queryset=RemediationAction.objects.select_related("done_by")),
            Prefetch(
                "transitions_away",
                queryset=SchoolTransition.objects.select_related("school", "target"),
            ),
            Prefetch("uses", queryset=PlatformUse.objects.select_related("school", "school_year")),
        ),
        pk=pk,
    )


def school_platforms(school, *, year=None) -> dict:
    """A school's platforms this school year (from PlatformUse) and its open transitions."""
    year = year or school_year_current()
    return {
        "uses": list(
            PlatformUse.objects.filter(school=school, school_year=year).select_related("platform")
        ),
        "transitions": list(
            SchoolTransition.objects.filter(school=school, done_at__isnull=True).select_related(
                "platform", "target"
            )
        ),
    }
