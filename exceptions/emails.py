"""The exceptions app's emails, each a subject / text / HTML trio of templates: "your turn"
to the next people on the route, and "what happened" to the requester."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from aup_portal.emails import email_message
from exceptions.models import Status
from roster.models import Role, User

# Who acts next once a request reaches a status (told so by email).
NEXT_ROLES = {
    Status.SUBMITTED: [Role.PRINCIPAL],
    Status.ENDORSED: [Role.ITS_REVIEWER, Role.CIO],
    Status.RECOMMENDED: [Role.CEO_OFFICE],
    # ITS keeps the program list: they hear of each program an approval publishes.
    Status.APPROVED: [Role.ITS_REVIEWER, Role.CIO],
}


def request_url(request) -> str:
    return settings.PORTAL_URL + reverse("exceptions:detail", args=[request.pk])


def next_actors(event):
    roles = NEXT_ROLES.get(event.to_status, [])
    request = event.request
    users = User.objects.filter(is_active=True, staff_roles__role__in=roles).exclude(email="")
    if event.to_status == Status.SUBMITTED:
        users = users.filter(staff_roles__school=request.school)
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
