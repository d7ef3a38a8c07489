"""The consent app's emails, each a subject / text / HTML trio of templates."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils.translation import gettext_lazy

from aup_portal.emails import email_message
from consent.i18n import guardian_language
from consent.links import link_token
from consent.services.forms_text import current_form_text
from roster.models import Role, User


def sign_url(link) -> str:
    return settings.PORTAL_URL + reverse("consent:sign", args=[link_token(link)])


def consent_link_email(link, *, connection=None, reminder=False) -> EmailMultiAlternatives:
    """The link's email, in the guardian's preferred language (English unless Spanish)."""
    request = link.request
    language = guardian_language(link.guardian)
    form_text = current_form_text(request.program, language)
    context = {
        # Sent with the English text (the issuer's explicit choice): the email says so.
        "form_in_english": form_text is not None and form_text.language != language,
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
        language=language,
        subject_format=gettext_lazy("Reminder: %(subject)s") if reminder else None,
        connection=connection,
    )


def student_record_url(student) -> str:
    return settings.PORTAL_URL + reverse("consent:student_record", args=[student.student_id])


def link_locked_emails(link, *, connection=None) -> list[EmailMultiAlternatives]:
    """To each principal of the link's school: a guardian's link is locked after repeated
    wrong dates of birth, and the school can send a new one from the student's record."""
    request = link.request
    principals = (
        User.objects.filter(
            is_active=True,
            staff_roles__role=Role.PRINCIPAL,
            staff_roles__school=request.school_id,
        )
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
    context = {
        "guardian": link.guardian,
        "student": request.student,
        "program": request.program,
        "school": request.school,
        "url": student_record_url(request.student),
        "district": settings.DISTRICT,
    }
    return [
        email_message(
            "consent/email/link_locked",
            {**context, "user": user},
            to=[user.email],
            language="en",  # staff read the portal in English
            connection=connection,
        )
        for user in principals
    ]


def receipt_email(
    *, document, guardian, consent_request, what, copy=None, connection=None
) -> EmailMultiAlternatives:
    """A guardian's receipt, in their language, with the filed document (or ``copy``, the
    bytes of their own copy of it) attached."""
    student = consent_request.student
    message = email_message(
        "consent/email/receipt",
        {
            "guardian": guardian,
            "student": student,
            "school": consent_request.school,
            "program": consent_request.program,
            "school_year": consent_request.school_year,
            "what": what,
            "document": document,
            "district": settings.DISTRICT,
        },
        to=[guardian.email],
        language=guardian_language(guardian),
        connection=connection,
    )
    _attach(message, document, student, copy)
    return message


def phone_change_receipt(change, *, connection=None) -> EmailMultiAlternatives:
    """The receipt of a phone change, in the guardian's language, its filed PDF attached."""
    request = change.record.request
    message = email_message(
        "consent/email/phone_change",
        {
            "guardian": change.guardian,
            "change": change,
            "student": request.student,
            "school": request.school,
            "program": request.program,
            "school_year": request.school_year,
            "district": settings.DISTRICT,
        },
        to=[change.guardian.email],
        language=guardian_language(change.guardian),
        connection=connection,
    )
    if change.document is not None:
        _attach(message, change.document, request.student)
    return message


def _attach(message, document, student, content: bytes | None = None) -> None:
    """Attaches a filed document (or ``content``, the guardian's own copy of it)."""
    if content is None:
        with document.file.open("rb") as file:
            content = file.read()
    message.attach(f"{document.kind}-{student.student_id}.pdf", content, document.content_type)
