"""Pre-purchase AUP consults: services (ask, answer, mark emailed) and selectors (mine, the
ones waiting for ITS, one a user may see)."""

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aup_portal.queue import enqueue
from platforms.models import Consult, ConsultAnswer
from platforms.selectors import approved_platforms
from platforms.services import platform_register
from platforms.workflow import PlatformRefused
from roster.access import Action, can

ANSWER_TASK = "platforms.tasks.send_consult_answer"


class ConsultRefused(PlatformRefused):
    """A consult rule refused the change (``code``, lazy ``message``)."""


def _consults():
    return Consult.objects.select_related("requester", "school", "platform", "answered_by")


def consults_of(user):
    """The consults ``user`` asked for, newest first."""
    return _consults().filter(requester=user)


def consults_waiting():
    """The consults ITS has yet to answer, oldest first."""
    return _consults().filter(answer="").order_by("created_at", "pk")


def consult_for(user, pk: int) -> Consult:
    """The consult ``pk`` if ``user`` asked for it or is ITS; else 404."""
    consult = _consults().filter(pk=pk).first()
    if consult is None or not (
        consult.requester_id == user.pk or can(user, Action.AUDIT_PLATFORMS)
    ):
        raise Http404("No such consult among yours.")
    return consult


def consult_request(*, user, **fields) -> Consult:
    """A staff member asks ITS before buying: product, vendor, purpose, students affected,
    data shared, cost and school (both optional). Writes the Consult row."""
    if not can(user, Action.REQUEST_CONSULT):
        raise ConsultRefused(code="not_allowed", message=_("You may not request a consult."))
    with transaction.atomic():
        return Consult.objects.create(requester=user, **fields)


def consult_answer(*, user, consult_id: int, answer: str, answer_text: str, platform=None):
    """ITS answers a waiting consult: use approved ``platform``; proceed to audit (the product
    is registered as a platform to audit); or do not buy, with a written answer. Side
    effects: the consult's answer fields, maybe a new Platform, the answer's email queued
    (``send_consult_answer``). A second answer is refused (``already_answered``)."""
    if not can(user, Action.AUDIT_PLATFORMS):
        raise ConsultRefused(code="not_allowed", message=_("Only ITS answers consults."))
    answer = ConsultAnswer(answer)
    with transaction.atomic():
        consult = Consult.objects.select_for_update().get(pk=consult_id)
        if not consult.is_waiting:
            raise ConsultRefused(
                code="already_answered", message=_("This consult has already been answered.")
            )
        if answer == ConsultAnswer.USE_APPROVED:
            if platform is None or not approved_platforms().filter(pk=platform.pk).exists():
                raise ConsultRefused(
                    code="not_approved", message=_("Choose a platform that is approved today.")
                )
        elif answer == ConsultAnswer.AUDIT:
            platform, _created = platform_register(
                user=user,
                vendor=consult.vendor,
                product=consult.product,
                used_for=consult.purpose,
            )
        else:
            platform = None
        consult.answer = answer
        consult.answer_text = answer_text.strip()
        consult.platform = platform
        consult.answered_by = user
        consult.answered_at = timezone.now()
        consult.save()
        enqueue(ANSWER_TASK, consult_id=consult.pk)
    return consult


def consult_email_send(*, consult_id: int, send) -> bool:
    """Emails the answer to the requester once (``send(consult)`` builds and sends it) and
    marks it emailed; returns whether it sent."""
    with transaction.atomic():
        consult = _consults().select_for_update(of=("self",)).get(pk=consult_id)
        if consult.emailed_at is not None or consult.is_waiting:
            return False
        send(consult)
        consult.emailed_at = timezone.now()
        consult.save(update_fields=["emailed_at"])
    return True
