"""The consent app's emails, each a subject / text / HTML trio of templates."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils.translation import gettext_lazy

from aup_portal.emails import email_message
from consent.i18n import guardian_language
from consent.links import link_token


def sign_url(link) -> str:
    return settings.PORTAL_URL + reverse("consent:sign", args=[link_token(link)])


def consent_link_email(link, *, connection=None, reminder=False) -> EmailMultiAlternatives:
    """The link's email, in the guardian's preferred language (English unless Spanish)."""
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
    return email_message(
        "consent/email/link",
        context,
        to=[link.guardian.email],
        language=guardian_language(link.guardian),
        subject_format=gettext_lazy("Reminder: %(subject)s") if reminder else None,
        connection=connection,
    )
