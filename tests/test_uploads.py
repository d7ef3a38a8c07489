"""aup_portal.uploads: each use accepts its kinds, read from the bytes and proven by opening
them (PDF structure, image decode, Office package listing), within per-file and per-request
limits, and refuses the rest with the reason."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from aup_portal import uploads
from tests.helpers import image_file, office_file, pdf_file

PDF = pdf_file()

KINDS = {
    "pdf": (PDF, uploads.PDF),
    "png": (image_file("PNG"), uploads.PNG),
    "jpeg": (image_file("JPEG"), uploads.JPEG),
    "gif": (image_file("GIF"), uploads.GIF),
    "docx": (office_file("word/"), uploads.DOCX),
    "xlsx": (office_file("xl/"), uploads.XLSX),
    "pptx": (office_file("ppt/"), uploads.PPTX),
}


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    return buffer.getvalue()


def docx_without(part: str) -> bytes:
    buffer = io.BytesIO()
    source = zipfile.ZipFile(io.BytesIO(office_file("word/")))
    with source, zipfile.ZipFile(buffer, "w") as archive:
        for name in source.namelist():
            if name != part:
                archive.writestr(name, source.read(name))
    return buffer.getvalue()


def zip_bomb_docx() -> bytes:
    """A real Word package plus a part that unpacks 200 MB of zeros from ~200 KB."""
    buffer = io.BytesIO()
    source = zipfile.ZipFile(io.BytesIO(office_file("word/")))
    with source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name in source.namelist():
            archive.writestr(name, source.read(name))
        with archive.open("word/media/image1.bin", "w", force_zip64=True) as part:
            chunk = b"\x00" * (1024 * 1024)
            for _ in range(200):
                part.write(chunk)
    return buffer.getvalue()


def docx_with_a_damaged_part() -> bytes:
    content = bytearray(office_file("word/", extra={"word/styles.xml": b"<styles/>" * 50}))
    at = content.find(b"PK\x01\x02")  # the central directory: flip a byte just before it
    content[at - 5] ^= 0xFF
    return bytes(content)


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
        PDF[: len(PDF) // 2],  # a good header, cut off half-way
        PDF[: len(PDF) // 2] + b"\n%%EOF\n",  # cut off, with an end marker stuck on
        b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",  # the right bytes, no pages
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,  # a PNG header on nothing
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,  # a PNG header on garbage
        image_file("PNG", size=(400, 300))[:-300],  # an image cut off before its last pixels
        b"\xff\xd8\xff" + image_file("PNG"),  # a JPEG start on a PNG
        b"GIF89a" + b"\x00" * 40,  # a GIF header on nothing
        zip_bomb_docx(),  # a Word document that unpacks to 200 MB
        docx_without("word/document.xml"),  # a package without its main part
        docx_without("_rels/.rels"),  # a package without its relationships
        docx_with_a_damaged_part(),  # a part whose bytes fail its checksum
    ],
    ids=[
        "truncated-pdf",
        "truncated-pdf-with-eof",
        "pdf-without-pages",
        "png-header-on-zeros",
        "png-header-on-garbage",
        "truncated-png",
        "jpeg-start-on-png",
        "gif-header-on-zeros",
        "zip-bomb-docx",
        "docx-without-main-part",
        "docx-without-relationships",
        "docx-damaged-part",
    ],
)
def test_attachment_and_scan_refuse_what_does_not_open(content):
    assert uploads.sniff(content, uploads.ATTACHMENT) is None
    assert uploads.sniff(content, uploads.PAPER_SCAN) is None


def test_image_over_the_pixel_limit_is_refused_before_decoding():
    # A 1-bit PNG of 8,000 by 8,000 pixels is a few kilobytes and 64 million pixels.
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("1", (8000, 8000)).save(buffer, format="PNG")

    assert uploads.sniff(buffer.getvalue(), uploads.ATTACHMENT) is None


def test_check_returns_the_kind_of_a_well_named_upload():
    upload = SimpleUploadedFile("Plan.PDF", PDF)

    assert uploads.check(upload, uploads.ATTACHMENT) is uploads.PDF
    assert upload.tell() == 0  # ready to be read again and stored


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("report.pdf", image_file("PNG"), "is named as a .pdf but its content is a PNG image"),
        ("report", PDF, "is named as a file without extension"),
        ("photo.jpg", b"<script>", "is not a file we accept"),
        ("big.pdf", PDF + b"0" * (10 * 1024 * 1024), "is larger than 10 MB"),
        ("cut.pdf", PDF[:200], "looks like a PDF but does not open"),
        ("bomb.docx", zip_bomb_docx(), "is not a file we accept"),
    ],
)
def test_check_refuses_with_the_reason(name, content, reason):
    with pytest.raises(ValueError, match=reason):
        uploads.check(SimpleUploadedFile(name, content), uploads.ATTACHMENT)


def test_check_count_refuses_too_many_files_and_too_much_in_total():
    mb = 1024 * 1024

    uploads.check_count([mb] * 10, uploads.ATTACHMENT)  # at the limits: fine
    with pytest.raises(ValueError, match="at most 10 files"):
        uploads.check_count([mb] * 11, uploads.ATTACHMENT)
    with pytest.raises(ValueError, match=r"at most 10 files \(it has 9 already\)"):
        uploads.check_count([mb] * 2, uploads.ATTACHMENT, already=(9, 9 * mb))
    with pytest.raises(ValueError, match=r"Together these files are 27\.0 MB"):
        uploads.check_count([9 * mb] * 3, uploads.ATTACHMENT)
    with pytest.raises(ValueError, match="at most 25 MB of files"):
        uploads.check_count([5 * mb], uploads.ATTACHMENT, already=(3, 21 * mb))


def test_accept_attribute_lists_every_extension_of_the_use():
    assert uploads.PAPER_SCAN.accept_attribute == ".pdf,.png,.jpg,.jpeg"
