"""Helpers several test modules share."""

import io
import os
import re
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

from django.db import connection

REPO_ROOT = Path(__file__).resolve().parent.parent


def settings_variables() -> set[str]:
    """Every environment variable the portal's settings read (aup_portal/settings.py and the
    settings modules it imports; not the test settings)."""
    sources = "\n".join(
        path.read_text()
        for path in sorted((REPO_ROOT / "aup_portal").glob("settings*.py"))
        if path.name != "settings_test.py"
    )
    return set(re.findall(r'env(?:_bool|_int|_admins|\.\w+)\(\s*"([A-Z][A-Z0-9_]*)"', sources))


def run_django(argv: list[str], **env: str) -> subprocess.CompletedProcess:
    """Run ``python *argv`` in the repository root with the test runner's environment minus
    every variable the portal's settings read (the test settings set some), plus ``env``."""
    dropped = {*settings_variables(), "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    child_env = {name: value for name, value in os.environ.items() if name not in dropped}
    return subprocess.run(
        [sys.executable, *argv],
        cwd=REPO_ROOT,
        env={**child_env, **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def sqlite_demo_env(db_file: Path) -> dict[str, str]:
    """The zero-setup demo's environment: DEBUG on, a SQLite file."""
    return {
        "DJANGO_SETTINGS_MODULE": "aup_portal.settings",
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{db_file}",
    }


def at_once(*calls):
    """Runs each call in its own thread, all released at the same moment; returns what each
    returned or raised, in order."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = ("returned", call())
        except Exception as error:  # the outcome is what the test asserts on
            outcomes[index] = ("raised", error)
        finally:
            # Each thread has its own connection; leave none open for the flush after the test.
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck"
    return outcomes


def pdf_file(pages: int = 1) -> bytes:
    """A small PDF that opens: ``pages`` blank letter-size pages."""
    from pypdf import PdfWriter

    writer, buffer = PdfWriter(), io.BytesIO()
    for _ in range(pages):
        writer.add_blank_page(612, 792)
    writer.write(buffer)
    return buffer.getvalue()


def image_file(format_name: str, size=(40, 50)) -> bytes:
    """A grey image in ``format_name`` (PNG, JPEG, GIF) that decodes."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("L", size, color=200).save(buffer, format=format_name)
    return buffer.getvalue()


OFFICE_MAIN_PARTS = {"word/": "document.xml", "xl/": "workbook.xml", "ppt/": "presentation.xml"}


def office_file(folder: str, *, extra: dict[str, bytes] | None = None) -> bytes:
    """An Office Open XML package of the kind ``folder`` names ("word/", "xl/", "ppt/"),
    with its content types, relationships and main part, plus ``extra`` parts."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr(folder + OFFICE_MAIN_PARTS[folder], "<document/>")
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()
