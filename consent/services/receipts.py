"""Receipts: after a guardian acts (grants, declines, withdraws), an email in their language
with the document filed for it attached, sent once per document and guardian."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from consent import emails, pdf
from consent.models import ConsentReceipt, ConsentRecord, Decision, Revocation, Source

GRANTED = _("You gave your permission.")
DECLINED = _("You declined.")
WITHDRAWN = _("You withdrew your permission. Staff may no longer text your child under it.")


def consent_receipt_send(
    *, document, guardian, consent_request, what, copy=None, connection=None
) -> bool:
    """Emails ``guardian`` a receipt for ``document`` (attached), in their language, unless
    one was already sent for it or they have no email address; True when sent. ``what`` is
    a lazy sentence saying what they did (GRANTED, DECLINED, WITHDRAWN or the caller's own);
    ``copy``, when given, is the PDF attached instead of the filed file (the guardian's own copy).

    Side effects: one email with the document attached; one ConsentReceipt row. The row is
    written before the email goes out, in the same transaction: a second sender waits on its
    unique key, then finds it and sends nothing; an email that fails rolls the row back, so
    a retry sends it."""
    if not guardian.email:
        return False
    with transaction.atomic():
        try:
            with transaction.atomic():
                ConsentReceipt.objects.create(
                    document=document, guardian=guardian, email=guardian.email
                )
        except IntegrityError:
            return False
        emails.receipt_email(
            document=document,
            guardian=guardian,
            consent_request=consent_request,
            what=what,
            copy=copy,
            connection=connection,
        ).send()
    return True


def record_receipt_send(*, record_id: int) -> bool:
    """The receipt of a guardian's electronic answer, once its PDF is filed (a paper form's
    guardian signed at school and gets none)."""
    record = (
        ConsentRecord.objects.select_related(
            "document", "guardian", "request__program", "request__school_year"
        )
        .select_related("request__student", "request__school")
        .get(pk=record_id)
    )
    if record.document is None or record.source != Source.ELECTRONIC:
        return False
    return consent_receipt_send(
        document=record.document,
        guardian=record.guardian,
        consent_request=record.request,
        what=GRANTED if record.decision == Decision.GRANT else DECLINED,
        # The guardian's own copy: the filed one holds other guardians' contact details.
        copy=pdf.render_consent_record(record, viewer=record.guardian),
    )


def revocation_receipt_send(*, revocation_id: int) -> bool:
    """The receipt of a withdrawal, to the guardian who withdrew, once its PDF is filed."""
    revocation = (
        Revocation.objects.select_related(
            "document", "guardian", "record__request__program", "record__request__school_year"
        )
        .select_related("record__request__student", "record__request__school")
        .get(pk=revocation_id)
    )
    if revocation.document is None:
        return False
    return consent_receipt_send(
        document=revocation.document,
        guardian=revocation.guardian,
        consent_request=revocation.record.request,
        what=WITHDRAWN,
    )
