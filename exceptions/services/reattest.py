"""Annual re-attestation of approved exceptions (E9; the steps are in
exceptions.workflow.TRANSITIONS): asking the requester, the renewal a "yes" starts, and the
lapse of unanswered ones at the year's end (run daily by manage.py exceptions_reattest)."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aup_portal.queue import enqueue
from consent.services.programs import program_end
from exceptions import workflow
from exceptions.models import ExceptionRequest, Status
from exceptions.services.once import email_once
from roster.models import SchoolYear
from roster.selectors import school_year_on

# Copied to the renewal unchanged: "same scope".
_SCOPE = [
    "school",
    "route",
    "title",
    "lowest_grade",
    "highest_grade",
    "student_count",
    "purpose",
    "why_no_standard_program",
    "platform",
    "listed_platform",
    "group_texts_include_parent",
    "copy_staff_district_email",
    "other_texters",
    "parent_title_en",
    "parent_body_en",
    "parent_title_es",
    "parent_body_es",
]


def _to_ask(year: SchoolYear):
    """Approved exceptions whose program runs to ``year``'s last day, not yet asked."""
    return ExceptionRequest.objects.filter(
        status=Status.APPROVED,
        ends_on__gte=year.last_day,
        starts_on__lte=year.last_day,
        reattest_asked_at__isnull=True,
    )


def reattest_ask_due(*, today: datetime.date | None = None) -> int:
    """From EXCEPTION_REATTEST_DAYS days before the school year's last day, asks each
    requester once. Returns how many were asked.

    Side effects: per request, ``reattest_asked_at``, a "reattest_asked" event, and a queued
    exceptions.tasks.notify_reattest email."""
    today = today or timezone.localdate()
    year = school_year_on(today)
    if year is None:
        return 0
    if today < year.last_day - datetime.timedelta(days=settings.EXCEPTION_REATTEST_DAYS):
        return 0
    asked = 0
    for pk in _to_ask(year).order_by("pk").values_list("pk", flat=True):
        with transaction.atomic():
            request = _to_ask(year).select_for_update(skip_locked=True).filter(pk=pk).first()
            if request is None:  # asked meanwhile by another run
                continue
            request.reattest_asked_at = timezone.now()
            request.save(update_fields=["reattest_asked_at"])
            workflow.note(request, None, "reattest_asked")
            enqueue("exceptions.tasks.notify_reattest", request_pk=request.pk)
            asked += 1
    return asked


def reattest_lapse_due(*, today: datetime.date | None = None) -> int:
    """After its last day, an approved exception whose requester was asked and did not answer
    lapses, and its program ends. Returns how many lapsed.

    Side effects: per request, the "lapse" step (status, event, queued email to the
    requester) and its program ended."""
    today = today or timezone.localdate()
    due = ExceptionRequest.objects.filter(
        status=Status.APPROVED,
        reattest_asked_at__isnull=False,
        renewal__isnull=True,
        ends_on__lt=today,
    )
    lapse = workflow.transition_for(Status.APPROVED, "lapse")
    lapsed = 0
    for pk in due.order_by("pk").values_list("pk", flat=True):
        with transaction.atomic():
            request = due.select_for_update(skip_locked=True, of=("self",)).filter(pk=pk).first()
            if request is None:
                continue
            event = workflow.apply(request, None, lapse, str(_("Not re-attested by the last day.")))
            program_end(program_id=request.program_id)
            enqueue("exceptions.tasks.notify_transition", event_id=event.pk)
            lapsed += 1
    return lapsed


def renewal_create(*, request: ExceptionRequest, by) -> ExceptionRequest:
    """The renewal a "yes" starts: the same scope for the next school year, straight at the
    stage the table's "renew" step leads to (ITS review). Called by exception_transition
    under the old request's lock.

    Side effects: a new ExceptionRequest linked by ``renews``, its "renew" event and the
    queued "your turn" email to ITS."""
    year = SchoolYear.objects.filter(first_day__gt=request.ends_on).order_by("first_day").first()
    if year is None:
        raise workflow.TransitionRefused(
            code="no_next_year",
            message=_(
                "The next school year's dates are not in the portal yet, so the renewal cannot "
                "be dated. Ask the portal administrator to add them, then answer again."
            ),
        )
    renewal = ExceptionRequest(
        requester=request.requester,
        renews=request,
        starts_on=year.first_day,
        ends_on=year.last_day,
        first_submitted_at=timezone.now(),
        **{name: getattr(request, name) for name in _SCOPE},
    )
    renewal.full_clean()
    renewal.save()
    event = workflow.apply(renewal, by, workflow.transition_for(Status.DRAFT, "renew"))
    enqueue("exceptions.tasks.notify_transition", event_id=event.pk)
    return renewal


def reattest_mark_emailed(*, request_pk: int, send) -> bool:
    """Calls ``send(request)`` once per question and marks it sent (safe to repeat)."""
    return email_once(
        request_pk=request_pk,
        due_field="reattest_asked_at",
        sent_field="reattest_emailed_at",
        send=send,
    )
