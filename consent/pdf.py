"""PDF/A renderings of signed records, for the cumulative record. The only module that
imports WeasyPrint (slow to import), and only when a PDF is rendered."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation


def _render(template_name: str, context: dict) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    class RefuseEverything(URLFetcher):
        # The templates carry their styles inline and no images: a form's text must never
        # make the renderer read a local file or the network.
        def fetch(self, url, headers=None):
            raise ValueError(f"The PDF renderer fetches nothing ({url}).")

    html = render_to_string(
        template_name,
        {**context, "district": settings.DISTRICT, "rendered_at": timezone.now()},
    )
    return HTML(string=html, url_fetcher=RefuseEverything()).write_pdf(pdf_variant="pdf/a-3b")


def render_consent_record(record) -> bytes:
    """The signed form in the language of the version the parent signed."""
    request = record.request
    with translation.override(record.form_text.language):
        return _render(
            "consent/pdf/record.html",
            {
                "record": record,
                "request": request,
                "program": request.program,
                "student": request.student,
                "form_text": record.form_text,
                "events": request.events.select_related("guardian", "user").order_by("at", "pk"),
            },
        )


def render_countersignature(countersignature) -> bytes:
    record = countersignature.record
    return _render(
        "consent/pdf/countersignature.html",
        {
            "countersignature": countersignature,
            "record": record,
            "request": record.request,
            "program": record.request.program,
            "student": record.request.student,
        },
    )


def _pdf_from_html(html: str, **options) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    class RefuseEverything(URLFetcher):
        # Letters carry their QR codes as inline SVG: nothing to fetch, ever.
        def fetch(self, url, headers=None):
            raise ValueError(f"The PDF renderer fetches nothing ({url}).")

    return HTML(string=html, url_fetcher=RefuseEverything()).write_pdf(**options)


def render_letters(batch, letters) -> bytes:
    """One printable PDF of parent letters, a page each, each in its guardian's language.

    ``letters`` holds dicts with the link, guardian, student, code, short URL and QR SVG.
    Not PDF/A: letters are mail, not records (the record is what the parent then signs)."""
    from django.utils import translation
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
    return _pdf_from_html(html)
