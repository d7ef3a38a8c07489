"""Signed records as evidence: the PDF/A filed in the cumulative record, its hashes, the
coverage rule at the school year's edges, and form texts that never change what was signed."""

import datetime
import hashlib
import subprocess

import pikepdf
import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from consent.coverage import coverage_for
from consent.models import ConsentFormText, ConsentRecord, Countersignature
from consent.services.countersigning import consent_countersign
from consent.services.errors import ConsentError
from consent.services.forms_text import current_form_text, form_text_publish
from consent.services.issuing import consent_issue
from consent.services.signing import consent_sign
from roster.models import DocumentKind, SchoolKind
from tests.consent.conftest import make_link


def sign(link, form_text=None, **fields):
    defaults = {
        "decision": "grant",
        "signer_name": "Rosa Lopez",
        "relationship": "mother",
        "student_mobile": "+17735550142",
        "esign_agreed": True,
        "ip": "203.0.113.9",
        "user_agent": "Test phone",
    }
    form_text = form_text or current_form_text(link.request.program)
    record, _created = consent_sign(link=link, form_text=form_text, **{**defaults, **fields})
    return record


def pdf_text(content: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return " ".join(result.stdout.decode().split())


def test_signed_record_pdf_is_pdfa_with_name_and_hash(
    mother_link, django_capture_on_commit_callbacks
):
    link, _token = mother_link

    with django_capture_on_commit_callbacks(execute=True):
        record = sign(link)

    record = ConsentRecord.objects.select_related("document").get(pk=record.pk)
    document = record.document
    content = document.file.read()
    with pikepdf.open(document.file.path) as pdf:
        assert pdf.open_metadata().pdfa_status == "3B"
    text = pdf_text(content)
    assert "Maya Lopez" in text
    assert record.sha256 in text.replace(" ", "")
    assert "Permission to send text alerts to your child" in text
    assert (document.kind, document.student, document.school_year) == (
        DocumentKind.CONSENT_FORM,
        link.request.student,
        link.request.school_year,
    )
    assert (document.sha256, document.size) == (hashlib.sha256(content).hexdigest(), len(content))


def test_signed_record_pdf_file_is_in_private_storage(
    mother_link, settings, django_capture_on_commit_callbacks
):
    link, _token = mother_link

    with django_capture_on_commit_callbacks(execute=True):
        record = sign(link)

    path = ConsentRecord.objects.get(pk=record.pk).document.file.path
    assert path.startswith(str(settings.PRIVATE_STORAGE_ROOT))
    assert not path.startswith(str(settings.STATIC_ROOT))


def test_signed_record_is_immutable(mother_link):
    link, _token = mother_link
    record = sign(link)
    record.signer_name = "Someone Else"

    with pytest.raises(ValueError, match="immutable"):
        record.save()
    with pytest.raises(ValueError, match="never deleted"):
        record.delete()


def test_reconcile_queues_the_filing_of_a_record_whose_job_was_lost(
    queued_tasks, mother_link, capsys
):
    link, _token = mother_link
    record = sign(link)
    queued_tasks.delete()  # the job lost, as by a process dying before it was queued

    call_command("reconcile")
    call_command("file_missing_consent_pdfs")  # the old name, kept for existing schedules

    assert [(t.task_path, t.args_kwargs["kwargs"]) for t in queued_tasks] == [
        ("consent.tasks.file_record_pdf", {"record_id": record.pk})
    ]
    lines = capsys.readouterr().out.splitlines()
    assert [line for line in lines if "record PDFs" in line] == [
        "Queued to repair record PDFs: 1",
        "Queued to repair record PDFs: 0",
    ]


def test_new_form_text_version_leaves_signed_record_unchanged(
    mother_link, bulk_alerts, principal_a
):
    link, _token = mother_link
    record = sign(link)
    before = (record.form_text_id, record.sha256, record.canonical)

    new = form_text_publish(
        program=bulk_alerts,
        language="en",
        title="New title",
        body="New words.",
        created_by=principal_a,
    )

    record = ConsentRecord.objects.get(pk=record.pk)
    assert new.version == ConsentFormText.objects.get(pk=before[0]).version + 1
    assert (record.form_text_id, record.sha256, record.canonical) == before
    assert ConsentFormText.objects.get(pk=record.form_text_id).title == (
        "Permission to send text alerts to your child"
    )
    assert current_form_text(bulk_alerts) == new


@pytest.mark.parametrize(
    ("day", "code"),
    [
        (datetime.date(2026, 8, 24), "covered"),  # first day of the year
        (datetime.date(2027, 6, 11), "covered"),  # last day
        (datetime.date(2027, 6, 12), "no_school_year"),  # summer
        (datetime.date(2027, 8, 30), "expired"),  # next year, consent not renewed
    ],
)
def test_coverage_at_the_school_years_edges(mother_link, bulk_alerts, day, code):
    link, _token = mother_link
    from tests.factories import SchoolYearFactory

    SchoolYearFactory(start=2027)
    sign(link)

    coverage = coverage_for(student=link.request.student, program=bulk_alerts, day=day)

    assert coverage.code == code
    assert coverage.allowed == (code == "covered")


def test_coverage_reasons_without_consent(family, bulk_alerts, safety_meetup, school_year):
    student, _mother, _father = family
    young = student.__class__.objects.create(
        student_id="99000001",
        first_name="Leo",
        last_name="Lopez",
        date_of_birth=datetime.date(2016, 1, 1),
        grade=4,
        school=student.school,
    )

    assert coverage_for(student=student, program=bulk_alerts).code == "no_consent"
    assert coverage_for(student=young, program=safety_meetup).code == "grade_not_eligible"
    bulk_alerts.active = False
    bulk_alerts.save()
    assert coverage_for(student=student, program=bulk_alerts).code == "program_inactive"
    student.school.kind = SchoolKind.CHARTER
    student.school.save()
    assert coverage_for(student=student, program=safety_meetup).code == "charter_school"


def test_coverage_awaiting_answer_when_request_is_open(mother_link, bulk_alerts):
    link, _token = mother_link

    assert coverage_for(student=link.request.student, program=bulk_alerts).code == (
        "awaiting_answer"
    )


def test_countersign_needed_for_safety_meetup(
    family, safety_meetup, school_year, principal_a, django_capture_on_commit_callbacks
):
    student, mother, _father = family
    link, _token = make_link(
        student=student, guardian=mother, program=safety_meetup, school_year=school_year
    )
    record = sign(link)
    assert coverage_for(student=student, program=safety_meetup).code == "awaiting_countersign"

    with django_capture_on_commit_callbacks(execute=True):
        consent_countersign(record=record, principal=principal_a, decision="countersigned")

    countersignature = Countersignature.objects.select_related("document").get()
    assert coverage_for(student=student, program=safety_meetup).code == "covered"
    assert (
        countersignature.position == "Principal / school administrator, Northside Community Academy"
    )
    assert countersignature.document.kind == DocumentKind.COUNTERSIGNATURE
    assert "Principal's permission: Safety meet-up communications" in pdf_text(
        countersignature.document.file.read()
    )


def test_countersign_refusal_needs_a_reason_and_blocks_texting(
    family, safety_meetup, school_year, principal_a
):
    student, mother, _father = family
    link, _token = make_link(
        student=student, guardian=mother, program=safety_meetup, school_year=school_year
    )
    record = sign(link)

    with pytest.raises(ConsentError, match="Say why"):
        consent_countersign(record=record, principal=principal_a, decision="refused")
    consent_countersign(
        record=record, principal=principal_a, decision="refused", reason="No trip planned."
    )

    assert coverage_for(student=student, program=safety_meetup).code == "countersign_refused"


def test_countersign_by_principal_of_another_school_is_refused(
    family, safety_meetup, school_year, principal_b
):
    student, mother, _father = family
    link, _token = make_link(
        student=student, guardian=mother, program=safety_meetup, school_year=school_year
    )
    record = sign(link)

    with pytest.raises(PermissionDenied):
        consent_countersign(record=record, principal=principal_b, decision="countersigned")

    assert not Countersignature.objects.exists()


def test_countersign_not_needed_for_bulk_alerts(mother_link, principal_a):
    link, _token = mother_link
    record = sign(link)

    with pytest.raises(ConsentError, match="does not need a countersignature"):
        consent_countersign(record=record, principal=principal_a, decision="countersigned")


def test_coverage_of_a_program_limited_to_one_school_and_ending(mother_link, bulk_alerts, school_b):
    link, _token = mother_link
    sign(link)
    student = link.request.student

    bulk_alerts.ends_on = datetime.date(2026, 12, 18)
    bulk_alerts.save()
    before_end = coverage_for(student=student, program=bulk_alerts, day=datetime.date(2026, 12, 18))
    after_end = coverage_for(student=student, program=bulk_alerts, day=datetime.date(2027, 1, 4))
    bulk_alerts.school = school_b
    bulk_alerts.save()
    elsewhere = coverage_for(student=student, program=bulk_alerts, day=datetime.date(2026, 12, 1))

    assert (before_end.code, after_end.code, elsewhere.code) == (
        "covered",
        "program_inactive",
        "other_school",
    )


def test_issue_refuses_a_program_limited_to_another_school(
    principal_a, school_a, school_b, bulk_alerts, school_year
):
    bulk_alerts.school = school_b
    bulk_alerts.save()

    with pytest.raises(ConsentError, match="is limited to Lakefront Magnet High School"):
        consent_issue(
            issued_by=principal_a, program=bulk_alerts, school_year=school_year, school=school_a
        )
