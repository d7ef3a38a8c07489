"""The guardian's own documents, from their signing link: their copy of the signed form
(without another guardian's personal details) and their withdrawal."""

import io

from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from aup_portal.files import being_filed, open_private
from aup_portal.http import client_ip
from consent import pdf
from consent.links import LinkProblem
from consent.models import ConsentRecord
from consent.services.filing import consent_file_pdf, consent_file_revocation_pdf
from consent.views.parents import answer_shown, parent_page, verified_link_view
from consent.views.school import pdf_response
from roster.models import AccessPurpose
from roster.services import record_access_log


@verified_link_view
@require_GET
def sign_copy(request, token, link):
    """The guardian's own copy of the signed form (PDF), without another guardian's
    personal details; logged against the filed document like every other view."""
    record = answer_shown(link.request)
    if record is None:
        raise Http404
    return _guardian_download(
        request,
        link,
        consent_file_pdf,
        record_id=record.pk,
        # Rendered for this guardian: another guardian's personal details left out (the
        # filed staff copy keeps everything).
        copy=lambda: pdf.render_consent_record(record, viewer=link.guardian),
    )


@verified_link_view
@require_GET
def sign_withdrawal_copy(request, token, link):
    """The withdrawal's PDF, for the guardian who withdrew; logged like every other view."""
    revocation = (
        ConsentRecord.objects.filter(request=link.request, revocation__guardian=link.guardian)
        .values_list("revocation", flat=True)
        .first()
    )
    if revocation is None:
        raise Http404
    return _guardian_download(request, link, consent_file_revocation_pdf, revocation_id=revocation)


def _guardian_download(request, link, file_document, copy=None, **document_id):
    """Files the document now if its task has not yet (``file_document`` is the filing
    service), logs the guardian's download and streams it, or the bytes ``copy()`` renders
    for them; the "being filed" page when the storage cannot be written or read now (the
    filing task retries)."""
    try:
        with translation.override("en"):  # a document filed now is titled for staff
            document = file_document(**document_id)
    except OSError:
        return being_filed(request)
    if document.is_destroyed:
        problem = LinkProblem(
            title=gettext("This form is no longer kept"),
            message=gettext(
                "The school kept this signed form for as long as the law requires after the "
                "student left, then destroyed it. A record that it existed is kept."
            ),
            status=410,
        )
        return parent_page(request, "consent/sign/problem.html", {"problem": problem}, 410)
    handle = io.BytesIO(copy()) if copy else open_private(document.file)
    if handle is None:
        return being_filed(request)
    record_access_log(
        student=link.request.student,
        document=document,
        guardian=link.guardian,
        action=f"downloaded at {request.path}",  # the token is redacted when written
        purpose=AccessPurpose.GUARDIAN_COPY,
        ip=client_ip(request),
    )
    return pdf_response(document, handle)
