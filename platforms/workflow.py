"""A platform's review as data: THE table of allowed transitions, and the one function that
changes a platform's status and writes its event row.

No other module assigns ``Platform.status``."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from consent.services.errors import ConsentError
from platforms.models import Platform, PlatformEvent, PlatformStatus
from platforms.signals import approval_lost

S = PlatformStatus


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[PlatformStatus, ...]
    target: PlatformStatus
    label: str
    needs_reason: bool = False
    # Taken from the platform's page by a button (the others follow from an audit's outcome,
    # a plan, or the daily re-audit review).
    manual: bool = False


TRANSITIONS: list[Transition] = [
    # An audit starts on a new platform, a remediated one (re-audit) or one due for re-audit.
    Transition(
        "start_audit", (S.SURVEYED, S.REMEDIATION, S.REAUDIT), S.UNDER_AUDIT, _("Start an audit")
    ),
    Transition("approve", (S.UNDER_AUDIT,), S.APPROVED, _("Approve")),
    Transition("flag", (S.UNDER_AUDIT,), S.FLAGGED, _("Flag"), needs_reason=True),
    Transition(
        "revoke", (S.APPROVED,), S.FLAGGED, _("Revoke the approval"), needs_reason=True, manual=True
    ),
    # Remediation begins once the plan has at least one vendor action (checked by the service).
    Transition("remediate", (S.FLAGGED,), S.REMEDIATION, _("Start remediation"), manual=True),
    Transition(
        "procurement",
        (S.FLAGGED, S.REMEDIATION),
        S.PROCUREMENT,
        _("Flag for Procurement (vendor unable or unwilling to remediate)"),
        needs_reason=True,
        manual=True,
    ),
    Transition("reaudit_due", (S.APPROVED,), S.REAUDIT, _("Approval past its date")),
    Transition(
        "retire",
        tuple(s for s in S if s != S.RETIRED),
        S.RETIRED,
        _("Retire (no longer used)"),
        needs_reason=True,
        manual=True,
    ),
]

_BY_NAME = {t.name: t for t in TRANSITIONS}
NAMES = sorted(_BY_NAME)


class PlatformRefused(ConsentError):
    """A platform step refused: ``code`` for code and tests, a lazy ``message`` (with
    ``params``) shown in the active language (the portal's one refusal shape,
    consent.services.errors)."""


def transition_for(status: str, name: str) -> Transition | None:
    """The step ``name`` when a platform is in ``status``; None when the table has none."""
    transition = _BY_NAME.get(name)
    if transition is None or status not in transition.sources:
        return None
    return transition


def manual_steps(status: str) -> list[Transition]:
    """The buttons a platform in ``status`` shows."""
    return [t for t in TRANSITIONS if t.manual and status in t.sources]


def apply(platform: Platform, name: str, *, actor, reason: str = "", approved_until=None):
    """Takes step ``name`` on ``platform`` (locked by the caller): sets the status (and the
    approval's end), writes the PlatformEvent, and sends ``approval_lost`` when the platform
    leaves APPROVED. Raises PlatformRefused when the table does not allow it."""
    transition = transition_for(platform.status, name)
    if transition is None:
        raise PlatformRefused(
            code="not_allowed",
            message=_("This step is not possible while the platform is “%(status)s”."),
            params={"status": platform.get_status_display()},
        )
    reason = (reason or "").strip()
    if transition.needs_reason and not reason:
        raise PlatformRefused(code="reason_needed", message=_("Give the reason for this step."))
    source = platform.status
    platform.status = transition.target
    if transition.target == S.APPROVED:
        platform.approved_until = approved_until
    platform.save(update_fields=["status", "approved_until"])
    event = PlatformEvent.objects.create(
        platform=platform,
        actor=actor,
        transition=name,
        from_status=source,
        to_status=transition.target,
        reason=reason,
    )
    if source == S.APPROVED:
        approval_lost.send(sender=Platform, platform=platform, actor=actor, reason=reason)
    return event
