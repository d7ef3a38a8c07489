"""Attachments are judged by their content, not their name; at most 10 MB; stored privately
and streamed only to people who may see the request."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from exceptions.models import ExceptionAttachment, ExceptionRequest
from tests.exceptions.conftest import form_data, walk
from tests.helpers import image_file, office_file, pdf_file

PDF = pdf_file()
PNG = image_file("PNG")


def docx() -> bytes:
    return office_file("word/")


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.exe", "MZ")
    return buffer.getvalue()


def post_new(client, school, *uploads):
    return client.post(
        "/exceptions/new/", {**form_data(school=school.pk), "attachments": list(uploads)}
    )


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("plan.pdf", PDF, "application/pdf"),
        ("map.png", PNG, "image/png"),
        (
            "letter.docx",
            docx(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ],
)
def test_attachment_accepted_by_content(
    client, teacher_a, school_a, school_year, name, content, content_type
):
    # Arrange
    client.force_login(teacher_a)

    # Act
    response = post_new(client, school_a, SimpleUploadedFile(name, content))

    # Assert
    attachment = ExceptionAttachment.objects.get()
    assert (
        response.status_code,
        attachment.original_name,
        attachment.content_type,
        attachment.size,
    ) == (
        302,
        name,
        content_type,
        len(content),
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", b"MZ\x90\x00 this is a program", "is not a file we accept"),
        ("photo.jpg", b"<script>alert(1)</script>", "is not a file we accept"),
        ("report.pdf", PNG, "but its content is a PNG image"),
        ("letter.docx", plain_zip(), "is not a file we accept"),
        ("big.pdf", PDF + b"0" * (10 * 1024 * 1024), "is larger than 10 MB"),
    ],
)
def test_attachment_with_fake_extension_or_too_big_refused(
    client, teacher_a, school_a, school_year, name, content, message
):
    # Arrange
    client.force_login(teacher_a)

    # Act
    response = post_new(client, school_a, SimpleUploadedFile(name, content))

    # Assert
    page = response.content.decode()
    assert (
        response.status_code,
        ExceptionRequest.objects.count(),
        ExceptionAttachment.objects.count(),
    ) == (200, 0, 0)
    assert message in page
    assert "Robotics team travel texts" in page  # what was typed is kept


def test_attachment_download_only_for_those_who_see_the_request(
    client, people, school_a, school_year
):
    # Arrange
    client.force_login(people["teacher_a"])
    post_new(client, school_a, SimpleUploadedFile("plan.pdf", PDF))
    request = ExceptionRequest.objects.get()
    walk(request, people, until="submit")
    attachment = request.attachments.get()
    url = f"/exceptions/{request.pk}/attachments/{attachment.pk}/"

    # Act
    statuses = {}
    for name in ["teacher_a", "principal_a", "principal_b", "its_reviewer", "ceo_office"]:
        client.force_login(people[name])
        response = client.get(url)
        statuses[name] = response.status_code
        if response.status_code == 200:
            assert b"".join(response.streaming_content) == PDF
    client.logout()
    statuses["anonymous"] = client.get(url).status_code

    # Assert
    assert statuses == {
        "teacher_a": 200,
        "principal_a": 200,
        "principal_b": 404,
        "its_reviewer": 200,
        "ceo_office": 200,
        "anonymous": 302,
    }
    assert (
        attachment.file.storage.base_url is None
        or "/private" not in attachment.file.storage.base_url
    )


def test_attachment_more_than_ten_files_refused_beside_the_field(
    client, teacher_a, school_a, school_year
):
    # Arrange
    client.force_login(teacher_a)
    files = [SimpleUploadedFile(f"page{n}.pdf", PDF) for n in range(11)]

    # Act
    response = post_new(client, school_a, *files)

    # Assert
    page = response.content.decode()
    assert (response.status_code, ExceptionRequest.objects.count()) == (200, 0)
    assert "A request can hold at most 10 files; you chose 11." in page
    assert "Robotics team travel texts" in page  # what was typed is kept


def test_attachment_101_files_refused_while_the_request_is_read(
    client, teacher_a, school_a, school_year
):
    # Arrange
    client.force_login(teacher_a)
    files = [SimpleUploadedFile(f"page{n}.pdf", PDF) for n in range(101)]

    # Act
    response = post_new(client, school_a, *files)

    # Assert
    assert (response.status_code, ExceptionRequest.objects.count()) == (400, 0)
    assert ExceptionAttachment.objects.count() == 0


def test_attachment_total_over_the_request_limit_refused(client, teacher_a, school_a, school_year):
    # Arrange: three files under 10 MB each, 27 MB together.
    client.force_login(teacher_a)
    big = PDF + b"\n" * (9 * 1024 * 1024)
    files = [SimpleUploadedFile(f"part{n}.pdf", big) for n in range(3)]

    # Act
    response = post_new(client, school_a, *files)

    # Assert
    page = response.content.decode()
    assert (response.status_code, ExceptionAttachment.objects.count()) == (200, 0)
    assert "a request can hold at most 25 MB of files" in page


def test_attachment_limit_counts_the_files_a_draft_holds(client, teacher_a, school_a, school_year):
    # Arrange: a draft with nine attachments.
    client.force_login(teacher_a)
    post_new(client, school_a, *[SimpleUploadedFile(f"p{n}.pdf", PDF) for n in range(9)])
    request = ExceptionRequest.objects.get()

    # Act
    response = client.post(
        f"/exceptions/{request.pk}/edit/",
        {
            **form_data(),
            "attachments": [SimpleUploadedFile("a.pdf", PDF), SimpleUploadedFile("b.pdf", PDF)],
        },
    )

    # Assert
    assert response.status_code == 200
    assert "at most 10 files (it has 9 already); you chose 2" in response.content.decode()
    assert request.attachments.count() == 9


def test_attachment_damaged_file_refused_as_damaged(client, teacher_a, school_a, school_year):
    # Arrange
    client.force_login(teacher_a)

    # Act
    response = post_new(client, school_a, SimpleUploadedFile("plan.pdf", PDF[:200]))

    # Assert
    assert response.status_code == 200
    assert "plan.pdf looks like a PDF but does not open" in response.content.decode()
    assert ExceptionRequest.objects.count() == 0
