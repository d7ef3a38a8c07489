"""Background work of the survey and consults: reminder and answer emails, each sent once."""

from django.conf import settings
from django.core.mail import get_connection
from django.urls import reverse
from django_tasks import task

from aup_portal import queue
from aup_portal.emails import email_message
from platforms.services.consults import consult_email_send
from platforms.services.survey import survey_reminder_send


def _send_reminder(reminder, recipients):
    url = settings.PORTAL_URL + reverse(
        "platforms:survey_school", args=[reminder.survey_id, reminder.school.code]
    )
    with get_connection() as connection:
        for user in recipients:
            context = {
                "user": user,
                "reminder": reminder,
                "survey": reminder.survey,
                "url": url,
                "district": settings.DISTRICT,
            }
            email_message(
                "platforms/email/survey_reminder", context, to=[user.email], connection=connection
            ).send()


def _send_answer(consult):
    if not consult.requester.email:
        return
    url = settings.PORTAL_URL + reverse("platforms:consult_detail", args=[consult.pk])
    context = {
        "user": consult.requester,
        "consult": consult,
        "url": url,
        "district": settings.DISTRICT,
    }
    email_message("platforms/email/consult_answer", context, to=[consult.requester.email]).send()


@task(priority=queue.BULK)
def send_survey_reminder(*, reminder_id: int) -> bool:
    """Emails one school's reminder to its principals and delegates, once."""
    return survey_reminder_send(reminder_id=reminder_id, send=_send_reminder)


@task(priority=queue.INTERACTIVE)
def send_consult_answer(*, consult_id: int) -> bool:
    """Emails ITS's answer to the consult's requester, once."""
    return consult_email_send(consult_id=consult_id, send=_send_answer)
