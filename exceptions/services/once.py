"""Emails a request's flag or question once: the row lock makes one run send, the mark
makes a rerun send nothing."""

from django.db import transaction
from django.utils import timezone

from exceptions.models import ExceptionRequest


def email_once(*, request_pk: int, due_field: str, sent_field: str, send) -> bool:
    """Calls ``send(request)`` when ``due_field`` is set and ``sent_field`` is not, then sets
    ``sent_field``; False when there is nothing to send (already sent, or no longer due)."""
    with transaction.atomic():
        request = (
            ExceptionRequest.objects.select_for_update(of=("self",))
            .select_related("school", "requester")
            .get(pk=request_pk)
        )
        if getattr(request, due_field) is None or getattr(request, sent_field) is not None:
            return False
        send(request)
        setattr(request, sent_field, timezone.now())
        request.save(update_fields=[sent_field])
    return True
