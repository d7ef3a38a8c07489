"""Reads of consent data that more than one view needs, already scoped and joined."""

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from consent.models import ConsentLink, ConsentRecord, Decision, RequestStatus, TextingProgram
from roster.access import Action, schools_for
from roster.models import School


def programs_published() -> QuerySet[TextingProgram]:
    """The active programs staff may use, in display order (the public guidance page)."""
    today = timezone.localdate()
    return (
        TextingProgram.objects.filter(active=True)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("school")
        .order_by("position", "name")
    )


def countersign_queue(user) -> QuerySet[ConsentRecord]:
    """Granted consents awaiting the countersignature of a principal who may give it."""
    return (
        ConsentRecord.objects.filter(
            request__school__in=schools_for(user, Action.COUNTERSIGN_CONSENT),
            request__program__requires_principal_countersign=True,
            decision=Decision.GRANT,
            revocation__isnull=True,
            countersignature__isnull=True,
        )
        .select_related("request__student", "request__program", "request__school_year")
        .select_related("request__school", "guardian")
        .order_by("signed_at", "pk")
    )


def programs_at(*, schools, day=None) -> QuerySet[TextingProgram]:
    """The active programs staff may use at ``schools`` (a School, or several): district-wide
    ones and those limited to one of them, in display order; with ``day``, only those still
    running that day."""
    if isinstance(schools, School):
        schools = [schools]
    programs = TextingProgram.objects.filter(active=True).filter(
        Q(school__isnull=True) | Q(school__in=schools)
    )
    if day is not None:
        programs = programs.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
    return programs.order_by("position", "name")


def locked_links(**where) -> QuerySet[ConsentLink]:
    """Guardians' links of open requests that locked after repeated wrong dates of birth and
    wait for the school to send a new one, filtered by request fields (``student=``, or
    ``school=`` and ``school_year=``), oldest first."""
    return (
        ConsentLink.objects.filter(
            blocked_at__isnull=False,
            request__status=RequestStatus.OPEN,
            **{f"request__{name}": value for name, value in where.items()},
        )
        .select_related("guardian", "request__program", "request__student")
        .order_by("blocked_at", "pk")
    )


def batch_delivery(batch) -> dict:
    """How the emailing of an issue batch stands: counts of links sent, refused by the mail
    server, still to send and without an address (letters); the refused ones (first 50); and
    the emailing task's latest state from the queue (retrying, failed) when it is not done."""
    links = ConsentLink.objects.filter(request__batch=batch)
    with_email = ~Q(guardian__email="")
    counts = links.aggregate(
        sent=Count("pk", filter=Q(last_sent_at__isnull=False)),
        refused=Count("pk", filter=~Q(send_error="")),
        pending=Count("pk", filter=Q(last_sent_at__isnull=True, send_error="") & with_email),
        no_email=Count("pk", filter=Q(guardian__email="")),
    )
    refused = (
        links.exclude(send_error="")
        .select_related("guardian", "request__student")
        .order_by("request__student__last_name", "pk")[:50]
    )
    job = (
        DBTaskResult.objects.filter(
            task_path="consent.tasks.send_batch_links", args_kwargs__kwargs__batch_id=batch.pk
        )
        .exclude(status=TaskResultStatus.SUCCESSFUL)
        .order_by("-enqueued_at")
        .first()
    )
    failing = job is not None and bool(job.exception_class_path)
    return {
        **counts,
        "refused_links": refused,
        "gave_up": failing and job.status == TaskResultStatus.FAILED,
        "retrying": failing and job.status == TaskResultStatus.READY,
        "next_attempt": job.run_after if failing else None,
        "last_error": (job.traceback.strip().splitlines() or [""])[-1] if failing else "",
    }
