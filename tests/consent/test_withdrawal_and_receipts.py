"""A withdrawal is sealed and filed as its own PDF/A document; after granting, declining or
withdrawing, the guardian who acted gets one receipt in their language with that document."""

import hashlib
import json

import pikepdf
import pytest
from django.db import transaction

from consent.models import ConsentReceipt, Revocation
from consent.services.forms_text import current_form_text
from consent.tasks import file_record_pdf, file_revocation_pdf
from roster.models import AccessPurpose, DocumentKind, RecordAccess
from tests.consent.conftest import answer, make_link, page_text, verify
from tests.consent.test_records import pdf_text

pytestmark = pytest.mark.django_db

WITHDRAW = {"reason": "child_left", "details": "Moving schools next week."}


@pytest.fixture
def granted(client, mother_link, bulk_alerts, django_capture_on_commit_callbacks):
    """The mother granted through her link (its PDF filed, her receipt sent); returns the
    link and its token, with this client verified."""
    link, token = mother_link
    verify(client, token)
    with django_capture_on_commit_callbacks(execute=True):
        answer(client, token, current_form_text(bulk_alerts).pk)
    return link, token


def withdraw(client, token, capture, **fields):
    with capture(execute=True):
        return client.post(f"/consent/sign/{token}/withdraw/", {**WITHDRAW, **fields})


def test_withdrawal_is_sealed_and_filed_as_pdfa(
    client, granted, django_capture_on_commit_callbacks
):
    link, token = granted

    withdraw(client, token, django_capture_on_commit_callbacks)

    revocation = Revocation.objects.select_related("document", "record").get()
    fields = json.loads(revocation.canonical)
    document = revocation.document
    content = document.file.read()
    text = pdf_text(content)
    with pikepdf.open(document.file.path) as pdf:
        assert pdf.open_metadata().pdfa_status == "3B"
    assert revocation.sha256 == hashlib.sha256(revocation.canonical.encode()).hexdigest()
    assert (fields["record_sha256"], fields["guardian"]) == (
        revocation.record.sha256,
        link.guardian_id,
    )
    assert fields["reason"] == "My child left the program or the school. Moving schools next week."
    assert (document.kind, document.school_year, document.sha256) == (
        DocumentKind.WITHDRAWAL,
        link.request.school_year,
        hashlib.sha256(content).hexdigest(),
    )
    assert "Withdrawal of texting consent" in text
    assert "Rosa Lopez" in text
    assert "My child left the program or the school" in text
    for digest in (revocation.sha256, revocation.record.sha256):
        assert digest in text.replace(" ", "")


def test_withdrawal_queues_its_filing_in_its_transaction(queued_tasks, client, mother_link):
    from consent.services.signing import consent_revoke
    from tests.consent.test_records import sign

    link, _token = mother_link
    record = sign(link)

    with pytest.raises(RuntimeError), transaction.atomic():
        consent_revoke(record=record, guardian=link.guardian, reason="Changed my mind")
        raise RuntimeError
    revocation, _created = consent_revoke(
        record=record, guardian=link.guardian, reason="Changed my mind"
    )

    assert [(t.task_path, t.args_kwargs["kwargs"]) for t in queued_tasks][1:] == [
        ("consent.tasks.file_revocation_pdf", {"revocation_id": revocation.pk})
    ]


def test_parent_after_withdrawing_downloads_the_withdrawal_not_only_the_grant(
    client, granted, django_capture_on_commit_callbacks
):
    link, token = granted
    withdraw(client, token, django_capture_on_commit_callbacks)

    page = client.get(f"/consent/sign/{token}/")
    grant_copy = client.get(f"/consent/sign/{token}/copy.pdf")
    withdrawal_copy = client.get(f"/consent/sign/{token}/withdrawal.pdf")

    revocation = Revocation.objects.select_related("document").get()
    assert f'href="/consent/sign/{token}/withdrawal.pdf"' in page.content.decode()
    assert "We emailed you a receipt with your copy attached." in page_text(page)
    body = b"".join(withdrawal_copy.streaming_content)
    assert body == revocation.document.file.open("rb").read()
    assert body != b"".join(grant_copy.streaming_content)
    assert list(
        RecordAccess.objects.filter(document=revocation.document).values_list("guardian", "purpose")
    ) == [(link.guardian_id, AccessPurpose.GUARDIAN_COPY)]


def test_other_guardian_gets_no_withdrawal_copy(
    client, granted, family, django_capture_on_commit_callbacks
):
    link, token = granted
    withdraw(client, token, django_capture_on_commit_callbacks)
    _student, _mother, father = family
    _father_link, father_token = make_link(
        student=link.request.student,
        guardian=father,
        program=link.request.program,
        school_year=link.request.school_year,
    )
    client.cookies.clear()
    verify(client, father_token)

    page = client.get(f"/consent/sign/{father_token}/")
    copy = client.get(f"/consent/sign/{father_token}/withdrawal.pdf")

    assert "withdrawal.pdf" not in page.content.decode()
    assert copy.status_code == 404


def test_receipts_after_grant_and_withdrawal_carry_the_guardians_documents(
    client, granted, mailoutbox, django_capture_on_commit_callbacks
):
    link, token = granted

    withdraw(client, token, django_capture_on_commit_callbacks)

    revocation = Revocation.objects.select_related("document", "record__document").get()
    receipts = [m for m in mailoutbox if "receipt" in m.subject]
    assert [m.to for m in receipts] == [["rosa@example.com"], ["rosa@example.com"]]
    # The grant's receipt carries Rosa's own copy of the filed form, the withdrawal's the
    # filed withdrawal itself.
    own_copy = pdf_text(receipts[0].attachments[0][1])
    assert "Copy for Rosa Lopez" in own_copy
    assert revocation.record.sha256 in own_copy.replace(" ", "")
    assert receipts[1].attachments[0][1] == revocation.document.file.open("rb").read()
    assert "You gave your permission." in receipts[0].body
    assert "You withdrew your permission." in receipts[1].body
    assert revocation.document.sha256 in receipts[1].body
    request = link.request
    assert receipts[0].subject == (
        f"{request.school.name}: your receipt for Bulk text notifications and alerts "
        f"(Maya, {request.school_year.label})"
    )


def test_receipt_after_decline(
    client, mother_link, bulk_alerts, mailoutbox, django_capture_on_commit_callbacks
):
    _link, token = mother_link
    verify(client, token)

    with django_capture_on_commit_callbacks(execute=True):
        answer(client, token, current_form_text(bulk_alerts).pk, decision="decline")

    receipts = [m for m in mailoutbox if "receipt" in m.subject]
    assert [(m.to, "You declined." in m.body) for m in receipts] == [(["rosa@example.com"], True)]


def test_receipt_is_sent_once_however_often_the_task_runs(granted, mailoutbox):
    link, _token = granted
    record = link.request.record

    file_record_pdf.call(record_id=record.pk)
    file_record_pdf.call(record_id=record.pk)

    assert len([m for m in mailoutbox if "receipt" in m.subject]) == 1
    assert ConsentReceipt.objects.filter(guardian=link.guardian).count() == 1


def test_receipt_in_the_guardians_language(
    client, mother_link, bulk_alerts, mailoutbox, django_capture_on_commit_callbacks
):
    link, token = mother_link
    link.guardian.preferred_language = "es"
    link.guardian.save()
    verify(client, token)

    with django_capture_on_commit_callbacks(execute=True):
        answer(client, token, current_form_text(bulk_alerts).pk)

    (receipt,) = [m for m in mailoutbox if "recibo" in m.subject.lower()]
    assert "Usted dio su permiso." in receipt.body


def test_guardian_without_email_gets_the_receipt_on_the_page(
    client, mother_link, bulk_alerts, mailoutbox, django_capture_on_commit_callbacks
):
    link, token = mother_link
    link.guardian.email = ""
    link.guardian.save()
    verify(client, token)

    with django_capture_on_commit_callbacks(execute=True):
        answer(client, token, current_form_text(bulk_alerts).pk)
    page = client.get(f"/consent/sign/{token}/")

    document = link.request.record.document
    text = page_text(page)
    assert all("receipt" not in m.subject for m in mailoutbox)
    assert f"The signed form, filed on {document.added_at:%B %-d, %Y}." in text
    assert "this page is your receipt" in text
    assert f'href="/consent/sign/{token}/copy.pdf"' in page.content.decode()
    assert ConsentReceipt.objects.count() == 0


def test_withdrawal_task_rerun_files_and_sends_nothing_twice(
    client, granted, mailoutbox, django_capture_on_commit_callbacks
):
    _link, token = granted
    withdraw(client, token, django_capture_on_commit_callbacks)
    revocation = Revocation.objects.get()
    sent = len(mailoutbox)

    again = file_revocation_pdf.call(revocation_id=revocation.pk)

    assert again == Revocation.objects.get().document_id
    assert len(mailoutbox) == sent


def test_reconcile_queues_the_filing_of_a_withdrawal_whose_job_was_lost(queued_tasks, mother_link):
    from django.core.management import call_command

    from consent.services.signing import consent_revoke
    from tests.consent.test_records import sign

    link, _token = mother_link
    record = sign(link)
    revocation, _created = consent_revoke(record=record, guardian=link.guardian, reason="")
    queued_tasks.delete()  # every job lost, as by a process dying

    call_command("reconcile")

    assert {
        "consent.tasks.file_revocation_pdf": {"revocation_id": revocation.pk},
        "consent.tasks.file_record_pdf": {"record_id": record.pk},
    } == {t.task_path: t.args_kwargs["kwargs"] for t in queued_tasks}
