"""What an uploaded file really is, read from its bytes (never its name or the browser's
word) and proven by opening it, and the kinds and limits each use accepts: exception
attachments, paper-form scans."""

import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.core.files.base import ContentFile

MB = 1024 * 1024


@dataclass(frozen=True)
class Kind:
    label: str
    content_type: str
    extensions: tuple[str, ...]  # the first is the one a stored file gets


PDF = Kind("PDF", "application/pdf", (".pdf",))
PNG = Kind("PNG image", "image/png", (".png",))
JPEG = Kind("JPEG image", "image/jpeg", (".jpg", ".jpeg"))
GIF = Kind("GIF image", "image/gif", (".gif",))
DOCX = Kind(
    "Word document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (".docx",),
)
XLSX = Kind(
    "Excel workbook",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    (".xlsx",),
)
PPTX = Kind(
    "PowerPoint presentation",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    (".pptx",),
)


@dataclass(frozen=True)
class Use:
    """What one kind of upload may be, and how much of it one request may bring."""

    kinds: tuple[Kind, ...]
    max_bytes: int  # one file
    max_files: int  # files one request (an exception request, a paper form) may hold
    max_total_bytes: int  # all of one request's files together
    accepted: str  # the kinds in words, for help texts and refusals

    @property
    def accept_attribute(self) -> str:
        """The file input's ``accept`` (a hint to the browser; the bytes decide)."""
        return ",".join(extension for kind in self.kinds for extension in kind.extensions)

    @property
    def limits(self) -> str:
        """The limits in words, for help texts."""
        if self.max_files == 1:
            return f"up to {self.max_bytes // MB} MB"
        return (
            f"up to {self.max_files} files, {self.max_bytes // MB} MB each and "
            f"{self.max_total_bytes // MB} MB together"
        )


ATTACHMENT = Use(
    kinds=(PDF, PNG, JPEG, GIF, DOCX, XLSX, PPTX),
    max_bytes=10 * MB,
    max_files=10,
    max_total_bytes=25 * MB,
    accepted="PDF, PNG, JPEG or GIF images, Word, Excel or PowerPoint documents "
    "(.docx, .xlsx, .pptx)",
)
# A scan is evidence in the cumulative record: one readable file per paper form.
PAPER_SCAN = Use(
    kinds=(PDF, PNG, JPEG),
    max_bytes=10 * MB,
    max_files=1,
    max_total_bytes=10 * MB,
    accepted="PDF, PNG or JPEG",
)

# Opening a file is bounded, so a small upload can't make the server unpack gigabytes: an
# image may have this many pixels (a letter page scanned at 600 dpi has about 34 million),
# a PDF this many pages, an Office document this much unpacked content, this many parts,
# and no part larger than a megabyte that shrank more than MAX_ZIP_RATIO times.
MAX_IMAGE_PIXELS = 50_000_000
MAX_PDF_PAGES = 2_000
MAX_ZIP_UNPACKED_BYTES = 100 * MB
MAX_ZIP_MEMBERS = 5_000
MAX_ZIP_RATIO = 100

# The parts every Office document of a kind has: its content types, its relationships and
# its main part.
_OOXML_MAIN_PARTS = {
    "word/document.xml": DOCX,
    "xl/workbook.xml": XLSX,
    "ppt/presentation.xml": PPTX,
}
_OOXML_COMMON_PARTS = ("[Content_Types].xml", "_rels/.rels")
_IMAGE_FORMATS = {PNG: "PNG", JPEG: "JPEG", GIF: "GIF"}


def _ooxml_kind(content: bytes) -> Kind | None:
    """The Office kind of a zip archive whose listing stays within the limits, whose parts
    all unpack intact and which holds the parts its kind needs; else None."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS:
                return None
            if sum(member.file_size for member in members) > MAX_ZIP_UNPACKED_BYTES:
                return None
            for member in members:
                ratio = member.file_size / max(member.compress_size, 1)
                if member.file_size > MB and ratio > MAX_ZIP_RATIO:
                    return None
            names = {member.filename for member in members}
            kinds = [kind for part, kind in _OOXML_MAIN_PARTS.items() if part in names]
            if len(kinds) != 1 or not names.issuperset(_OOXML_COMMON_PARTS):
                return None
            # Unpacking reads no more than the listing declares (checked above), and a part
            # whose bytes don't match its checksum is damaged.
            if archive.testzip() is not None:
                return None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError):
        return None
    return kinds[0]


def _pdf_opens(content: bytes) -> bool:
    from pypdf import PdfReader  # only needed when a PDF is checked

    try:
        reader = PdfReader(io.BytesIO(content))
        pages = reader.pages
        if not 1 <= len(pages) <= MAX_PDF_PAGES:
            return False
        for page in pages:
            _ = page.mediabox  # every page is an object with a size
    except Exception:  # any parser complaint means "not a usable PDF"
        return False
    return True


def _image_opens(content: bytes, kind: Kind) -> bool:
    from PIL import Image  # only needed when an image is checked

    try:
        with Image.open(io.BytesIO(content)) as image:
            width, height = image.size
            if image.format != _IMAGE_FORMATS[kind] or width * height > MAX_IMAGE_PIXELS:
                return False
            image.verify()
        # verify() checks the structure; only decoding every pixel finds a truncated image.
        with Image.open(io.BytesIO(content)) as image:
            image.load()
    except Exception:  # any decoder complaint means "not a usable image"
        return False
    return True


def _kind_of(content: bytes) -> Kind | None:
    if content.startswith(b"%PDF-"):
        return PDF
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if content.startswith(b"\xff\xd8\xff"):
        return JPEG
    if content.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if content.startswith(b"PK\x03\x04"):
        return _ooxml_kind(content)
    return None


def _opens(content: bytes, kind: Kind) -> bool:
    if kind is PDF:
        return _pdf_opens(content)
    if kind in _IMAGE_FORMATS:
        return _image_opens(content, kind)
    return True  # an Office document was opened and checked to be recognised


def sniff(content: bytes, use: Use) -> Kind | None:
    """The kind ``content`` is, when ``use`` accepts it and it opens as one; else None."""
    kind = _kind_of(content)
    if kind not in use.kinds or not _opens(content, kind):
        return None
    return kind


def check(upload, use: Use) -> Kind:
    """The upload's kind; ValueError with the reason when it is too big, not a kind ``use``
    accepts, damaged, or named as something it is not (a program renamed to "report.pdf")."""
    if upload.size > use.max_bytes:
        raise ValueError(f"{upload.name} is larger than {use.max_bytes // MB} MB.")
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    kind = _kind_of(content)
    if kind not in use.kinds:
        raise ValueError(f"{upload.name} is not a file we accept. Accepted: {use.accepted}.")
    if not _opens(content, kind):
        raise ValueError(
            f"{upload.name} looks like a {kind.label} but does not open: it may be damaged or "
            "incomplete. Save it again and try again."
        )
    extension = PurePath(upload.name).suffix.lower()
    if extension not in kind.extensions:
        raise ValueError(
            f"{upload.name} is named as a {extension or 'file without extension'} but its "
            f"content is a {kind.label}. Rename it to {kind.extensions[0]} and try again."
        )
    return kind


def check_count(sizes, use: Use, *, already: tuple[int, int] = (0, 0)) -> None:
    """ValueError when files of ``sizes`` would bring one request over ``use``'s number of
    files or total size; ``already`` is (files, bytes) the request holds now."""
    sizes = list(sizes)
    files, total = already[0] + len(sizes), already[1] + sum(sizes)
    if files > use.max_files:
        kept = f" (it has {already[0]} already)" if already[0] else ""
        raise ValueError(
            f"A request can hold at most {use.max_files} files{kept}; you chose {len(sizes)}. "
            "Combine some into one PDF, or leave out the least needed."
        )
    if total > use.max_total_bytes:
        raise ValueError(
            f"Together these files are {total / MB:.1f} MB; a request can hold at most "
            f"{use.max_total_bytes // MB} MB of files. Make some smaller (scan at a lower "
            "resolution, or save as PDF) or leave some out."
        )


def fill_checked(record, *, upload, kind: Kind, stem: str, by) -> None:
    """Fill a file row (exception attachments, audit evidence) from an ``upload`` that
    ``check`` found to be ``kind``: its name as sent, its real type, size and SHA-256, who
    sent it, and the file stored under ``stem`` with the extension of what the content
    really is. The caller saves the row (a service, in its transaction)."""
    upload.seek(0)
    content = upload.read()
    record.original_name = upload.name[:255]
    record.content_type = kind.content_type
    record.size = len(content)
    record.sha256 = hashlib.sha256(content).hexdigest()
    record.uploaded_by = by
    record.file.save(f"{stem}{kind.extensions[0]}", ContentFile(content), save=False)
