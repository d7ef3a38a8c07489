"""Background work of the exceptions app, run by the database worker (`manage.py db_worker`)."""

from django.core.mail import get_connection
from django_tasks import task

from exceptions import emails, services
from exceptions.models import ExceptionEvent


@task()
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


@task()
def file_decision_pdf(*, event_id: int) -> int:
    return services.exception_file_decision(event_id=event_id).pk
