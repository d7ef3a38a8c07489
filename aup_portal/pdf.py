"""HTML to PDF: the only module that imports WeasyPrint (slow to import, so only when a PDF
is rendered), always with a URL fetcher that refuses everything."""

import threading
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

# Records filed as evidence are PDF/A-3b (archival, fonts embedded); letters are plain PDF.
PDF_A = "pdf/a-3b"

# WeasyPrint makes a new font configuration (a Pango font map: every font found and loaded
# again) for each document unless given one. Our templates declare no @font-face, so one per
# thread (Pango's font maps are not shared between threads) serves every render.
_fonts = threading.local()


def _font_config():
    from weasyprint.text.fonts import FontConfiguration

    if not hasattr(_fonts, "config"):
        _fonts.config = FontConfiguration()
    return _fonts.config


def stylesheet(path) -> "weasyprint.CSS":  # noqa: F821 — imported only when rendering
    """The CSS file at ``path``, parsed once per thread: parsing a template's <style> again
    for every document was a measurable part of a small PDF's time."""
    from weasyprint import CSS

    sheets = _fonts.__dict__.setdefault("stylesheets", {})
    if path not in sheets:
        sheets[path] = CSS(string=Path(path).read_text(), font_config=_font_config())
    return sheets[path]


def pdf_from_html(html: str, *, variant: str | None = None, stylesheets=()) -> bytes:
    """``html`` as PDF (``variant``: a WeasyPrint pdf_variant such as PDF_A, or None), styled
    by its own <style> and then ``stylesheets`` (from ``stylesheet``).

    Our templates carry their styles inline and their images as inline SVG: nothing is
    fetched, ever, so text someone typed into a form can't make the renderer read a local
    file or the network."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    class RefuseEverything(URLFetcher):
        def fetch(self, url, headers=None):
            raise ValueError(f"The PDF renderer fetches nothing ({url}).")

    options = {"pdf_variant": variant} if variant else {}
    return HTML(string=html, url_fetcher=RefuseEverything()).write_pdf(
        font_config=_font_config(), stylesheets=list(stylesheets), **options
    )


def pdf_from_template(
    template_name: str, context: dict, *, variant: str | None = None, stylesheets=()
) -> bytes:
    """A template rendered to PDF (pdf_html, then pdf_from_html)."""
    return pdf_from_html(pdf_html(template_name, context), variant=variant, stylesheets=stylesheets)


def pdf_html(template_name: str, context: dict) -> str:
    """A PDF template's HTML, with the district and the rendering time in its context."""
    return render_to_string(
        template_name,
        {**context, "district": settings.DISTRICT, "rendered_at": timezone.now()},
    )
