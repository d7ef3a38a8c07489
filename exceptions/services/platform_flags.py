"""Exceptions tied to platforms (E10): when a platform loses its approval, every approved
exception that uses it (and so the program it created) is flagged for ITS; ITS revokes the
exception (the route's revoke step) or clears the flag once the platform is approved again."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aup_portal.queue import enqueue
from exceptions import workflow
from exceptions.models import ExceptionRequest, Status
from exceptions.services.once import email_once
from roster.access import Action, can, role_for

_FLAG_FIELDS = ["platform_flagged_at", "platform_flag_reason", "platform_flag_emailed_at"]


def _using(platform) -> Q:
    """Requests that use ``platform``: chosen from the list, or named before it was linked."""
    return Q(listed_platform=platform) | Q(
        listed_platform__isnull=True, platform__iexact=platform.product
    )


def exceptions_flag_for_platform(*, platform, actor, reason: str) -> int:
    """Flags every approved exception that uses ``platform`` (receiver of
    platforms.signals.approval_lost, inside the transaction that took the approval away).
    Already flagged ones are left as they are. Returns how many were flagged.

    Side effects: per request, the flag (time and reason), a "platform_flagged" event and a
    queued exceptions.tasks.notify_platform_flag (the requester and the principal)."""
    flagged = 0
    with transaction.atomic():
        requests = ExceptionRequest.objects.select_for_update().filter(
            _using(platform), status=Status.APPROVED, platform_flagged_at__isnull=True
        )
        for request in requests.order_by("pk"):
            request.platform_flagged_at = timezone.now()
            request.platform_flag_reason = reason.strip() or str(
                _("The platform is no longer approved.")
            )
            request.save(update_fields=["platform_flagged_at", "platform_flag_reason"])
            workflow.note(
                request,
                actor,
                "platform_flagged",
                request.platform_flag_reason,
                str(_its_role(actor) or workflow.SYSTEM),
            )
            enqueue("exceptions.tasks.notify_platform_flag", request_pk=request.pk)
            flagged += 1
    return flagged


def _its_role(actor):
    if actor is None:
        return None
    return role_for(actor, Action.REVIEW_EXCEPTION) or role_for(actor, Action.REVOKE_EXCEPTION)


def exception_flag_clear(*, request_pk: int, by, comment: str = "") -> ExceptionRequest:
    """ITS clears a request's platform flag, once its platform is approved again.

    Side effects: the flag fields emptied, a "flag_cleared" event."""
    with transaction.atomic():
        request = ExceptionRequest.objects.select_for_update().get(pk=request_pk)
        if not can(by, Action.REVIEW_EXCEPTION, request):
            raise workflow.TransitionRefused(
                code="role",
                message=_("Your role does not allow this step."),
                forbidden=True,
            )
        if request.platform_flagged_at is None:
            raise workflow.TransitionRefused(
                code="not_flagged", message=_("This request is not flagged; nothing was changed.")
            )
        if workflow.approved_platform(request) is None:
            raise workflow.TransitionRefused(
                code="platform_not_approved",
                message=_(
                    "“%(platform)s” is still not approved: revoke the exception, or clear the "
                    "flag once the platform is approved again."
                ),
                params={"platform": request.platform_name},
            )
        request.platform_flagged_at = None
        request.platform_flag_reason = ""
        request.platform_flag_emailed_at = None
        request.save(update_fields=_FLAG_FIELDS)
        role = role_for(by, Action.REVIEW_EXCEPTION, request)
        workflow.note(request, by, "flag_cleared", comment, str(role))
    return request


def platform_flag_mark_emailed(*, request_pk: int, send) -> bool:
    """Calls ``send(request)`` once per flag and marks it sent; False when already sent (or
    the flag was cleared meanwhile). Safe to repeat: the row lock makes one run send."""
    return email_once(
        request_pk=request_pk,
        due_field="platform_flagged_at",
        sent_field="platform_flag_emailed_at",
        send=send,
    )
