"""The decision record of an exception request as PDF/A. WeasyPrint (slow to import) is
imported only here, and only when a PDF is rendered."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone


def render_decision(*, request, decision, events) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    class RefuseEverything(URLFetcher):
        # The template carries its style inline and no images: what a requester typed must
        # never make the renderer read a local file or the network.
        def fetch(self, url, headers=None):
            raise ValueError(f"The PDF renderer fetches nothing ({url}).")

    html = render_to_string(
        "exceptions/pdf/decision.html",
        {
            "request": request,
            "decision": decision,
            "events": events,
            "district": settings.DISTRICT,
            "rendered_at": timezone.now(),
        },
    )
    return HTML(string=html, url_fetcher=RefuseEverything()).write_pdf(pdf_variant="pdf/a-3b")
