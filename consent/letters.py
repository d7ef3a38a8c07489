"""Letter-rendering helpers for an issue batch's printed letters: which links get a letter,
the short URL and code to type at /consent/code/, the QR code of the link, and the size of
a part."""

from django.conf import settings
from django.urls import reverse

from consent import codes
from consent.models import ConsentLink, IssueBatch, RequestStatus


def letter_links(batch: IssueBatch, *, everyone: bool = False):
    """The links that get a letter: those of the batch's unanswered requests whose guardian
    has no email on file (every guardian with ``everyone``), in class-list order."""
    links = ConsentLink.objects.filter(request__batch=batch, request__status=RequestStatus.OPEN)
    if not everyone:
        links = links.filter(guardian__email="")
    return links.select_related("guardian", "request__student").order_by(
        "request__student__last_name",
        "request__student__first_name",
        "request__student_id",
        "guardian__last_name",
        "guardian__first_name",
        "pk",
    )


def short_url(code: str) -> str:
    """The printed address that leads to the link: shorter to type than the link itself."""
    return settings.PORTAL_URL + reverse("consent:code_go", args=[codes.grouped(code)])


def without_scheme(url: str) -> str:
    return url.split("://", 1)[-1]


def qr_svg(url: str) -> str:
    import segno  # only needed when letters are made

    # Medium error correction survives a smudged or folded letter; 1 mm modules stay
    # readable from a photocopy.
    return segno.make(url, error="m", micro=False).svg_inline(scale=1, border=4, unit="mm")


# WeasyPrint lays out 8 to 15 letters a second on one core (measured: 200 letters in 12 s idle,
# 25 s on a loaded machine): a part of 200 stays inside a web worker's timeout.
PART_SIZE = 200
