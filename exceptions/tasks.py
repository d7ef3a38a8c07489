"""Background work of the exceptions app, run by the database worker (`manage.py db_worker`)."""

from django.core.mail import get_connection
from django_tasks import task

from aup_portal import queue
from exceptions import emails, services
from exceptions.models import ExceptionEvent
from exceptions.services import platform_flags, reattest


@task(priority=queue.INTERACTIVE)
def notify_transition(*, event_id: int) -> int:
    """Emails the next actors and the requester about one transition; returns how many."""
    event = ExceptionEvent.objects.select_related(
        "request__school", "request__requester", "actor"
    ).get(pk=event_id)
    with get_connection() as connection:
        messages = emails.transition_emails(event, connection=connection)
        for message in messages:
            message.send()
    return len(messages)


@task(priority=queue.INTERACTIVE)
def file_decision_pdf(*, event_id: int) -> int:
    return services.exception_file_decision(event_id=event_id).pk


@task(priority=queue.ROUTINE)
def notify_platform_flag(*, request_pk: int) -> int:
    """Emails the requester and the school's principal, once, that the platform of an approved
    exception lost its approval; returns how many messages were sent."""
    sent = []

    def send(request):
        with get_connection() as connection:
            for message in emails.platform_flag_emails(request, connection=connection):
                message.send()
                sent.append(message)

    platform_flags.platform_flag_mark_emailed(request_pk=request_pk, send=send)
    return len(sent)


@task(priority=queue.BULK)
def notify_reattest(*, request_pk: int) -> int:
    """Asks the requester, once, to re-attest their approved exception for next year."""
    sent = []

    def send(request):
        with get_connection() as connection:
            message = emails.reattest_email(request, connection=connection)
            if message is not None:
                message.send()
                sent.append(message)

    reattest.reattest_mark_emailed(request_pk=request_pk, send=send)
    return len(sent)
