"""The FAQ's emails: each a subject / text / HTML trio under templates/faq/email/, rendered
at once and sent by the background worker."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django_tasks import task

from aup_portal.emails import email_message
from aup_portal.queue import enqueue


@task()
def email_send(*, to: list[str], subject: str, text: str, html: str) -> None:
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, to)
    message.attach_alternative(html, "text/html")
    message.send()


def email_render(template: str, context: dict) -> tuple[str, str, str]:
    """``faq/email/<template>`` as (subject, text, html): what is sent, and what a preview
    shows."""
    message = email_message(f"faq/email/{template}", context, to=[])
    html = next(content for content, mimetype in message.alternatives if mimetype == "text/html")
    return message.subject, message.body, html


def email_queue(template: str, *, to: list[str], context: dict) -> None:
    """Render ``faq/email/<template>`` and queue it. Rendering happens now, so a broken
    template fails the request; queueing inside the caller's transaction (the database task
    backend) means an email goes out only if what it reports was committed."""
    subject, text, html = email_render(template, context)
    enqueue(email_send, to=to, subject=subject, text=text, html=html)
