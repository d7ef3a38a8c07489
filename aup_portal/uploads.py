"""What an uploaded file really is, read from its bytes (never its name or the browser's
word), and the kinds each use accepts: exception attachments, paper-form scans."""

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath


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
    """What one kind of upload may be."""

    kinds: tuple[Kind, ...]
    max_bytes: int
    # The content must open (a PDF that ends, an image that decodes), not just start right.
    must_open: bool
    accepted: str  # the kinds in words, for help texts and refusals

    @property
    def accept_attribute(self) -> str:
        """The file input's ``accept`` (a hint to the browser; the bytes decide)."""
        return ",".join(extension for kind in self.kinds for extension in kind.extensions)


ATTACHMENT = Use(
    kinds=(PDF, PNG, JPEG, GIF, DOCX, XLSX, PPTX),
    max_bytes=10 * 1024 * 1024,
    must_open=False,
    accepted="PDF, PNG, JPEG or GIF images, Word, Excel or PowerPoint documents "
    "(.docx, .xlsx, .pptx)",
)
# A scan is evidence in the cumulative record: it must be readable, not merely named right.
PAPER_SCAN = Use(
    kinds=(PDF, PNG, JPEG), max_bytes=10 * 1024 * 1024, must_open=True, accepted="PDF, PNG or JPEG"
)

_OOXML_PARTS = {"word/": DOCX, "xl/": XLSX, "ppt/": PPTX}
_IMAGE_FORMATS = {PNG: "PNG", JPEG: "JPEG", GIF: "GIF"}


def _ooxml_kind(content: bytes) -> Kind | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile:
        return None
    if "[Content_Types].xml" not in names:
        return None
    for prefix, kind in _OOXML_PARTS.items():
        if any(name.startswith(prefix) for name in names):
            return kind
    return None


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
        # A PDF ends with its end-of-file marker (allowing trailing whitespace or junk that
        # scanners add); a renamed text file or a truncated upload does not.
        return b"%%EOF" in content[-2048:]
    if kind in _IMAGE_FORMATS:
        from PIL import Image  # only needed when an image is checked

        try:
            with Image.open(io.BytesIO(content)) as image:
                if image.format != _IMAGE_FORMATS[kind]:
                    return False
                image.verify()
        except Exception:  # any decoder complaint means "not a usable image"
            return False
    return True  # an Office document opened as a zip archive to be recognised


def sniff(content: bytes, use: Use) -> Kind | None:
    """The kind ``content`` is, when ``use`` accepts it (and, if it must, it opens); else None."""
    kind = _kind_of(content)
    if kind not in use.kinds or (use.must_open and not _opens(content, kind)):
        return None
    return kind


def check(upload, use: Use) -> Kind:
    """The upload's kind; ValueError with the reason when it is too big, not a kind ``use``
    accepts, or named as something it is not (a program renamed to "report.pdf")."""
    if upload.size > use.max_bytes:
        raise ValueError(f"{upload.name} is larger than {use.max_bytes // 1024 // 1024} MB.")
    upload.seek(0)
    kind = sniff(upload.read(), use)
    upload.seek(0)
    if kind is None:
        raise ValueError(f"{upload.name} is not a file we accept. Accepted: {use.accepted}.")
    extension = PurePath(upload.name).suffix.lower()
    if extension not in kind.extensions:
        raise ValueError(
            f"{upload.name} is named as a {extension or 'file without extension'} but its "
            f"content is a {kind.label}. Rename it to {kind.extensions[0]} and try again."
        )
    return kind
