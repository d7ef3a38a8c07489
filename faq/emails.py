"""The FAQ's emails: each a subject / text / HTML trio under templates/faq/email/, rendered
at once and sent by the background worker."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django_tasks import task

from aup_portal.queue import enqueue


@task()
def email_send(*, to: list[str], subject: str, text: str, html: str) -> None:
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, to)
    message.attach_alternative(html, "text/html")
    message.send()


def email_queue(template: str, *, to: list[str], context: dict) -> None:
    """Render ``faq/email/<template>`` and queue it. Rendering happens now, so a broken
    template fails the request; queueing inside the caller's transaction (the database task
    backend) means an email goes out only if what it reports was committed."""
    subject = " ".join(render_to_string(f"faq/email/{template}_subject.txt", context).split())
    text = render_to_string(f"faq/email/{template}.txt", context)
    html = render_to_string(f"faq/email/{template}.html", context)
    enqueue(email_send, to=to, subject=subject, text=text, html=html)
