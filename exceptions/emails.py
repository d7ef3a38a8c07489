"""The exceptions app's emails, each a subject / text / HTML trio of templates: "your turn"
to the next people on the route, and "what happened" to the requester."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.urls import reverse

from aup_portal.emails import email_message
from exceptions import workflow
from exceptions.models import Status
from roster.access import GRANTS
from roster.models import SCHOOL_SCOPED_ROLES, Role, User

# ITS keeps the program list: they hear of each program an approval publishes.
PUBLISHERS = [Role.ITS_REVIEWER, Role.CIO]


def request_url(request) -> str:
    return settings.PORTAL_URL + reverse("exceptions:detail", args=[request.pk])


def _next_roles(request) -> list[Role]:
    """The roles that take the request's next step (workflow.TRANSITIONS says which), or
    that publish the program it became; portal administrators are not told."""
    if request.status == Status.APPROVED:
        return PUBLISHERS
    action = workflow.next_action(request)
    if action is None:
        return []
    return [
        role for role, grants in GRANTS.items() if action in grants and role != Role.ADMINISTRATOR
    ]


def next_actors(event):
    request = event.request
    roles = _next_roles(request)
    users = User.objects.filter(is_active=True).exclude(email="")
    # Teachers and principals hold their role at one school: the request's.
    holders = Q(staff_roles__role__in=[r for r in roles if r not in SCHOOL_SCOPED_ROLES]) | Q(
        staff_roles__role__in=[r for r in roles if r in SCHOOL_SCOPED_ROLES],
        staff_roles__school=request.school,
    )
    users = users.filter(holders)
    return users.exclude(pk__in=[request.requester_id, event.actor_id]).distinct().order_by("pk")


def _message(template, context, to, connection):
    return email_message(f"exceptions/email/{template}", context, to=to, connection=connection)


def transition_emails(event, *, connection=None) -> list[EmailMultiAlternatives]:
    request = event.request
    context = {
        "event": event,
        "request": request,
        "url": request_url(request),
        "district": settings.DISTRICT,
    }
    messages = [
        _message("your_turn", {**context, "user": user}, [user.email], connection)
        for user in next_actors(event)
    ]
    if event.actor_id != request.requester_id and request.requester.email:
        messages.append(
            _message(
                "outcome",
                {**context, "user": request.requester},
                [request.requester.email],
                connection,
            )
        )
    return messages


def principals_of(school):
    return (
        User.objects.filter(
            is_active=True, staff_roles__role=Role.PRINCIPAL, staff_roles__school=school
        )
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def platform_flag_emails(request, *, connection=None) -> list[EmailMultiAlternatives]:
    """To the requester and the school's principal: the platform lost its approval."""
    context = {"request": request, "url": request_url(request), "district": settings.DISTRICT}
    people = [request.requester, *principals_of(request.school)]
    seen, messages = set(), []
    for user in people:
        if not user.email or user.pk in seen:
            continue
        seen.add(user.pk)
        messages.append(
            _message("platform_flag", {**context, "user": user}, [user.email], connection)
        )
    return messages


def reattest_email(request, *, connection=None) -> EmailMultiAlternatives | None:
    """To the requester: still needed next year, same scope?"""
    if not request.requester.email:
        return None
    context = {
        "request": request,
        "user": request.requester,
        "url": request_url(request),
        "district": settings.DISTRICT,
    }
    return _message("reattest", context, [request.requester.email], connection)
