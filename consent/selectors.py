"""Reads of consent data that more than one view needs, already scoped and joined."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from consent.models import ConsentRecord, Decision, TextingProgram
from roster.access import Action, schools_for


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
