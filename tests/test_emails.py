"""aup_portal.emails.email_message: one message from a subject / text / HTML template trio,
in the language asked for."""

import datetime
from types import SimpleNamespace

from django.utils import translation
from django.utils.translation import gettext_lazy

from aup_portal.emails import email_message

CONTEXT = {
    "guardian": SimpleNamespace(first_name="Rosa", last_name="Lopez"),
    "student": SimpleNamespace(first_name="Maya"),
    "school": SimpleNamespace(name="Northside Community Academy"),
    "program": SimpleNamespace(name="Bulk text notifications and alerts", summary=""),
    "school_year": SimpleNamespace(label="2026-27", last_day=datetime.date(2027, 6, 11)),
    "url": "https://portal.example.org/consent/sign/abc/",
    "district": {"name": "The district", "guidance_email": "aup@example.org"},
}


def test_email_message_builds_the_trio():
    message = email_message("consent/email/link", CONTEXT, to=["rosa@example.com"])

    assert message.subject == (
        "Northside Community Academy: your permission for bulk text notifications and alerts "
        "(Maya, 2026-27)"
    )
    assert message.to == ["rosa@example.com"]
    assert message.body.startswith("Dear Rosa Lopez,")
    assert [mimetype for _content, mimetype in message.alternatives] == ["text/html"]
    assert "https://portal.example.org/consent/sign/abc/" in message.alternatives[0][0]


def test_email_message_in_the_language_asked_for_with_a_subject_format():
    message = email_message(
        "consent/email/link",
        CONTEXT,
        to=["rosa@example.com"],
        language="es",
        subject_format=gettext_lazy("Reminder: %(subject)s"),
    )

    assert message.subject.startswith("Recordatorio: Northside Community Academy")
    assert message.body.startswith("Estimado/a Rosa Lopez:")
    assert translation.get_language() == "en-us"  # the caller's language is left as it was
