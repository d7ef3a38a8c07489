"""Printed letters for an issue batch: one page per guardian with the link as a short URL,
the short code to type at /consent/code/ and a QR code of the link, for families without
email (or, on request, for every guardian of the batch)."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from consent import codes, pdf
from consent.emails import sign_url
from consent.models import ConsentEvent, ConsentLink, EventKind, IssueBatch, RequestStatus


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


def _without_scheme(url: str) -> str:
    return url.split("://", 1)[-1]


def _language(guardian) -> str:
    try:
        return translation.get_supported_language_variant(guardian.preferred_language)
    except LookupError:
        return "en"


def _qr_svg(url: str) -> str:
    import segno  # only needed when letters are made

    # Medium error correction survives a smudged or folded letter; 1 mm modules stay
    # readable from a photocopy.
    return segno.make(url, error="m", micro=False).svg_inline(scale=1, border=4, unit="mm")


# WeasyPrint lays out 8 to 15 letters a second on one core (measured: 200 letters in 12 s idle,
# 25 s on a loaded machine): a part of 200 stays inside a web worker's timeout.
PART_SIZE = 200


def consent_letters_print(
    *, batch: IssueBatch, user, everyone: bool = False, part: int = 1, ip=None
):
    """Part ``part`` (of PART_SIZE letters) of the batch's letters as one PDF. Returns
    (pdf bytes, number of letters).

    Side effects: the short code's hash stored on links that had none; after the PDF is
    made, one "letter printed" event per letter (who printed it, and from where)."""
    start = (part - 1) * PART_SIZE
    links = list(letter_links(batch, everyone=everyone)[start : start + PART_SIZE])
    pairs = codes.links_with_codes(links)
    letters = []
    for link, code in pairs:
        url = sign_url(link)
        short = short_url(code)
        letters.append(
            {
                "link": link,
                "guardian": link.guardian,
                "student": link.request.student,
                "language": _language(link.guardian),
                "code": codes.grouped(code),
                "url": url,
                "short_url": _without_scheme(short),
                "code_url": _without_scheme(settings.PORTAL_URL + reverse("consent:code")),
                "qr_svg": _qr_svg(url),
            }
        )
    content = pdf.render_letters(batch, letters) if letters else b""
    with transaction.atomic():
        ConsentEvent.objects.bulk_create(
            (
                ConsentEvent(
                    request_id=link.request_id,
                    kind=EventKind.LETTER_PRINTED,
                    user=user,
                    guardian_id=link.guardian_id,
                    ip_address=ip,
                    detail="Letter for a guardian without email"
                    if not link.guardian.email
                    else "Letter printed on request",
                )
                for link in links
            ),
            batch_size=500,
        )
    return content, len(letters)
