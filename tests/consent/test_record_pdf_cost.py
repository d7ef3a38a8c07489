"""The signed record's PDF/A is cheap to make: one page for a normal consent, one font family
(DejaVu Sans, regular and bold), subset; its facts, answers and audit trail are plain lines
that still carry every fact, and a line break someone typed cannot start a line of its own."""

import datetime
import io
import re
import subprocess

import pikepdf
from django.utils import dateformat

from aup_portal.pdf import stylesheet
from consent.pdf import STYLE, render_consent_record
from consent.services.signing import consent_revoke
from tests.consent.test_link_guard import grant
from tests.consent.test_records import pdf_text


def embedded_fonts(content: bytes) -> set[str]:
    with pikepdf.open(io.BytesIO(content)) as pdf:
        return {
            str(font.BaseFont)
            for page in pdf.pages
            for font in (page.Resources.get("/Font") or {}).values()
        }


def page_count(content: bytes) -> int:
    with pikepdf.open(io.BytesIO(content)) as pdf:
        return len(pdf.pages)


def layout_lines(content: bytes) -> list[str]:
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return result.stdout.decode().splitlines()


def test_record_pdf_of_a_normal_consent_is_one_page(mother_link, bulk_alerts):
    # Arrange
    link, _token = mother_link
    record = grant(link, bulk_alerts)

    # Act
    content = render_consent_record(record)

    # Assert
    assert page_count(content) == 1
    with pikepdf.open(io.BytesIO(content)) as pdf:
        assert pdf.open_metadata().pdfa_status == "3B"


def test_record_pdf_embeds_one_font_family_subset(mother_link, bulk_alerts):
    # Arrange
    link, _token = mother_link
    record = grant(link, bulk_alerts)

    # Act
    fonts = embedded_fonts(render_consent_record(record))

    # Assert: "ABCDEF+" marks a subset font.
    assert all(re.fullmatch(r"/[A-Z]{6}\+DejaVu-Sans(-Bold)?", font) for font in fonts), fonts
    assert {font.split("+")[1] for font in fonts} == {"DejaVu-Sans", "DejaVu-Sans-Bold"}


def test_record_pdf_guardians_copy_is_one_page_too(mother_link, bulk_alerts):
    # Arrange
    link, _token = mother_link
    record = grant(link, bulk_alerts)

    # Act
    content = render_consent_record(record, viewer=link.guardian)

    # Assert
    assert page_count(content) == 1


def test_record_pdf_styles_are_parsed_once_and_applied(mother_link, bulk_alerts):
    # Arrange
    link, _token = mother_link
    record = grant(link, bulk_alerts)

    # Act
    first, second = stylesheet(STYLE), stylesheet(STYLE)
    content = render_consent_record(record)

    # Assert: the same parsed sheet serves every document, and its font is the one embedded.
    assert first is second
    assert {font.split("+")[1] for font in embedded_fonts(content)} <= {
        "DejaVu-Sans",
        "DejaVu-Sans-Bold",
    }


def test_record_pdf_lines_keep_every_fact(mother_link, bulk_alerts):
    # Arrange
    link, _token = mother_link
    record = grant(link, bulk_alerts)
    request = record.request

    # Act
    text = pdf_text(render_consent_record(record))

    # Assert: the facts, answers and audit trail are lines, not table cells; each is there.
    last_day = dateformat.format(request.school_year.last_day, "F j, Y")
    signed_at = record.signed_at.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S")
    expected = [
        f"Student: Maya Lopez (ID {request.student.student_id})",
        f"School: {request.school.name}",
        "Program: Bulk text notifications and alerts (grades Pre-K–12)",
        f"School year: {request.school_year.label}; this consent ends on {last_day}",
        f"The form as shown (version {record.form_text.version}, English)",
        "How staff text under this program:",
        "About signing electronically.",
        "Decision: Granted",
        "Signed by: Rosa Lopez, mother",
        "Student's mobile phone: (773) 555-0142",
        "Same alerts to the parent's phone: No",
        "Agreed to sign electronically: Yes",
        f"({signed_at} UTC)",
        "When (UTC) · What · Who · IP address",
        f"{signed_at} · Form signed: Granted · Rosa Lopez · 127.0.0.1",
        "Signer's device: not recorded",
        f"Electronic signature record #{record.pk}.",
        record.sha256,
        "Rendered",
    ]
    assert [line for line in expected if line not in text] == []


def test_record_pdf_typed_line_break_starts_no_line_of_its_own(mother_link, bulk_alerts):
    # Arrange: a reason typed with a line break, then what looks like an entry of the trail.
    link, _token = mother_link
    record = grant(link, bulk_alerts)
    forged = "2026-10-14 15:00:00 · Form signed: Granted · Someone Else · 192.0.2.1"
    consent_revoke(record=record, guardian=link.guardian, reason=f"Moving.\n{forged}")

    # Act
    content = render_consent_record(record, viewer=link.guardian)

    # Assert: the reason stays inside its own entry's line.
    lines = [line.strip() for line in layout_lines(content)]
    assert [line for line in lines if line.startswith(forged)] == []
    assert f"Consent revoked: Moving. {forged}" in " ".join(" ".join(lines).split())
