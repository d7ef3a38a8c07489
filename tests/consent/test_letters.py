"""Printed letters for an issue batch: a page per guardian without email (or per guardian,
on request), each with the code and short address, and a QR code that decodes to the link."""

import io
import subprocess

import pikepdf
import pytest
import zxingcpp
from PIL import Image

from consent import codes
from consent.emails import sign_url
from consent.models import ConsentEvent, ConsentLink, EventKind
from consent.services.issuing import consent_issue
from roster.models import Language, Relationship
from tests.conftest import PERSONAS
from tests.factories import GuardianFactory, StudentFactory, StudentGuardianFactory

LETTERS_STATUS = {
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


def add_guardian(student, *, email="", language=Language.ENGLISH, first_name="Juan"):
    return StudentGuardianFactory(
        student=student,
        relationship=Relationship.FATHER,
        guardian=GuardianFactory(
            first_name=first_name,
            last_name=student.last_name,
            email=email,
            preferred_language=language,
        ),
    ).guardian


@pytest.fixture
def batch(school_a, principal_a, bulk_alerts, school_year):
    """Two students at school A, each with a guardian with email and one without."""
    for last_name in ("Lopez", "Garcia"):
        student = StudentFactory(school=school_a, grade=10, last_name=last_name)
        add_guardian(student, email=f"{last_name.lower()}@example.com", first_name="Rosa")
        add_guardian(student, language=Language.SPANISH)
    return consent_issue(
        issued_by=principal_a, program=bulk_alerts, school_year=school_year, school=school_a
    )


def pdf_text(content: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return " ".join(result.stdout.decode().split())


def page_count(content: bytes) -> int:
    with pikepdf.open(io.BytesIO(content)) as pdf:
        return len(pdf.pages)


def qr_texts(content: bytes) -> list[str]:
    """The text of the QR code on each page, read back from a 150 dpi rendering."""
    texts = []
    for number in range(1, page_count(content) + 1):
        png = subprocess.run(
            ["pdftoppm", "-r", "150", "-f", str(number), "-l", str(number), "-png", "-"],
            input=content,
            capture_output=True,
            check=True,
        ).stdout
        barcodes = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
        texts.extend(barcode.text for barcode in barcodes)
    return texts


def test_letters_one_page_per_guardian_without_email(client, settings, principal_a, batch):
    client.force_login(principal_a)
    no_email = list(ConsentLink.objects.filter(request__batch=batch, guardian__email=""))

    response = client.get(f"/consent/batches/{batch.pk}/letters.pdf")

    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    assert page_count(content) == len(no_email) == 2
    text = pdf_text(content).replace(" ", "")
    for link in no_email:
        code = codes.grouped(codes.link_code(link))
        assert code in text
        assert f"/consent/code/{code}/" in text
    assert settings.PORTAL_URL.split("://")[1] + "/consent/code/" in text


def test_letters_qr_code_decodes_to_each_link(client, principal_a, batch):
    client.force_login(principal_a)
    no_email = ConsentLink.objects.filter(request__batch=batch, guardian__email="")

    content = client.get(f"/consent/batches/{batch.pk}/letters.pdf").content

    assert sorted(qr_texts(content)) == sorted(sign_url(link) for link in no_email)


def test_letters_for_every_guardian_on_request(client, principal_a, batch):
    client.force_login(principal_a)

    content = client.get(f"/consent/batches/{batch.pk}/letters.pdf?everyone=1").content

    assert page_count(content) == ConsentLink.objects.filter(request__batch=batch).count() == 4


def test_letters_store_code_hashes_and_write_an_event_per_letter(client, principal_a, batch):
    client.force_login(principal_a)

    client.get(f"/consent/batches/{batch.pk}/letters.pdf")

    printed = ConsentEvent.objects.filter(kind=EventKind.LETTER_PRINTED)
    assert sorted(printed.values_list("guardian__email", "user")) == [
        ("", principal_a.pk),
        ("", principal_a.pk),
    ]
    for link in ConsentLink.objects.filter(request__batch=batch):
        expected = codes.hash_code(codes.link_code(link)) if not link.guardian.email else None
        assert link.code_hash == expected


def test_letters_skip_answered_requests(client, principal_a, batch):
    client.force_login(principal_a)
    answered = ConsentLink.objects.filter(request__batch=batch).first().request
    answered.status = "answered"
    answered.save(update_fields=["status"])

    content = client.get(f"/consent/batches/{batch.pk}/letters.pdf?everyone=1").content

    assert page_count(content) == 2


def test_letters_none_to_print_says_so(client, principal_a, batch):
    client.force_login(principal_a)
    ConsentLink.objects.filter(request__batch=batch).update(code_hash=None)
    for link in ConsentLink.objects.filter(guardian__email="").select_related("guardian"):
        link.guardian.email = f"{link.guardian.first_name.lower()}{link.pk}@example.com"
        link.guardian.save()

    response = client.get(f"/consent/batches/{batch.pk}/letters.pdf")

    assert response.status_code == 200
    assert "No letters to print" in response.content.decode()


@pytest.mark.parametrize("who", [*PERSONAS, "anonymous"])
def test_letters_permission_per_persona(client, request, batch, who):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))

    response = client.get(f"/consent/batches/{batch.pk}/letters.pdf")

    assert response.status_code == LETTERS_STATUS[who]


def test_batch_page_links_to_letters_and_paper_forms(client, principal_a, batch):
    client.force_login(principal_a)

    response = client.get(f"/consent/batches/{batch.pk}/")

    html = response.content.decode()
    assert f"/consent/batches/{batch.pk}/letters.pdf" in html
    assert f"/consent/batches/{batch.pk}/letters.pdf?everyone=1" in html
    assert "/consent/paper/?program=bulk-alerts" in html


def test_letters_of_a_big_batch_come_in_parts(client, principal_a, batch, monkeypatch):
    from consent import letters

    monkeypatch.setattr(letters, "PART_SIZE", 3)  # a big batch's shape with 4 letters
    client.force_login(principal_a)

    chooser = client.get(f"/consent/batches/{batch.pk}/letters.pdf?everyone=1")
    second = client.get(f"/consent/batches/{batch.pk}/letters.pdf?everyone=1&part=2")

    assert "Part 2: letters 4 to 4 (PDF)" in chooser.content.decode()
    assert page_count(second.content) == 1


def test_letters_of_a_big_batch_in_one_pdf_from_the_worker(
    client, principal_a, principal_b, batch, monkeypatch, django_capture_on_commit_callbacks
):
    from consent import letters
    from consent.models import LetterFile

    monkeypatch.setattr(letters, "PART_SIZE", 3)  # a big batch's shape with 4 letters
    client.force_login(principal_a)
    prepare = f"/consent/batches/{batch.pk}/letters/prepare/"

    with django_capture_on_commit_callbacks(execute=True):
        client.post(prepare, {"everyone": "1"})
    chooser = client.get(f"/consent/batches/{batch.pk}/letters.pdf?everyone=1")
    letter_file = LetterFile.objects.get()
    download = client.get(f"/consent/letters/{letter_file.pk}.pdf")
    client.force_login(principal_b)
    refused = client.get(f"/consent/letters/{letter_file.pk}.pdf")

    assert letter_file.letters == 4
    assert "Download the 4 letters prepared on" in chooser.content.decode()
    assert page_count(b"".join(download.streaming_content)) == 4
    assert refused.status_code == 404


def test_letters_prepare_twice_while_pending_makes_one_request(
    queued_tasks, client, principal_a, batch, monkeypatch
):
    from consent import letters
    from consent.models import LetterFile

    monkeypatch.setattr(letters, "PART_SIZE", 3)
    client.force_login(principal_a)

    client.post(f"/consent/batches/{batch.pk}/letters/prepare/", {"everyone": "1"})
    client.post(f"/consent/batches/{batch.pk}/letters/prepare/", {"everyone": "1"})
    chooser = client.get(f"/consent/batches/{batch.pk}/letters.pdf?everyone=1")

    assert LetterFile.objects.count() == 1
    assert LetterFile.objects.get().finished_at is None
    assert "Being prepared since" in chooser.content.decode()


def test_letters_prepare_refused_for_a_teacher(client, teacher_a, batch):
    from consent.models import LetterFile

    client.force_login(teacher_a)

    response = client.post(f"/consent/batches/{batch.pk}/letters/prepare/")

    assert response.status_code == 403
    assert not LetterFile.objects.exists()
