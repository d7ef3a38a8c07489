"""Paper consent forms: staff record a form signed on paper with its scan, checked by content;
it becomes a consent record (source paper) like an electronic one and the scan is filed in the
cumulative record with who added it."""

import datetime
import hashlib
import io
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from PIL import Image

from consent.coverage import coverage_for
from consent.models import ConsentEvent, ConsentRecord, ConsentRequest, EventKind, Source
from consent.services.forms_text import current_form_text
from consent.services.paper import consent_paper_record
from consent.services.signing import consent_sign
from roster.models import CumulativeDocument, DocumentKind
from tests.conftest import PERSONAS
from tests.consent.conftest import make_link, page_text

PAPER_STATUS = {
    "principal_a": 200,
    "principal_b": 404,
    "teacher_a": 403,
    "its_reviewer": 200,
    "cio": 200,
    "ceo_office": 403,
    "content_editor": 403,
    "administrator": 200,
    "anonymous": 302,
}


def real_pdf() -> bytes:
    from weasyprint import HTML

    return HTML(string="<p>Signed paper form, scanned</p>").write_pdf()


def real_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("L", (200, 260), color=255).save(buffer, format="PNG")
    return buffer.getvalue()


def real_jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (200, 260), color=(250, 250, 250)).save(buffer, format="JPEG")
    return buffer.getvalue()


@pytest.fixture
def open_request(family, bulk_alerts, school_year):
    student, mother, _father = family
    link, _token = make_link(
        student=student, guardian=mother, program=bulk_alerts, school_year=school_year
    )
    return link.request


def fields(guardian, scan: bytes, name="scan.pdf", **overrides):
    return {
        "guardian": guardian.pk,
        "relationship": "mother",
        "decision": "grant",
        "form_date": "2026-10-09",
        "student_mobile": "773-555-0142",
        "scan": SimpleUploadedFile(name, scan, content_type="application/pdf"),
        **overrides,
    }


def test_paper_pdf_scan_recorded_and_filed(client, principal_a, family, open_request):
    _student, mother, _father = family
    client.force_login(principal_a)
    scan = real_pdf()

    response = client.post(f"/consent/requests/{open_request.pk}/paper/", fields(mother, scan))

    assert response.status_code == 302
    record = ConsentRecord.objects.select_related("document").get(request=open_request)
    document = record.document
    assert (record.source, record.decision, record.guardian, record.recorded_by) == (
        Source.PAPER,
        "grant",
        mother,
        principal_a,
    )
    assert (str(record.form_date), record.esign_agreed, record.signer_name) == (
        "2026-10-09",
        False,
        "Rosa Lopez",
    )
    assert (document.kind, document.added_by, document.content_type) == (
        DocumentKind.PAPER_CONSENT_FORM,
        principal_a,
        "application/pdf",
    )
    assert document.added_by_position.startswith("Principal")
    stored = document.file.read()
    assert (stored, document.sha256) == (scan, hashlib.sha256(scan).hexdigest())
    assert hashlib.sha256(record.canonical.encode()).hexdigest() == record.sha256
    assert f'"scan_sha256":"{document.sha256}"' in record.canonical
    open_request.refresh_from_db()
    assert open_request.status == "answered"
    assert ConsentEvent.objects.filter(
        request=open_request, kind=EventKind.PAPER_RECORDED, user=principal_a
    ).exists()
    coverage = coverage_for(student=open_request.student, program=open_request.program)
    assert (coverage.allowed, coverage.record) == (True, record)


@pytest.mark.parametrize("make, content_type", [(real_png, "image/png"), (real_jpeg, "image/jpeg")])
def test_paper_image_scan_accepted_by_content(
    client, its_reviewer, family, open_request, make, content_type
):
    _student, mother, _father = family
    client.force_login(its_reviewer)
    scan = make()

    response = client.post(
        f"/consent/requests/{open_request.pk}/paper/", fields(mother, scan, name="scan")
    )

    assert response.status_code == 302
    document = ConsentRecord.objects.get(request=open_request).document
    assert (document.content_type, document.sha256, document.added_by) == (
        content_type,
        hashlib.sha256(scan).hexdigest(),
        its_reviewer,
    )
    assert document.file.read() == scan


@pytest.mark.parametrize(
    "content",
    [
        b"I am a text file pretending to be a PDF.\n",
        b"%PDF-1.7\nbut cut off half-way",
        b"\x89PNG\r\n\x1a\nnot really an image",
        b"\xff\xd8\xffnot really a jpeg",
    ],
)
def test_paper_fake_scan_refused_beside_field_and_input_kept(
    client, principal_a, family, open_request, content
):
    _student, mother, _father = family
    client.force_login(principal_a)

    response = client.post(
        f"/consent/requests/{open_request.pk}/paper/",
        fields(mother, content, name="scan.pdf", student_mobile="773-555-0199"),
    )

    assert response.status_code == 400
    text = page_text(response)
    assert "This file is not a readable PDF, PNG or JPEG" in text
    assert 'id="error_1_id_scan"' in text
    assert 'value="2026-10-09"' in text
    assert "773-555-0199" in text or "+17735550199" in text
    assert f'<option value="{mother.pk}" selected>' in text
    assert ConsentRecord.objects.count() == CumulativeDocument.objects.count() == 0


def test_paper_scan_over_ten_megabytes_refused(client, principal_a, family, open_request):
    _student, mother, _father = family
    client.force_login(principal_a)
    big = real_pdf() + b" " * (10 * 1024 * 1024)

    response = client.post(f"/consent/requests/{open_request.pk}/paper/", fields(mother, big))

    assert response.status_code == 400
    assert "the limit is 10 MB" in page_text(response)


@pytest.mark.parametrize(
    "form_date, message",
    [
        ("2026-10-20", "can't be in the future"),
        ("2026-06-01", "must be in the 2026-27 school year"),
        ("", "This field is required"),
    ],
)
def test_paper_form_date_checked(client, principal_a, family, open_request, form_date, message):
    _student, mother, _father = family
    client.force_login(principal_a)

    response = client.post(
        f"/consent/requests/{open_request.pk}/paper/",
        fields(mother, real_pdf(), form_date=form_date),
    )

    assert response.status_code == 400
    assert message in page_text(response)


def test_paper_grant_needs_student_mobile(client, principal_a, family, open_request):
    _student, mother, _father = family
    client.force_login(principal_a)

    response = client.post(
        f"/consent/requests/{open_request.pk}/paper/",
        fields(mother, real_pdf(), student_mobile=""),
    )

    assert response.status_code == 400
    assert "Enter the student's mobile number from the form." in page_text(response)


def test_paper_guardian_without_rights_not_offered(client, principal_a, family, open_request):
    student, _mother, father = family
    student.guardian_links.filter(guardian=father).update(has_educational_rights=False)
    client.force_login(principal_a)

    response = client.post(
        f"/consent/requests/{open_request.pk}/paper/", fields(father, real_pdf())
    )

    assert response.status_code == 400
    assert "Select a valid choice" in page_text(response)


def test_paper_double_submit_one_record(client, principal_a, family, open_request):
    _student, mother, _father = family
    client.force_login(principal_a)
    url = f"/consent/requests/{open_request.pk}/paper/"

    first = client.post(url, fields(mother, real_pdf()))
    second = client.post(url, fields(mother, real_pdf(), decision="decline"))

    assert (first.status_code, second.status_code) == (302, 200)
    assert "answered" in page_text(second)
    assert ConsentRecord.objects.filter(request=open_request).count() == 1
    assert CumulativeDocument.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_paper_two_at_once_one_record(family, bulk_alerts, school_year, principal_a):
    _student, mother, _father = family
    link, _token = make_link(
        student=family[0], guardian=mother, program=bulk_alerts, school_year=school_year
    )
    scan, results, barrier = real_pdf(), [], threading.Barrier(2)

    def record():
        barrier.wait()
        try:
            results.append(
                consent_paper_record(
                    request=link.request,
                    recorded_by=principal_a,
                    guardian=mother,
                    relationship="mother",
                    decision="grant",
                    form_date=datetime.date(2026, 10, 9),
                    scan=scan,
                    student_mobile="+17735550142",
                )[1]
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=record) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == [False, True]
    assert ConsentRecord.objects.count() == CumulativeDocument.objects.count() == 1


@pytest.mark.parametrize("who", [*PERSONAS, "anonymous"])
def test_paper_page_permission_per_persona(client, request, open_request, who):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))

    response = client.get(f"/consent/requests/{open_request.pk}/paper/")

    assert response.status_code == PAPER_STATUS[who]


def test_paper_principal_of_other_school_cannot_post(client, principal_b, family, open_request):
    _student, mother, _father = family
    client.force_login(principal_b)

    response = client.post(
        f"/consent/requests/{open_request.pk}/paper/", fields(mother, real_pdf())
    )

    assert response.status_code == 404
    assert ConsentRecord.objects.count() == 0


def test_paper_start_finds_the_open_request(client, principal_a, family, open_request):
    client.force_login(principal_a)

    response = client.post(
        "/consent/paper/", {"student_id": family[0].student_id, "program": open_request.program.pk}
    )

    assert response["Location"] == f"/consent/requests/{open_request.pk}/paper/"


def test_paper_start_for_a_family_without_a_request_creates_nothing(
    client, principal_a, family, bulk_alerts, school_year
):
    client.force_login(principal_a)

    response = client.post(
        "/consent/paper/", {"student_id": family[0].student_id, "program": bulk_alerts.pk}
    )

    assert response["Location"] == (
        f"/consent/paper/record/?student={family[0].student_id}&program=bulk-alerts"
        f"&year={school_year.label}"
    )
    assert not ConsentRequest.objects.exists()
    assert not ConsentEvent.objects.exists()


def test_paper_start_refuses_student_of_another_school(client, principal_b, family, bulk_alerts):
    client.force_login(principal_b)

    response = client.post(
        "/consent/paper/", {"student_id": family[0].student_id, "program": bulk_alerts.pk}
    )

    assert response.status_code == 200
    assert "No student with this ID at a school you manage." in page_text(response)
    assert ConsentRequest.objects.count() == 0


def test_paper_start_says_when_already_answered(
    client, principal_a, family, open_request, school_year
):
    _student, mother, _father = family
    consent_paper_record(
        request=open_request,
        recorded_by=principal_a,
        guardian=mother,
        relationship="mother",
        decision="decline",
        form_date=school_year.first_day,
        scan=real_png(),
    )
    client.force_login(principal_a)

    response = client.post(
        "/consent/paper/", {"student_id": family[0].student_id, "program": open_request.program.pk}
    )

    assert "already has an answer" in page_text(response)


def test_paper_record_after_online_signature_keeps_the_online_one(
    principal_a, family, open_request
):
    _student, mother, _father = family
    link = open_request.links.get()
    online, _ = consent_sign(
        link=link,
        form_text=current_form_text(open_request.program),
        decision="grant",
        signer_name="Rosa Lopez",
        relationship="mother",
        student_mobile="+17735550142",
        esign_agreed=True,
    )

    record, created = consent_paper_record(
        request=open_request,
        recorded_by=principal_a,
        guardian=mother,
        relationship="mother",
        decision="decline",
        form_date=datetime.date(2026, 10, 9),
        scan=real_pdf(),
    )

    assert (record, created) == (online, False)
    assert CumulativeDocument.objects.filter(kind=DocumentKind.PAPER_CONSENT_FORM).count() == 0
