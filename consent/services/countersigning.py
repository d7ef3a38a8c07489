"""The principal's countersignature (or refusal) of a granted consent."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from aup_portal.queue import enqueue
from consent.models import (
    ConsentEvent,
    ConsentRecord,
    ConsentRequest,
    Countersignature,
    CountersignDecision,
    Decision,
    EventKind,
    Revocation,
)
from consent.services.errors import ConsentError
from roster.access import Action, can
from roster.selectors import staff_position


def consent_countersign(*, record: ConsentRecord, principal, decision: str, reason: str = ""):
    """The principal's written permission (or refusal) for a granted consent.

    Side effects: one immutable Countersignature and an event; in the same transaction, a
    background task files the countersignature as its own document in the cumulative record."""
    request = record.request
    if not can(principal, Action.COUNTERSIGN_CONSENT, request):
        raise PermissionDenied
    if decision == CountersignDecision.REFUSED and not reason.strip():
        raise ConsentError(
            code="reason_required", message=_("Say why you decline, for the family and the record.")
        )
    with transaction.atomic():
        ConsentRequest.objects.select_for_update().get(pk=request.pk)
        existing = (
            Countersignature.objects.filter(record=record).select_related("principal").first()
        )
        if existing is not None:
            raise ConsentError(
                code="already_countersigned",
                message=_("%(name)s already answered this on %(when)s."),
                params={
                    "name": existing.principal_name,
                    "when": date_format(
                        timezone.localtime(existing.signed_at), "F j, Y \\a\\t g:i A"
                    ),
                },
            )
        if not request.program.requires_principal_countersign:
            raise ConsentError(
                code="countersign_not_needed",
                message=_("%(program)s does not need a countersignature."),
                params={"program": request.program.name},
            )
        if record.decision != Decision.GRANT:
            raise ConsentError(
                code="family_declined",
                message=_("The family declined; there is nothing to countersign."),
            )
        if Revocation.objects.filter(record=record).exists():
            raise ConsentError(
                code="consent_withdrawn", message=_("The family withdrew this consent.")
            )
        countersignature = Countersignature.objects.create(
            record=record,
            decision=decision,
            principal=principal,
            principal_name=principal.get_full_name() or principal.get_username(),
            position=staff_position(principal, request.school),
            reason=reason.strip(),
            signed_at=timezone.now(),
        )
        ConsentEvent.objects.create(
            request=request,
            kind=(
                EventKind.COUNTERSIGNED
                if decision == CountersignDecision.COUNTERSIGNED
                else EventKind.COUNTERSIGN_REFUSED
            ),
            user=principal,
            detail=reason.strip()[:300],
        )
        enqueue("consent.tasks.file_countersignature_pdf", countersignature_id=countersignature.pk)
    return countersignature


def consent_countersign_many(*, records, principal) -> dict:
    """The principal countersigns each of ``records`` ("Countersign selected"). Each one is
    its own consent_countersign, in its own transaction, so one that cannot be countersigned
    (already answered, withdrawn meanwhile) is skipped and reported without undoing the others,
    and a second press of the button skips them all.

    Returns {"countersigned": [Countersignature, ...], "skipped": [(record, ConsentError), ...]}.
    Side effects: those of consent_countersign, once per countersigned record."""
    countersigned, skipped = [], []
    for record in records:
        try:
            countersigned.append(
                consent_countersign(
                    record=record, principal=principal, decision=CountersignDecision.COUNTERSIGNED
                )
            )
        except ConsentError as error:
            skipped.append((record, error))
    return {"countersigned": countersigned, "skipped": skipped}
