"""The consent app's emails, each a subject / text / HTML trio of templates."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from consent.i18n import guardian_language
from consent.links import link_token


def sign_url(link) -> str:
    return settings.PORTAL_URL + reverse("consent:sign", args=[link_token(link)])


def consent_link_email(link, *, connection=None, reminder=False) -> EmailMultiAlternatives:
    """The link's email, in the guardian's preferred language (English unless Spanish)."""
    with translation.override(guardian_language(link.guardian)):
        return _consent_link_email(link, connection=connection, reminder=reminder)


def _consent_link_email(link, *, connection, reminder) -> EmailMultiAlternatives:
    request = link.request
    context = {
        "guardian": link.guardian,
        "student": request.student,
        "school": request.school,
        "program": request.program,
        "school_year": request.school_year,
        "url": sign_url(link),
        "district": settings.DISTRICT,
    }
    subject = render_to_string("consent/email/link_subject.txt", context).strip()
    if reminder:
        subject = gettext("Reminder: %(subject)s") % {"subject": subject}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("consent/email/link.txt", context),
        to=[link.guardian.email],
        connection=connection,
    )
    message.attach_alternative(render_to_string("consent/email/link.html", context), "text/html")
    return message
