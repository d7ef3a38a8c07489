"""Attachments are judged by their content, not their name; at most 10 MB; stored privately
and streamed only to people who may see the request."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from exceptions.models import ExceptionAttachment, ExceptionRequest
from tests.exceptions.conftest import form_data, walk

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


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
