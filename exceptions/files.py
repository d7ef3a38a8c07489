"""What an uploaded attachment really is, read from its first bytes (never from its name)."""

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Kind:
    label: str
    content_type: str
    extensions: tuple[str, ...]


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
ACCEPTED = "PDF, PNG, JPEG or GIF images, Word, Excel or PowerPoint documents (.docx, .xlsx, .pptx)"

_OOXML_PARTS = {"word/": DOCX, "xl/": XLSX, "ppt/": PPTX}


def _ooxml_kind(head: bytes, upload) -> Kind | None:
    if not head.startswith(b"PK\x03\x04"):
        return None
    upload.seek(0)
    try:
        with zipfile.ZipFile(io.BytesIO(upload.read())) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile:
        return None
    if "[Content_Types].xml" not in names:
        return None
    for prefix, kind in _OOXML_PARTS.items():
        if any(name.startswith(prefix) for name in names):
            return kind
    return None


def sniff(upload) -> Kind | None:
    """The kind of file ``upload`` holds, or None when it is none of the accepted kinds."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        kind = PDF
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = PNG
    elif head.startswith(b"\xff\xd8\xff"):
        kind = JPEG
    elif head.startswith((b"GIF87a", b"GIF89a")):
        kind = GIF
    else:
        kind = _ooxml_kind(head, upload)
    upload.seek(0)
    return kind


def check(upload) -> Kind:
    """The upload's kind; ValueError with the reason when it is too big, not an accepted kind,
    or named as something it is not (a program renamed to "report.pdf")."""
    if upload.size > MAX_BYTES:
        raise ValueError(f"{upload.name} is larger than 10 MB.")
    kind = sniff(upload)
    if kind is None:
        raise ValueError(f"{upload.name} is not a file we accept. Accepted: {ACCEPTED}.")
    extension = PurePath(upload.name).suffix.lower()
    if extension not in kind.extensions:
        raise ValueError(
            f"{upload.name} is named as a {extension or 'file without extension'} but its "
            f"content is a {kind.label}. Rename it to {kind.extensions[0]} and try again."
        )
    return kind
