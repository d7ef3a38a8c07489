"""aup_portal.uploads: each use accepts its kinds, read from the bytes, and refuses the rest."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from aup_portal import uploads

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def image(format_name: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("L", (40, 50), color=200).save(buffer, format=format_name)
    return buffer.getvalue()


def office(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{part}document.xml", "<document/>")
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    return buffer.getvalue()


KINDS = {
    "pdf": (PDF, uploads.PDF),
    "png": (image("PNG"), uploads.PNG),
    "jpeg": (image("JPEG"), uploads.JPEG),
    "gif": (image("GIF"), uploads.GIF),
    "docx": (office("word/"), uploads.DOCX),
    "xlsx": (office("xl/"), uploads.XLSX),
    "pptx": (office("ppt/"), uploads.PPTX),
}
NOT_FILES_WE_TAKE = {
    "program": b"MZ\x90\x00 this is a program",
    "script": b"<script>alert(1)</script>",
    "zip": plain_zip(),
    "empty": b"",
}


@pytest.mark.parametrize("name", KINDS)
def test_attachment_accepts_each_kind(name):
    content, kind = KINDS[name]

    assert uploads.sniff(content, uploads.ATTACHMENT) is kind


@pytest.mark.parametrize("name", NOT_FILES_WE_TAKE)
def test_attachment_and_scan_refuse_what_no_use_takes(name):
    content = NOT_FILES_WE_TAKE[name]

    assert uploads.sniff(content, uploads.ATTACHMENT) is None
    assert uploads.sniff(content, uploads.PAPER_SCAN) is None


@pytest.mark.parametrize("name", ["pdf", "png", "jpeg"])
def test_scan_accepts_pdf_png_jpeg_that_open(name):
    content, kind = KINDS[name]

    assert uploads.sniff(content, uploads.PAPER_SCAN) is kind


@pytest.mark.parametrize("name", ["gif", "docx", "xlsx", "pptx"])
def test_scan_refuses_other_kinds(name):
    content, _kind = KINDS[name]

    assert uploads.sniff(content, uploads.PAPER_SCAN) is None


@pytest.mark.parametrize(
    "content",
    [
        PDF[:-7],  # cut off before its end-of-file marker
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,  # a PNG header on nothing
        image("PNG")[:40],  # a truncated image
        b"\xff\xd8\xff" + image("PNG"),  # a JPEG start on a PNG
    ],
)
def test_scan_refuses_what_does_not_open(content):
    assert uploads.sniff(content, uploads.PAPER_SCAN) is None


def test_check_returns_the_kind_of_a_well_named_upload():
    upload = SimpleUploadedFile("Plan.PDF", PDF)

    assert uploads.check(upload, uploads.ATTACHMENT) is uploads.PDF
    assert upload.tell() == 0  # ready to be read again and stored


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("report.pdf", image("PNG"), "is named as a .pdf but its content is a PNG image"),
        ("report", PDF, "is named as a file without extension"),
        ("photo.jpg", b"<script>", "is not a file we accept"),
        ("big.pdf", PDF + b"0" * (10 * 1024 * 1024), "is larger than 10 MB"),
    ],
)
def test_check_refuses_with_the_reason(name, content, reason):
    with pytest.raises(ValueError, match=reason):
        uploads.check(SimpleUploadedFile(name, content), uploads.ATTACHMENT)


def test_accept_attribute_lists_every_extension_of_the_use():
    assert uploads.PAPER_SCAN.accept_attribute == ".pdf,.png,.jpg,.jpeg"
