"""The consent app's PDFs: signed records, countersignatures and withdrawals (PDF/A, for the
cumulative record) and printed letters. Rendering is aup_portal.pdf's; here, templates and
context."""

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from aup_portal.pdf import PDF_A, pdf_from_html, pdf_from_template, pdf_html, stylesheet

# The styles of every template under consent/pdf/ but the page footer.
STYLE = Path(__file__).with_name("pdf.css")


def _style():
    return stylesheet(STYLE)


def render_consent_record(record, *, viewer=None) -> bytes:
    """The signed form in the language of the version the parent signed: the complete copy
    filed for staff, or, with ``viewer`` (a guardian), that guardian's copy, which leaves
    out every other guardian's contact details, IP addresses and browser and adds the phone
    number changes since signing."""
    return pdf_from_html(record_html(record, viewer=viewer), variant=PDF_A, stylesheets=[_style()])


def record_html(record, *, viewer=None) -> str:
    """render_consent_record's HTML."""
    request = record.request
    events = list(request.events.select_related("guardian", "user").order_by("at", "pk"))
    other_signer = viewer is not None and record.guardian_id != viewer.pk
    for event in events:
        # Another guardian's event keeps what happened, when and who; not its details
        # (an email address, a reason in their words) nor their IP address.
        event.withheld = viewer is not None and event.guardian_id not in (None, viewer.pk)
    with translation.override(record.form_text.language):
        return pdf_html(
            "consent/pdf/record.html",
            {
                "record": record,
                "request": request,
                "program": request.program,
                "student": request.student,
                "form_text": record.form_text,
                "events": events,
                "viewer": viewer,
                "other_signer": other_signer,
                "phone_changes": list(record.phone_changes.all()) if viewer else [],
            },
        )


def render_phone_change(change) -> bytes:
    """A phone number change, in the language of the version the guardian signed."""
    return _render_later_step("consent/pdf/phone_change.html", change=change)


def render_countersignature(countersignature) -> bytes:
    record = countersignature.record
    return pdf_from_template(
        "consent/pdf/countersignature.html",
        {
            "countersignature": countersignature,
            "record": record,
            "request": record.request,
            "program": record.request.program,
            "student": record.request.student,
        },
        variant=PDF_A,
        stylesheets=[_style()],
    )


def render_revocation(revocation) -> bytes:
    """A withdrawal, in the language of the form the guardian had signed."""
    return _render_later_step("consent/pdf/revocation.html", revocation=revocation)


def _render_later_step(template: str, **step) -> bytes:
    """A step after a signed record (one keyword: the withdrawal or phone change, which has
    ``record``), in the language of the form the guardian signed."""
    (row,) = step.values()
    record = row.record
    request = record.request
    with translation.override(record.form_text.language):
        return pdf_from_template(
            template,
            {
                **step,
                "record": record,
                "request": request,
                "program": request.program,
                "student": request.student,
            },
            variant=PDF_A,
            stylesheets=[_style()],
        )


def render_letters(batch, letters) -> bytes:
    """One printable PDF of parent letters, a page each, each in its guardian's language.

    ``letters`` holds dicts with the link, guardian, student, code, short URL and QR SVG.
    Not PDF/A: letters are mail, not records (the record is what the parent then signs)."""
    from django.utils.safestring import mark_safe

    base = {"batch": batch, "program": batch.program, "school": batch.school}
    base["district"] = settings.DISTRICT
    pages = []
    for letter in letters:
        with translation.override(letter["language"]):
            pages.append(render_to_string("consent/letters/letter.html", {**base, **letter}))
    html = render_to_string(
        "consent/letters/letters.html",
        {**base, "pages": mark_safe("".join(pages)), "count": len(pages)},  # noqa: S308 (our templates' output)
    )
    return pdf_from_html(html)
