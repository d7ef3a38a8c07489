"""Private files (signed forms, scans, letters, decision records) streamed to the people who
may have them, and the friendly page when the storage cannot give one yet."""

import contextlib
import logging
import shutil
import tempfile
from pathlib import Path, PurePath

from django.http import FileResponse
from django.shortcuts import render

logger = logging.getLogger(__name__)


def open_private(field_file):
    """The stored file opened for reading, or None when the storage cannot give it now (not
    filed yet, or the storage is failing; the filing task retries by itself)."""
    try:
        return field_file.open("rb")
    except OSError:
        logger.warning("Private file %s cannot be read now", field_file.name, exc_info=True)
        return None


def attachment_response(handle, *, filename: str, content_type: str) -> FileResponse:
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def being_filed(request):
    """202: the document exists on the record but is still being filed; try again soon."""
    response = render(request, "being_filed.html", status=202)
    response["Cache-Control"] = "no-store"
    return response


@contextlib.contextmanager
def local_copy(field_file):
    """A path to the stored file on this machine, for code that needs a real file (a zip's
    reader): the file itself in the local folder, else a temporary copy from the bucket,
    removed afterwards."""
    try:
        path = field_file.path
    except NotImplementedError:  # a bucket has no local path
        path = None
    if path is not None:
        yield Path(path)
        return
    suffix = PurePath(field_file.name).suffix
    with tempfile.NamedTemporaryFile(suffix=suffix) as copy, field_file.open("rb") as stored:
        shutil.copyfileobj(stored, copy)
        copy.flush()
        yield Path(copy.name)
