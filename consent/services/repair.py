"""Reconciliation: the background work a consent record says should have happened but has
not (a PDF not filed, a link or reminder not emailed, a letters file not finished) is queued
again. The tasks are idempotent, so a repair never does anything twice."""

from django.db import transaction
from django.db.models import F, Max, OuterRef, Q, Subquery
from django.utils import timezone

from aup_portal.queue import enqueue_missing, pending_kwargs
from consent.models import (
    ConsentEvent,
    ConsentLink,
    ConsentRecord,
    Countersignature,
    EventKind,
    LetterFile,
    RequestStatus,
    Revocation,
)
from consent.services.issuing import REMINDER_GAP


def consent_repair() -> dict[str, int]:
    """Queues each missing piece of work once (none when a job for it is already waiting or
    running); returns how many jobs were queued, by what they repair.

    Side effects: queued tasks (file_record_pdf, file_countersignature_pdf,
    file_revocation_pdf, send_batch_links, send_reminders, make_letter_file)."""
    with transaction.atomic():
        return {
            "record PDFs": enqueue_missing(
                "consent.tasks.file_record_pdf",
                [{"record_id": pk} for pk in _missing(ConsentRecord)],
            ),
            "countersignature PDFs": enqueue_missing(
                "consent.tasks.file_countersignature_pdf",
                [{"countersignature_id": pk} for pk in _missing(Countersignature)],
            ),
            "withdrawal PDFs": enqueue_missing(
                "consent.tasks.file_revocation_pdf",
                # Withdrawals made before they were sealed have no PDF to file.
                [{"revocation_id": pk} for pk in _missing(Revocation).exclude(sha256="")],
            ),
            "issue batches with unsent links": enqueue_missing(
                "consent.tasks.send_batch_links",
                [{"batch_id": pk} for pk in _batches_with_unsent_links()],
            ),
            "reminders": _repair_reminders(),
            "letters files": enqueue_missing(
                "consent.tasks.make_letter_file",
                [
                    {"letter_file_id": pk}
                    for pk in LetterFile.objects.filter(finished_at__isnull=True)
                    .order_by("pk")
                    .values_list("pk", flat=True)
                ],
            ),
        }


def _missing(model):
    return model.objects.filter(document__isnull=True).order_by("pk").values_list("pk", flat=True)


def _batches_with_unsent_links():
    return (
        ConsentLink.objects.filter(
            request__batch__isnull=False,
            request__status=RequestStatus.OPEN,
            last_sent_at__isnull=True,
            send_error="",
        )
        .exclude(guardian__email="")
        .order_by("request__batch_id")
        .values_list("request__batch_id", flat=True)
        .distinct()
    )


def _repair_reminders() -> int:
    # A reminder asked for in the last REMINDER_GAP whose email has not gone out since.
    asked_at = (
        ConsentEvent.objects.filter(
            kind=EventKind.REMINDED,
            request_id=OuterRef("request_id"),
            guardian_id=OuterRef("guardian_id"),
            at__gte=timezone.now() - REMINDER_GAP,
        )
        .values("request_id")
        .annotate(latest=Max("at"))
        .values("latest")
    )
    unsent = (
        ConsentLink.objects.filter(request__status=RequestStatus.OPEN, send_error="")
        .exclude(guardian__email="")
        .annotate(asked_at=Subquery(asked_at))
        .filter(asked_at__isnull=False)
        .filter(Q(reminder_sent_at__isnull=True) | Q(reminder_sent_at__lt=F("asked_at")))
        .values_list("pk", "asked_at")
    )
    waiting = {
        pk for kwargs in pending_kwargs("consent.tasks.send_reminders") for pk in kwargs["link_ids"]
    }
    todo = [(pk, at) for pk, at in unsent if pk not in waiting]
    if not todo:
        return 0
    since = min(at for _pk, at in todo)
    return enqueue_missing(
        "consent.tasks.send_reminders",
        [{"link_ids": sorted(pk for pk, _at in todo), "since": since.isoformat()}],
    )
