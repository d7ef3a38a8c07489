"""Emails: each is a trio of templates, ``<prefix>_subject.txt``, ``<prefix>.txt`` and
``<prefix>.html``, built into one message here for every app."""

from contextlib import nullcontext

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def email_message(
    prefix: str,
    context: dict,
    *,
    to: list[str],
    language: str | None = None,
    subject_format=None,
    connection=None,
) -> EmailMultiAlternatives:
    """The email of the template trio ``prefix`` (e.g. "<app>/email/<name>") for ``context``,
    in ``language`` (else the active one). ``subject_format``, e.g. "Reminder: %(subject)s"
    (translated in that language), wraps the template's subject."""
    with translation.override(language) if language else nullcontext():
        # A subject is one line, however the template wraps it.
        subject = " ".join(render_to_string(f"{prefix}_subject.txt", context).split())
        if subject_format is not None:
            subject = str(subject_format) % {"subject": subject}
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string(f"{prefix}.txt", context),
            to=to,
            connection=connection,
        )
        message.attach_alternative(render_to_string(f"{prefix}.html", context), "text/html")
    return message
