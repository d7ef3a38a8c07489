"""Printed letters for an issue batch: a part of them as one PDF at once, or all of them in
one file made by the background worker."""

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from aup_portal.queue import enqueue
from consent import codes, pdf
from consent import letters as rendering
from consent.emails import sign_url
from consent.i18n import guardian_language
from consent.models import ConsentEvent, ConsentLink, EventKind, IssueBatch, LetterFile


def letter_codes_assign(*, links) -> list[tuple[ConsentLink, str]]:
    """Each link with its letter code, the code's hash stored on links that had none, so the
    code works from the moment its letter exists. A code follows from the link's nonce, so
    assigning it twice stores the same hash: safe to repeat.

    Side effects: ConsentLink.code_hash set on links that had none (one UPDATE per 500)."""
    pairs = [(link, codes.link_code(link)) for link in links]
    with transaction.atomic():
        missing = set(
            ConsentLink.objects.select_for_update()
            .filter(pk__in=[link.pk for link, _ in pairs], code_hash__isnull=True)
            .values_list("pk", flat=True)
        )
        for link, code in pairs:
            if link.pk in missing:
                link.code_hash = codes.hash_code(code)
        ConsentLink.objects.bulk_update(
            [link for link, _ in pairs if link.pk in missing], ["code_hash"], batch_size=500
        )
    return pairs


def _render(batch: IssueBatch, *, everyone: bool, part: int | None):
    """The letters' PDF (part ``part``, or all when None) and the links it has letters for."""
    links = rendering.letter_links(batch, everyone=everyone)
    if part is not None:
        start = (part - 1) * rendering.PART_SIZE
        links = links[start : start + rendering.PART_SIZE]
    links = list(links)
    pairs = letter_codes_assign(links=links)
    letters = []
    for link, code in pairs:
        url = sign_url(link)
        short = rendering.short_url(code)
        letters.append(
            {
                "link": link,
                "guardian": link.guardian,
                "student": link.request.student,
                "language": guardian_language(link.guardian),
                "code": codes.grouped(code),
                "url": url,
                "short_url": rendering.without_scheme(short),
                "code_url": rendering.without_scheme(settings.PORTAL_URL + reverse("consent:code")),
                "qr_svg": rendering.qr_svg(url),
            }
        )
    content = pdf.render_letters(batch, letters) if letters else b""
    return content, links


def _record_printed(links, *, user, ip=None) -> None:
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


def consent_letters_print(
    *, batch: IssueBatch, user, everyone: bool = False, part: int | None = 1, ip=None
):
    """Part ``part`` (of PART_SIZE letters) of the batch's letters as one PDF. Returns (pdf
    bytes, number of letters).

    Side effects: the short code's hash stored on links that had none; after the PDF is
    made, one "letter printed" event per letter (who printed it, and from where)."""
    content, links = _render(batch, everyone=everyone, part=part)
    with transaction.atomic():
        _record_printed(links, user=user, ip=ip)
    return content, len(links)


def letters_prepare(*, batch: IssueBatch, user, everyone: bool) -> LetterFile:
    """Asks the background worker for all of the batch's letters in one PDF.

    Side effects: one LetterFile row (none when one is already being made: a double click
    gets that one); queued with it, a task that makes the file (consent.tasks.make_letter_file)."""
    with transaction.atomic():
        IssueBatch.objects.select_for_update().get(pk=batch.pk)
        pending = LetterFile.objects.filter(
            batch=batch, everyone=everyone, finished_at__isnull=True
        ).first()
        if pending is not None:
            return pending
        letter_file = LetterFile.objects.create(batch=batch, everyone=everyone, requested_by=user)
        enqueue("consent.tasks.make_letter_file", letter_file_id=letter_file.pk)
    return letter_file


def letters_make_file(*, letter_file_id: int) -> LetterFile:
    """Makes a requested letters PDF and stores it privately (the worker's side). Safe to
    run again after a crash: the file, its "letter printed" events and its finishing commit
    together, so a rerun either finds it finished or makes it from the start.

    Side effects: the short codes' hashes; the PDF in private storage, the LetterFile
    finished, one "letter printed" event per letter."""
    letter_file = LetterFile.objects.select_related("batch", "requested_by").get(pk=letter_file_id)
    if letter_file.finished_at is not None:
        return letter_file
    # Rendered before the lock: a thousand letters take a while, and parents signing the
    # same links meanwhile must not wait for them.
    content, links = _render(letter_file.batch, everyone=letter_file.everyone, part=None)
    with transaction.atomic():
        letter_file = LetterFile.objects.select_for_update().get(pk=letter_file_id)
        if letter_file.finished_at is not None:  # another worker finished it meanwhile
            return letter_file
        _record_printed(links, user=letter_file.requested_by)
        letter_file.file.save(
            f"letters-batch-{letter_file.batch_id}.pdf", ContentFile(content), save=False
        )
        letter_file.letters = len(links)
        letter_file.finished_at = timezone.now()
        letter_file.save(update_fields=["file", "letters", "finished_at"])
    return letter_file
