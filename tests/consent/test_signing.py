"""The parent's signing flow at /consent/sign/<token>/, through HTTP."""

import datetime
import hashlib
import json

import pytest
import time_machine

from consent.coverage import coverage_for
from consent.models import ConsentEvent, ConsentRecord, Decision, RequestStatus
from consent.services.signing import record_fields_for_hash
from roster.models import RecordAccess
from tests.consent.conftest import answer, make_link, page_text, verify
from tests.consent.test_records import pdf_text


def form_text_pk(program):
    return program.form_texts.get(language="en", version=1).pk


def test_sign_link_first_asks_for_the_date_of_birth(client, mother_link):
    _link, token = mother_link

    response = client.get(f"/consent/sign/{token}/")

    assert response.status_code == 200
    assert "Maya's date of birth" in page_text(response)
    assert "no-store" in response["Cache-Control"]
    assert "Rosa" not in page_text(response)  # nothing about the family before verification


def test_sign_wrong_date_of_birth_is_refused_without_saying_which_part(client, mother_link):
    link, token = mother_link

    response = verify(client, token, datetime.date(2010, 5, 18))

    link.refresh_from_db()
    assert response.status_code == 200
    assert "doesn't match our records" in page_text(response)
    assert link.failed_checks == 1
    assert 'value="18"' in page_text(response)  # what was typed is kept


def test_sign_right_date_of_birth_shows_the_form(client, mother_link, bulk_alerts):
    _link, token = mother_link

    response = verify(client, token)
    page = client.get(f"/consent/sign/{token}/")

    assert response.status_code == 302
    assert page.status_code == 200
    assert "Permission to send text alerts to your child" in page_text(page)
    assert "June 11, 2027" in page_text(page)
    assert "agree to sign it electronically" in page_text(page)


def test_sign_grant_records_the_signature(client, mother_link, bulk_alerts):
    link, token = mother_link
    verify(client, token)

    response = answer(
        client,
        token,
        form_text_pk(bulk_alerts),
        duplicate_alerts="on",
        parent_mobile="(773) 555-0199",
        HTTP_USER_AGENT="Phone browser",
    )

    record = ConsentRecord.objects.get(request=link.request)
    assert response.status_code == 302
    assert (record.decision, record.signer_name, record.relationship) == (
        Decision.GRANT,
        "Rosa Lopez",
        "mother",
    )
    assert (str(record.student_mobile), str(record.parent_mobile), record.duplicate_alerts) == (
        "+17735550142",
        "+17735550199",
        True,
    )
    assert record.ip_address == "127.0.0.1"
    canonical = json.dumps(
        record_fields_for_hash(record), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    assert record.canonical == canonical
    assert record.sha256 == hashlib.sha256(canonical.encode()).hexdigest()
    link.request.refresh_from_db()
    assert link.request.status == RequestStatus.ANSWERED
    assert coverage_for(student=link.request.student, program=bulk_alerts).code == "covered"


def test_sign_grant_without_student_mobile_keeps_what_was_typed(client, mother_link, bulk_alerts):
    _link, token = mother_link
    verify(client, token)

    response = answer(
        client, token, form_text_pk(bulk_alerts), student_mobile="", signer_name="Rosa Q Lopez"
    )

    assert response.status_code == 400
    assert "Enter your child's mobile number to give permission." in page_text(response)
    assert 'value="Rosa Q Lopez"' in page_text(response)
    assert not ConsentRecord.objects.exists()


def test_sign_without_esign_agreement_is_refused(client, mother_link, bulk_alerts):
    _link, token = mother_link
    verify(client, token)

    response = answer(client, token, form_text_pk(bulk_alerts), esign_agreed="")

    assert response.status_code == 400
    assert "Tick this box to sign electronically" in page_text(response)
    assert not ConsentRecord.objects.exists()


def test_sign_decline_needs_no_phone_and_is_not_covered(client, mother_link, bulk_alerts):
    link, token = mother_link
    verify(client, token)

    answer(client, token, form_text_pk(bulk_alerts), decision="decline", student_mobile="")

    record = ConsentRecord.objects.get()
    assert (record.decision, str(record.student_mobile)) == (Decision.DECLINE, "")
    assert coverage_for(student=link.request.student, program=bulk_alerts).code == "declined"


def test_sign_done_page_offers_copy_and_withdrawal(client, mother_link, bulk_alerts):
    _link, token = mother_link
    verify(client, token)
    answer(client, token, form_text_pk(bulk_alerts))

    page = client.get(f"/consent/sign/{token}/")

    assert "Thank you: you gave permission" in page_text(page)
    assert "Download your copy (PDF)" in page_text(page)
    assert "Withdraw my permission" in page_text(page)


def test_sign_copy_downloads_the_guardians_copy_and_logs_it(client, mother_link, bulk_alerts):
    link, token = mother_link
    verify(client, token)
    answer(client, token, form_text_pk(bulk_alerts))

    response = client.get(f"/consent/sign/{token}/copy.pdf")

    record = ConsentRecord.objects.select_related("document").get()
    text = pdf_text(response.getvalue())
    assert response["Content-Type"] == "application/pdf"
    assert record.sha256 in text.replace(" ", "")
    assert "Copy for Rosa Lopez" in text
    assert "(773) 555-0142" in text  # her own details stay in her copy
    access = RecordAccess.objects.get()
    assert (access.guardian, access.user, access.purpose, access.document) == (
        link.guardian,
        None,
        "guardian_copy",
        record.document,
    )


def test_sign_revoke_ends_coverage_at_once(client, mother_link, bulk_alerts):
    link, token = mother_link
    verify(client, token)
    answer(client, token, form_text_pk(bulk_alerts))

    response = client.post(
        f"/consent/sign/{token}/withdraw/", {"reason": "no_longer_wanted", "details": "New number"}
    )

    record = ConsentRecord.objects.get()
    assert response.status_code == 302
    assert record.revocation.reason == "I no longer want these texts. New number"
    assert coverage_for(student=link.request.student, program=bulk_alerts).code == "revoked"
    assert "You withdrew your permission" in page_text(client.get(f"/consent/sign/{token}/"))


def test_sign_second_guardian_sees_the_answer_and_may_revoke(
    client, family, mother_link, bulk_alerts, school_year
):
    student, _mother, father = family
    _link, token = mother_link
    verify(client, token)
    answer(client, token, form_text_pk(bulk_alerts))
    _father_link, father_token = make_link(
        student=student, guardian=father, program=bulk_alerts, school_year=school_year
    )
    other = client.__class__()

    verify(other, father_token)
    page = other.get(f"/consent/sign/{father_token}/")

    assert "This form has already been answered" in page_text(page)
    assert "Granted</strong> by Rosa Lopez (mother)" in page_text(page)
    assert "Withdraw this permission" in page_text(page)


def test_sign_double_submit_makes_one_record(client, mother_link, bulk_alerts):
    _link, token = mother_link
    verify(client, token)

    first = answer(client, token, form_text_pk(bulk_alerts))
    second = answer(client, token, form_text_pk(bulk_alerts), decision="decline", student_mobile="")

    assert (first.status_code, second.status_code) == (302, 302)
    assert ConsentRecord.objects.count() == 1
    assert ConsentRecord.objects.get().decision == Decision.GRANT


@pytest.mark.parametrize("token", ["x" * 43, "short", "a" * 43 + "'--"])
def test_sign_unknown_or_malformed_token_gets_a_friendly_page(client, db, token):
    response = client.get(f"/consent/sign/{token}/")

    assert response.status_code == 404
    assert "This link doesn't work" in page_text(response)
    assert "contact your child's school" in page_text(response)


def test_sign_tampered_token_gets_a_friendly_page(client, mother_link):
    _link, token = mother_link
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")

    response = client.get(f"/consent/sign/{tampered}/")

    assert response.status_code == 404
    assert "This link doesn't work" in page_text(response)


def test_sign_cancelled_request_gets_a_friendly_page(client, mother_link):
    link, token = mother_link
    link.request.status = RequestStatus.CANCELLED
    link.request.save()

    response = client.get(f"/consent/sign/{token}/")

    assert response.status_code == 410
    assert "This request was withdrawn" in page_text(response)


def test_sign_link_expires_after_the_school_year(client, mother_link):
    _link, token = mother_link

    with time_machine.travel(datetime.datetime(2027, 6, 20, 15, 0, tzinfo=datetime.UTC)):
        response = client.get(f"/consent/sign/{token}/")

    assert response.status_code == 410
    assert "This link has expired" in page_text(response)
    assert "June 11, 2027" in page_text(response)


def test_sign_five_wrong_answers_pause_the_link_for_15_minutes(client, mother_link, frozen_today):
    link, token = mother_link
    for _ in range(5):
        verify(client, token, datetime.date(2011, 1, 1))

    paused = verify(client, token)  # even the right answer waits
    frozen_today.shift(datetime.timedelta(minutes=16))
    after = verify(client, token)

    assert paused.status_code == 429
    assert "This link is paused for 15 minutes" in page_text(paused)
    assert after.status_code == 302
    assert list(
        ConsentEvent.objects.filter(request=link.request).values_list("kind", flat=True)
    ) == ["verify_failed"] * 4 + ["locked", "verified"]


def test_sign_verification_lapses_after_30_idle_minutes(client, mother_link, frozen_today):
    _link, token = mother_link
    verify(client, token)

    frozen_today.shift(datetime.timedelta(minutes=31))
    page = client.get(f"/consent/sign/{token}/")

    assert "Maya's date of birth" in page_text(page)


def test_sign_answer_without_the_form_shown_asks_to_read_it_again(client, mother_link):
    _link, token = mother_link
    verify(client, token)

    response = answer(client, token, "")

    assert response.status_code == 400
    assert "Please read the form again, then send your answer." in page_text(response)
    assert not ConsentRecord.objects.exists()
