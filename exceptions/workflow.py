"""The exception route as data: THE table of allowed transitions, who may take each, and the
one function that changes a request's status and writes its event row.

No other module assigns ``ExceptionRequest.status``."""

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from exceptions.models import REVIEW_STAGES, ExceptionEvent, ExceptionRequest, Route, Status
from platforms.selectors import approved_platforms
from roster.access import Action, can, role_for, schools_for
from roster.models import SCHOOL_SCOPED_ROLES

REQUESTER = "requester"  # the "role" of the person whose request it is
SYSTEM = "system"  # a step the portal takes itself (manage.py exceptions_reattest)


@dataclass(frozen=True)
class Transition:
    name: str
    source: Status
    # None: back to the review stage that returned the request (``returned_from``).
    target: Status | None
    # The access action that allows it on the request's school, or REQUESTER.
    allowed: Action | str
    label: str
    needs_comment: bool = False
    # Review steps are subject to separation of duties: one person, one stage.
    review: bool = False
    # Only on requests of this route (None: every route).
    route: Route | None = None
    # What a final step does, shown on its confirmation page before it is taken; a step with
    # a consequence is never taken straight from the request's page.
    consequence: str = ""
    # The step's taker writes the form text parents will read, in English and Spanish.
    prepares_parent_text: bool = False
    # Refused (with the reason beside the button) while the request's platform is not on the
    # approved list (E10).
    needs_approved_platform: bool = False
    # Only once the requester was asked to re-attest and has not answered (E9).
    when_asked: bool = False
    # Only on a renewal (a request a re-attestation created).
    renewal: bool = False

    @property
    def tone(self) -> str:
        """Its button's Bootstrap style: steps that end the request look dangerous, sending
        it back looks secondary, moving it forward is the primary action."""
        if self.needs_confirmation:
            return "outline-danger"
        return "outline-secondary" if self.name == "return" else "primary"

    @property
    def needs_confirmation(self) -> bool:
        return bool(self.consequence)


_DECLINE = _(
    "The request ends here and cannot be resubmitted. The requester is emailed your reason "
    "and a decision record is filed."
)


def _review_steps(source, action, forward_target, forward_name, forward_label, **forward):
    """A review stage's three steps: forward, return and decline (``forward``: more fields of
    the forward step; its ``route`` applies to all three)."""
    route = forward.get("route")
    return [
        Transition(
            forward_name, source, forward_target, action, forward_label, review=True, **forward
        ),
        Transition(
            "return",
            source,
            Status.RETURNED,
            action,
            "Return for changes",
            True,
            review=True,
            route=route,
        ),
        Transition(
            "decline",
            source,
            Status.DECLINED,
            action,
            "Decline",
            True,
            review=True,
            route=route,
            consequence=_DECLINE,
        ),
    ]


TRANSITIONS: list[Transition] = [
    Transition("submit", Status.DRAFT, Status.SUBMITTED, REQUESTER, "Submit the request"),
    # School staff's requests are endorsed by their principal; a district-office employee's
    # by a district office department head.
    *_review_steps(
        Status.SUBMITTED,
        Action.ENDORSE_EXCEPTION,
        Status.ENDORSED,
        "endorse",
        "Endorse",
        route=Route.SCHOOL,
    ),
    *_review_steps(
        Status.SUBMITTED,
        Action.ENDORSE_DISTRICT_EXCEPTION,
        Status.ENDORSED,
        "endorse",
        "Endorse",
        route=Route.DISTRICT,
    ),
    *_review_steps(
        Status.ENDORSED,
        Action.REVIEW_EXCEPTION,
        Status.RECOMMENDED,
        "recommend",
        "Recommend",
        prepares_parent_text=True,
        needs_approved_platform=True,
    ),
    *_review_steps(
        Status.RECOMMENDED, Action.DECIDE_EXCEPTION, Status.APPROVED, "approve", "Approve"
    ),
    Transition("resubmit", Status.RETURNED, None, REQUESTER, "Resubmit after changes"),
    Transition(
        "delete",
        Status.DRAFT,
        Status.DELETED,
        REQUESTER,
        "Delete draft",
        consequence=_(
            "The draft is deleted: it leaves your list of requests. Nobody else has seen it."
        ),
    ),
    *[
        Transition(
            "withdraw",
            source,
            Status.WITHDRAWN,
            REQUESTER,
            "Withdraw the request",
            consequence=_(
                "The request ends here: it leaves the reviewers' lists and cannot be "
                "resubmitted. To ask again, you would start a new request."
            ),
        )
        for source in (*REVIEW_STAGES, Status.RETURNED)
    ],
    Transition(
        "revoke",
        Status.APPROVED,
        Status.REVOKED,
        Action.REVOKE_EXCEPTION,
        "Revoke",
        True,
        consequence=_(
            "Texting under the program stops today: the program is deactivated, no family's "
            "consent counts under it any more and a decision record is filed. This cannot be "
            "undone."
        ),
    ),
    # Annual re-attestation (E9). Before the school year's last day (manage.py
    # exceptions_reattest) the requester of an approved exception that runs to the year's end
    # is asked: still needed, same scope? "Yes" keeps this year's approval until its last day
    # and starts a renewal for the next school year on a SHORTENED ROUTE: the renewal goes
    # straight to ITS (endorsed), skipping the principal's or department head's endorsement,
    # then the CEO's office, as any request. "No" ends the exception now. Unanswered by the
    # year's end, it lapses; ending and lapsing end its program.
    Transition(
        "reattest",
        Status.APPROVED,
        Status.APPROVED,
        REQUESTER,
        "Yes: still needed next year, same scope",
        when_asked=True,
    ),
    Transition(
        "renew", Status.DRAFT, Status.ENDORSED, REQUESTER, "Renewal for next year", renewal=True
    ),
    Transition(
        "end",
        Status.APPROVED,
        Status.ENDED,
        REQUESTER,
        "No: not needed next year",
        when_asked=True,
        consequence=_(
            "The exception ends today: its program stops and leaves the guidance page, and no "
            "family's consent counts under it any more. This cannot be undone."
        ),
    ),
    Transition("lapse", Status.APPROVED, Status.LAPSED, SYSTEM, "Lapse", when_asked=True),
]

_BY_KEY = {(t.source, t.name, t.route): t for t in TRANSITIONS}
NAMES = sorted({t.name for t in TRANSITIONS})


def route_for(requester, school) -> Route:
    """School staff who request for their own school take the school route; anyone else who
    may request (district-office staff) the district route."""
    role = role_for(requester, Action.SUBMIT_EXCEPTION, school)
    return Route.SCHOOL if role in SCHOOL_SCOPED_ROLES else Route.DISTRICT


def stages_for(user) -> Q:
    """The requests (as a filter) at a review stage whose forward step ``user`` may take,
    read from TRANSITIONS; not yet narrowed by separation of duties."""
    stages = Q(pk__in=[])
    reviews = {(t.source, t.allowed, t.route) for t in TRANSITIONS if t.review}
    for source, allowed, route in sorted(reviews, key=str):
        if not can(user, allowed):
            continue
        stage = Q(status=source, school__in=schools_for(user, allowed))
        stages |= stage & Q(route=route) if route is not None else stage
    return stages


def next_action(request: ExceptionRequest) -> Action | None:
    """The access action of whoever takes the next review step of ``request``."""
    for t in TRANSITIONS:
        if t.review and t.source == request.status and t.route in (None, request.route):
            return Action(t.allowed)
    return None


class TransitionRefused(Exception):
    """The transition may not happen now.

    ``code`` names the reason for code and tests; ``message`` says why in the user's words,
    as a lazy translation whose ``%(name)s`` placeholders are filled from ``params`` when it
    is shown. ``forbidden``: the user may never take it (a 403), not just "not in this
    state"."""

    def __init__(self, *, code: str, message, params: dict | None = None, forbidden=False):
        super().__init__(code)
        self.code = code
        self.template = message
        self.params = params or {}
        self.forbidden = forbidden

    @property
    def message(self) -> str:
        """The message in the active language."""
        text = str(self.template)
        return text % self.params if self.params else text

    def __str__(self):
        return self.message


def transition_for(status: str, name: str, route: str | None = None) -> Transition | None:
    """The step ``name`` from ``status`` on a request of ``route`` (None: of any route)."""
    if status not in Status.values:
        return None
    if route is None:
        return next((t for t in TRANSITIONS if (t.source, t.name) == (status, name)), None)
    return _BY_KEY.get((Status(status), name, route)) or _BY_KEY.get((Status(status), name, None))


def target_of(transition: Transition, request: ExceptionRequest) -> Status:
    return transition.target or Status(request.returned_from)


def refusal(
    request: ExceptionRequest, user, transition: Transition, acted_at=None
) -> TransitionRefused | None:
    """Why ``user`` may not take ``transition`` on ``request`` (role and separation of
    duties only; the state is checked by the caller), as the refusal to raise; None when
    they may.

    ``acted_at``: the stages at which the user already took review steps on this request."""
    if transition.allowed == SYSTEM:
        if user is None:
            return None
        return _forbidden("system_only", _("The portal takes this step itself."))
    is_requester = request.requester_id == user.pk
    if transition.allowed == REQUESTER:
        if is_requester:
            return None
        return _forbidden("not_requester", _("Only the person who made the request may do this."))
    if is_requester:
        return _forbidden("own_request", _("Nobody may act on their own request."))
    if not can(user, transition.allowed, request):
        return _forbidden("role", _("Your role does not allow this step."))
    if transition.review:
        if acted_at is None:
            acted_at = stages_acted_at(request, user)
        if acted_at - {transition.source}:
            return _forbidden(
                "separation_of_duties",
                _(
                    "You already acted on this request at another stage; another person must "
                    "take this step (separation of duties)."
                ),
            )
    return None


def _forbidden(code: str, message) -> TransitionRefused:
    return TransitionRefused(code=code, message=message, forbidden=True)


def stages_acted_at(request: ExceptionRequest, user) -> set[str]:
    return set(
        ExceptionEvent.objects.filter(
            request=request, actor=user, from_status__in=REVIEW_STAGES
        ).values_list("from_status", flat=True)
    )


def available(request: ExceptionRequest, transition: Transition) -> bool:
    """Whether the step exists for this request now (re-attestation and renewal steps)."""
    if transition.renewal and request.renews_id is None:
        return False
    if transition.when_asked:
        return request.reattest_asked_at is not None and not has_renewal(request)
    return True


def has_renewal(request: ExceptionRequest) -> bool:
    return ExceptionRequest.objects.filter(renews=request).exists()


def approved_platform(request: ExceptionRequest):
    """The approved platform the request uses: the one chosen from the list, or for "not
    listed", the approved platform of that product name (once ITS approved it); else None."""
    approved = approved_platforms()
    if request.listed_platform_id is not None:
        return approved.filter(pk=request.listed_platform_id).first()
    return approved.filter(product__iexact=request.platform.strip()).first()


def guard(request: ExceptionRequest, transition: Transition) -> TransitionRefused | None:
    """Why the step cannot be taken on this request now, whoever takes it (shown beside its
    button); None when it can."""
    if transition.needs_approved_platform and approved_platform(request) is None:
        return TransitionRefused(
            code="platform_not_approved",
            message=_(
                "“%(platform)s” is not on the approved platforms list. ITS can recommend "
                "this request once the platform is audited and approved (Platforms)."
            ),
            params={"platform": request.platform_name},
        )
    return None


def allowed_transitions(request: ExceptionRequest, user) -> list[Transition]:
    """The transitions ``user`` may take on ``request`` in its current status."""
    candidates = [
        t
        for t in TRANSITIONS
        if t.source == request.status
        and t.route in (None, request.route)
        and t.allowed != SYSTEM
        and available(request, t)
    ]
    acted_at = stages_acted_at(request, user) if any(t.review for t in candidates) else set()
    return [t for t in candidates if not refusal(request, user, t, acted_at)]


def apply(request: ExceptionRequest, user, transition: Transition, comment: str = ""):
    """Moves a locked ``request`` along ``transition`` and writes its event; the caller holds
    the row lock and has re-checked the status. Returns the event."""
    if request.status != transition.source:
        raise TransitionRefused(
            code="wrong_status",
            message=_("The request is not in a state that allows this step."),
        )
    if not available(request, transition):
        raise TransitionRefused(
            code="not_available", message=_("This step is not possible on this request now.")
        )
    refused = refusal(request, user, transition) or guard(request, transition)
    if refused is not None:
        raise refused
    comment = comment.strip()
    if transition.needs_comment and not comment:
        raise TransitionRefused(
            code="comment_required",
            message=_("Say why: a comment is required for this step."),
        )
    source, target = Status(request.status), target_of(transition, request)
    now = timezone.now()
    if transition.allowed in (REQUESTER, SYSTEM):
        role = transition.allowed
    else:
        role = role_for(user, transition.allowed, request)
    request.status = target
    request.returned_from = source if target == Status.RETURNED else ""
    request.status_changed_at = now
    if target == Status.SUBMITTED and request.first_submitted_at is None:
        request.first_submitted_at = now
    request.save(
        update_fields=["status", "returned_from", "status_changed_at", "first_submitted_at"]
    )
    return ExceptionEvent.objects.create(
        request=request,
        transition=transition.name,
        actor=user,
        actor_role=str(role),
        from_status=source,
        to_status=target,
        comment=comment,
        at=now,
    )


def note(request: ExceptionRequest, user, name: str, comment: str = "", role: str = ""):
    """An event that records something about ``request`` without moving it (its platform
    flagged or cleared, the requester asked to re-attest); ``user`` None: the portal."""
    return ExceptionEvent.objects.create(
        request=request,
        transition=name,
        actor=user,
        actor_role=role or (SYSTEM if user is None else REQUESTER),
        from_status=request.status,
        to_status=request.status,
        comment=comment.strip(),
        at=timezone.now(),
    )
