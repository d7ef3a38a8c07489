"""Reads of the exceptions app, scoped to what the user may see, with their joins applied."""

import datetime

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from exceptions import workflow
from exceptions.models import REVIEW_STAGES, ExceptionEvent, ExceptionRequest, Route, Status
from roster.access import Action, can, schools_for

_DISTRICT_READERS = (Action.REVIEW_EXCEPTION, Action.DECIDE_EXCEPTION, Action.REVOKE_EXCEPTION)


def visible_requests(user) -> QuerySet[ExceptionRequest]:
    """Requests ``user`` may see: their own; once submitted, their school's (principals),
    district-office staff's (department heads) or every school's (ITS, CIO, CEO's office).
    Drafts never submitted stay the requester's."""
    seen = Q(requester=user)
    if any(can(user, action) for action in _DISTRICT_READERS):
        seen |= Q(first_submitted_at__isnull=False)
    else:
        if can(user, Action.ENDORSE_EXCEPTION):
            seen |= Q(
                first_submitted_at__isnull=False,
                school__in=schools_for(user, Action.ENDORSE_EXCEPTION),
            )
        if can(user, Action.ENDORSE_DISTRICT_EXCEPTION):
            seen |= Q(first_submitted_at__isnull=False, route=Route.DISTRICT)
    return ExceptionRequest.objects.filter(seen)


def get_request_for_user(user, pk: int) -> ExceptionRequest:
    """The request, or 404 for anyone who may not see it."""
    request = (
        visible_requests(user)
        .select_related("school", "requester", "program", "listed_platform", "renews")
        .filter(pk=pk)
        .first()
    )
    if request is None:
        raise Http404("No such exception request.")
    return request


def my_requests(user) -> QuerySet[ExceptionRequest]:
    return (
        ExceptionRequest.objects.filter(requester=user)
        .exclude(status=Status.DELETED)
        .select_related("school")
        .order_by("-created_at", "-pk")
    )


def waiting_for(user) -> QuerySet[ExceptionRequest]:
    """Requests at a stage where ``user`` may act now, oldest wait first: not their own, and
    not ones they already acted on at another stage (separation of duties)."""
    stages = workflow.stages_for(user)
    acted_elsewhere = ExceptionEvent.objects.filter(
        request=OuterRef("pk"),
        actor=user,
        from_status__in=REVIEW_STAGES,
    ).exclude(from_status=OuterRef("status"))
    return (
        ExceptionRequest.objects.filter(stages)
        .exclude(requester=user)
        .exclude(Exists(acted_elsewhere))
        .select_related("school", "requester")
        .order_by("status_changed_at", "pk")
    )


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Monday-to-Friday days after ``start`` up to and including ``end``."""
    if end <= start:
        return 0
    full_weeks, rest = divmod((end - start).days, 7)
    days = full_weeks * 5
    for offset in range(1, rest + 1):
        if (start + datetime.timedelta(days=offset)).weekday() < 5:
            days += 1
    return days


def annotate_waits(requests) -> list[ExceptionRequest]:
    """Sets ``days_waiting`` (working days at the current stage) and ``overdue`` (past the
    service level) on each request."""
    today = timezone.localdate()
    requests = list(requests)
    for request in requests:
        since = timezone.localtime(request.status_changed_at).date()
        request.days_waiting = working_days_between(since, today)
        request.overdue = request.days_waiting > settings.EXCEPTION_SERVICE_LEVEL_DAYS
    return requests


def platform_flagged(user) -> QuerySet[ExceptionRequest]:
    """For ITS: approved exceptions whose platform is no longer approved, oldest flag first."""
    if not can(user, Action.REVIEW_EXCEPTION):
        return ExceptionRequest.objects.none()
    return (
        visible_requests(user)
        .filter(status=Status.APPROVED, platform_flagged_at__isnull=False)
        .select_related("school", "requester", "listed_platform")
        .order_by("platform_flagged_at", "pk")
    )


def to_reattest(user) -> QuerySet[ExceptionRequest]:
    """The requester's approved exceptions waiting for their re-attestation answer."""
    return (
        ExceptionRequest.objects.filter(
            requester=user,
            status=Status.APPROVED,
            reattest_asked_at__isnull=False,
            renewal__isnull=True,
        )
        .select_related("school")
        .order_by("ends_on", "pk")
    )
