"""Phone numbers changed after granting: a sealed amendment (old → new, when, who), filed as a
PDF/A in the cumulative record, receipted by email in the guardian's language; exports and the
API then use the newest numbers."""

import hashlib
import json

import pikepdf
import pytest

from consent.models import ConsentEvent, ConsentRecord, EventKind, PhoneChange
from consent.services.amending import consent_phone_change
from consent.services.errors import ConsentError
from consent.services.forms_text import current_form_text
from consent.services.keys import texting_key_create
from consent.services.signing import consent_revoke
from roster.models import DocumentKind
from tests.consent.conftest import answer, page_text, plain_text, verify
from tests.consent.test_check import signed
from tests.consent.test_export import rows
from tests.consent.test_records import pdf_text
from tests.factories import StudentFactory
from tests.helpers import at_once

NEW = {"student_mobile": "312-555-0177", "parent_mobile": "312-555-0166"}


@pytest.fixture
def granted(client, mother_link, bulk_alerts, django_capture_on_commit_callbacks):
    """Rosa granted, with the same alerts to her phone, in this browser; returns (link, token)."""
    link, token = mother_link
    verify(client, token)
    with django_capture_on_commit_callbacks(execute=True):
        answer(
            client,
            token,
            current_form_text(bulk_alerts).pk,
            duplicate_alerts="on",
            parent_mobile="773-555-0188",
        )
    return link, token


def test_signer_changes_both_numbers_as_a_sealed_amendment(client, granted):
    link, token = granted

    response = client.post(f"/consent/sign/{token}/phones/", NEW, REMOTE_ADDR="203.0.113.5")

    assert response.status_code == 302
    change = PhoneChange.objects.get()
    record = ConsentRecord.objects.get()
    assert (str(change.old_student_mobile), str(change.new_student_mobile)) == (
        "+17735550142",
        "+13125550177",
    )
    assert (str(change.old_parent_mobile), str(change.new_parent_mobile)) == (
        "+17735550188",
        "+13125550166",
    )
    assert (change.guardian, change.link, change.ip_address) == (link.guardian, link, "203.0.113.5")
    assert change.sha256 == hashlib.sha256(change.canonical.encode()).hexdigest()
    assert json.loads(change.canonical)["record_sha256"] == record.sha256
    assert str(record.student_mobile) == "+17735550142"  # the signed record never changes
    assert ConsentEvent.objects.filter(kind=EventKind.PHONES_CHANGED).count() == 1
    text = plain_text(client.get(f"/consent/sign/{token}/"))
    assert "Your new phone numbers are saved." in text
    assert "your child's mobile (773) 555-0142 → (312) 555-0177" in text


def test_change_is_filed_as_pdfa_and_receipted(
    client, granted, mailoutbox, django_capture_on_commit_callbacks
):
    _link, token = granted
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/consent/sign/{token}/phones/", NEW)

    change = PhoneChange.objects.select_related("document").get()
    document = change.document
    content = document.file.read()
    with pikepdf.open(document.file.path) as pdf:
        assert pdf.open_metadata().pdfa_status == "3B"
    text = pdf_text(content)
    assert document.kind == DocumentKind.PHONE_CHANGE
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert "(773) 555-0142 (312) 555-0177" in text
    assert change.sha256 in text.replace(" ", "")
    [receipt] = mailoutbox
    assert receipt.to == ["rosa@example.com"]
    assert "Your child's mobile phone: (773) 555-0142 → (312) 555-0177" in receipt.body
    assert receipt.attachments[0][1] == content
    assert change.receipt_sent_at is not None


def test_receipt_is_in_the_guardians_language(
    client, family, granted, mailoutbox, django_capture_on_commit_callbacks
):
    _link, token = granted
    mother = family[1]
    mother.preferred_language = "es"
    mother.save()
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/consent/sign/{token}/phones/", NEW)

    [receipt] = mailoutbox
    assert "números de teléfono" in receipt.subject
    assert "El celular de su hijo o hija: (773) 555-0142 → (312) 555-0177" in receipt.body


def test_change_is_queued_in_the_same_transaction(queued_tasks, granted):
    link, _token = granted

    change, created = consent_phone_change(link=link, **NEW)

    assert created is True
    queued = [(row.task_path, row.args_kwargs["kwargs"]) for row in queued_tasks]
    assert ("consent.tasks.file_phone_change", {"change_id": change.pk}) in queued


def test_bad_number_is_refused_beside_the_field_and_kept(client, granted):
    _link, token = granted

    response = client.post(
        f"/consent/sign/{token}/phones/", {"student_mobile": "12345", "parent_mobile": ""}
    )

    text = page_text(response)
    assert response.status_code == 400
    assert "Enter a valid phone number, for example 773-555-0123." in text
    assert "Enter your mobile number to receive the alerts." in text
    assert 'value="12345"' in text
    assert PhoneChange.objects.count() == 0


def test_double_submit_writes_one_change(client, granted):
    _link, token = granted

    first = client.post(f"/consent/sign/{token}/phones/", NEW)
    second = client.post(f"/consent/sign/{token}/phones/", NEW, follow=True)

    assert (first.status_code, PhoneChange.objects.count()) == (302, 1)
    assert "These are already the numbers in use." in page_text(second)


@pytest.mark.django_db(transaction=True)
def test_two_changes_at_once_make_one_row(family, bulk_alerts, school_year):
    record = signed(family[0], bulk_alerts, school_year, guardian=family[1])

    outcomes = at_once(
        lambda: consent_phone_change(link=record.link, student_mobile="+13125550177"),
        lambda: consent_phone_change(link=record.link, student_mobile="+13125550177"),
    )

    assert sorted(outcome[1][1] for outcome in outcomes) == [False, True]
    assert PhoneChange.objects.count() == 1


def test_a_later_change_starts_from_the_newest_numbers(granted):
    link, _token = granted

    consent_phone_change(link=link, **NEW)
    second, _created = consent_phone_change(
        link=link, student_mobile="+13125550100", parent_mobile=NEW["parent_mobile"]
    )

    assert (str(second.old_student_mobile), str(second.new_student_mobile)) == (
        "+13125550177",
        "+13125550100",
    )


def test_no_change_after_withdrawal(client, granted):
    link, token = granted
    consent_revoke(record=ConsentRecord.objects.get(), guardian=link.guardian, reason="No.")

    with pytest.raises(ConsentError) as refused:
        consent_phone_change(link=link, **NEW)
    page = client.get(f"/consent/sign/{token}/")

    assert refused.value.code == "not_granted"
    assert "Save the new numbers" not in page_text(page)


def test_no_change_to_a_decline(family, bulk_alerts, school_year):
    record = signed(family[0], bulk_alerts, school_year, guardian=family[1], decision="decline")

    with pytest.raises(ConsentError) as refused:
        consent_phone_change(link=record.link, student_mobile="+13125550177")

    assert refused.value.code == "not_granted"


def test_withdraw_form_points_to_the_change(client, granted):
    _link, token = granted

    text = page_text(client.get(f"/consent/sign/{token}/"))

    assert "Only a phone number changed? Change it above instead" in text
    assert "The phone number changed" not in text


# --- Exports and the API use the newest numbers, in a fixed number of queries -----------


def _covered_with_changes(school, program, school_year, count):
    for _ in range(count):
        record = signed(StudentFactory(school=school, grade=10), program, school_year)
        consent_phone_change(link=record.link, student_mobile="+13125550177")


@pytest.mark.parametrize("students", [1, 3])
def test_export_uses_newest_numbers_in_fixed_queries(
    client, its_reviewer, school_a, bulk_alerts, school_year, students, django_assert_num_queries
):
    _covered_with_changes(school_a, bulk_alerts, school_year, students)
    client.force_login(its_reviewer)

    # Streamed: the rows are read as the body goes out, so it is read inside the count.
    with django_assert_num_queries(12):
        response = client.get("/consent/export/bulk-alerts.csv", {"school": "1001"})
        mobiles = [row["student_mobile"] for row in rows(response)]

    assert mobiles == ["+13125550177"] * students


@pytest.mark.parametrize("students", [1, 3])
def test_api_uses_newest_numbers_in_fixed_queries(
    client, its_reviewer, school_a, bulk_alerts, school_year, students, django_assert_num_queries
):
    _covered_with_changes(school_a, bulk_alerts, school_year, students)
    _row, key = texting_key_create(name="District alerts", created_by=its_reviewer)

    with django_assert_num_queries(8):
        response = client.get(
            "/consent/api/v1/programs/bulk-alerts/covered",
            {"school": "1001"},
            headers={"Authorization": f"Bearer {key}"},
        )
        body = json.loads(b"".join(response.streaming_content))

    mobiles = [row["student_mobile"] for row in body["students"]]
    assert mobiles == ["+13125550177"] * students
