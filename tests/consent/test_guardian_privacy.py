"""Co-guardian privacy: a guardian sees the other guardian's answer (who, when, what) but never
their email address, phone numbers, IP address or browser, on the page or in their copy; the
copy filed for staff keeps everything."""

import pytest
from django.test import Client

from consent.models import ConsentRecord, Revocation
from consent.services.emailing import consent_link_send
from consent.services.forms_text import current_form_text
from tests.consent.conftest import answer, make_link, page_text, plain_text, verify
from tests.consent.test_records import pdf_text

ROSA = {"REMOTE_ADDR": "203.0.113.9", "HTTP_USER_AGENT": "RosaPhone/7.1 (Rosa's handset)"}
JUAN = {"REMOTE_ADDR": "198.51.100.77", "HTTP_USER_AGENT": "JuanTablet/2.0"}
# What would identify Rosa: her email, both phone numbers in every format a page or PDF
# might print, her address and her browser.
ROSAS_DETAILS = [
    "rosa@example.com",
    "555-0142",
    "5550142",
    "555-0188",
    "5550188",
    "203.0.113.9",
    "RosaPhone",
]
JUANS_DETAILS = ["juan@example.com", "198.51.100.77", "JuanTablet"]


@pytest.fixture
def answered_by_rosa(
    family, bulk_alerts, school_year, mailoutbox, django_capture_on_commit_callbacks
):
    """Both parents emailed their own link; Rosa granted, with duplicate alerts to her phone;
    Juan then verified his link. Returns (Rosa's browser, token), (Juan's browser, token)."""
    student, mother, father = family
    rosa_link, rosa_token = make_link(
        student=student, guardian=mother, program=bulk_alerts, school_year=school_year
    )
    juan_link, juan_token = make_link(
        student=student, guardian=father, program=bulk_alerts, school_year=school_year
    )
    consent_link_send(link_id=rosa_link.pk)
    consent_link_send(link_id=juan_link.pk)
    rosa, juan = Client(**ROSA), Client(**JUAN)
    verify(rosa, rosa_token)
    with django_capture_on_commit_callbacks(execute=True):
        response = answer(
            rosa,
            rosa_token,
            current_form_text(bulk_alerts).pk,
            duplicate_alerts="on",
            parent_mobile="773-555-0188",
        )
    assert response.status_code == 302
    verify(juan, juan_token)
    return (rosa, rosa_token), (juan, juan_token)


def test_other_guardians_page_shows_the_answer_without_her_details(answered_by_rosa):
    _rosa, (juan, token) = answered_by_rosa

    response = juan.get(f"/consent/sign/{token}/")

    text = page_text(response)
    assert "Granted by Rosa Lopez (mother)" in plain_text(response)
    assert "To give your own answer, withdraw this permission below" in text
    assert [detail for detail in ROSAS_DETAILS if detail in text] == []


def test_other_guardians_copy_leaves_out_her_details(answered_by_rosa):
    _rosa, (juan, token) = answered_by_rosa

    response = juan.get(f"/consent/sign/{token}/copy.pdf")

    text = pdf_text(response.getvalue())
    assert response.status_code == 200
    assert "Signed by: Rosa Lopez, mother" in text
    assert "Copy for Juan Lopez" in text
    assert [detail for detail in ROSAS_DETAILS if detail in text.replace(" ", "")] == []
    assert "198.51.100.77" in text  # his own verification keeps his address


def test_signers_copy_keeps_hers_and_leaves_out_his(answered_by_rosa):
    (rosa, token), _juan = answered_by_rosa

    response = rosa.get(f"/consent/sign/{token}/copy.pdf")

    text = pdf_text(response.getvalue())
    hers = ["rosa@example.com", "(773) 555-0142", "(773) 555-0188", "203.0.113.9", "RosaPhone"]
    assert [detail for detail in hers if detail in text] == hers
    assert [detail for detail in JUANS_DETAILS if detail in text] == []


def test_filed_staff_copy_keeps_every_detail(answered_by_rosa):
    record = ConsentRecord.objects.select_related("document").get()

    text = pdf_text(record.document.file.read())

    expected = ["rosa@example.com", "juan@example.com", "(773) 555-0142", "203.0.113.9"]
    assert [detail for detail in expected if detail in text] == expected
    assert "RosaPhone/7.1" in text
    assert "Copy for" not in text


def test_other_guardian_may_withdraw_and_is_told_how_to_answer(answered_by_rosa, family):
    _rosa, (juan, token) = answered_by_rosa

    response = juan.post(
        f"/consent/sign/{token}/withdraw/", {"reason": "no_longer_wanted", "details": ""}
    )
    page = juan.get(f"/consent/sign/{token}/")

    assert response.status_code == 302
    assert Revocation.objects.get().guardian == family[2]
    text = page_text(page)
    assert f"To give your own answer, ask {family[0].school.name} to send you a new form." in text
    assert [detail for detail in ROSAS_DETAILS if detail in text] == []


def test_other_guardian_cannot_change_her_numbers(answered_by_rosa):
    _rosa, (juan, token) = answered_by_rosa

    response = juan.post(
        f"/consent/sign/{token}/phones/",
        {"student_mobile": "773-555-0100", "parent_mobile": "773-555-0101"},
    )
    page = juan.get(f"/consent/sign/{token}/")

    assert response.status_code == 302
    assert "Only the parent or guardian who gave this permission can change it." in page_text(page)
    assert "Save the new numbers" not in page_text(page)
    assert ConsentRecord.objects.get().phone_changes.count() == 0
