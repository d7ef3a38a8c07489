"""Staff pages for an issue batch's printed letters: a part as PDF, the whole batch prepared
in the background, and its download."""

from math import ceil

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from aup_portal.files import attachment_response, being_filed, open_private
from aup_portal.http import client_ip, digits
from consent import letters
from consent.models import IssueBatch, LetterFile
from consent.services.letters import consent_letters_print, letters_prepare
from roster.access import Action, can, schools_for


@require_GET
def batch_letters(request, pk):
    """The batch's letters as one PDF: guardians without email, or ?everyone=1 for all."""
    if not can(request.user, Action.ISSUE_CONSENT):
        raise PermissionDenied
    batch = get_object_or_404(
        IssueBatch.objects.select_related("program", "school", "school_year"),
        pk=pk,
        school__in=schools_for(request.user, Action.ISSUE_CONSENT),
    )
    everyone = request.GET.get("everyone") == "1"
    total = letters.letter_links(batch, everyone=everyone).count()
    parts = ceil(total / letters.PART_SIZE)
    part = request.GET.get("part", "")
    if not total or (parts > 1 and not part):
        size = letters.PART_SIZE
        return render(
            request,
            "consent/letters/parts.html",
            {
                "batch": batch,
                "everyone": everyone,
                "total": total,
                "parts": [
                    (n, (n - 1) * size + 1, min(n * size, total)) for n in range(1, parts + 1)
                ],
                "letter_file": batch.letter_files.filter(everyone=everyone).first(),
            },
        )
    part = int(part) if digits(part) and 1 <= int(part) <= parts else 1
    content, _count = consent_letters_print(
        batch=batch, user=request.user, everyone=everyone, part=part, ip=client_ip(request)
    )
    response = HttpResponse(content, content_type="application/pdf")
    which = ("all" if everyone else "no-email") + (f"-part{part}" if parts > 1 else "")
    response["Content-Disposition"] = (
        f'attachment; filename="letters-{batch.school.code}-{batch.program.slug}-{batch.pk}-'
        f'{which}.pdf"'
    )
    response["Cache-Control"] = "no-store"
    return response


def _batch_for_issuer(request, pk):
    if not can(request.user, Action.ISSUE_CONSENT):
        raise PermissionDenied
    return get_object_or_404(
        IssueBatch.objects.select_related("school"),
        pk=pk,
        school__in=schools_for(request.user, Action.ISSUE_CONSENT),
    )


@require_POST
def batch_letters_prepare(request, pk):
    """All the batch's letters in one PDF, made by the background worker."""
    batch = _batch_for_issuer(request, pk)
    everyone = request.POST.get("everyone") == "1"
    letters_prepare(batch=batch, user=request.user, everyone=everyone)
    query = "?everyone=1" if everyone else ""
    return redirect(reverse("consent:batch_letters", args=[batch.pk]) + query)


@require_GET
def letter_file_download(request, pk):
    letter_file = get_object_or_404(
        LetterFile.objects.select_related("batch__school", "batch__program"),
        pk=pk,
        finished_at__isnull=False,
        batch__school__in=schools_for(request.user, Action.ISSUE_CONSENT),
    )
    if not can(request.user, Action.ISSUE_CONSENT, letter_file.batch):
        raise PermissionDenied
    batch = letter_file.batch
    handle = open_private(letter_file.file)
    if handle is None:
        return being_filed(request)
    return attachment_response(
        handle,
        filename=f"letters-{batch.school.code}-{batch.program.slug}-{batch.pk}-all.pdf",
        content_type="application/pdf",
    )
