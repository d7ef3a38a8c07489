"""Helpers for the roster import's tests: small generated OneRoster exports and the command."""

import csv
import io
from pathlib import Path

import pytest
from django.core.management import call_command

from roster.oneroster.generate import write_export

SAMPLE = Path(__file__).resolve().parent.parent.parent / "docs" / "oneroster-sample"


def run_import(path, *args):
    """Runs ``manage.py import_roster`` and returns what it printed."""
    out = io.StringIO()
    call_command("import_roster", str(path), *args, stdout=out)
    return out.getvalue()


def edit_csv(folder, name, change):
    """Rewrites ``folder/name``: ``change(rows)`` gets the rows (header first) as lists and
    returns the new rows."""
    path = Path(folder) / name
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(change(rows))


def drop_user(folder, sourced_id):
    """Leaves one person out of the export (their user row and enrollments)."""
    edit_csv(folder, "users.csv", lambda rows: [r for r in rows if r[0] != sourced_id])
    edit_csv(folder, "enrollments.csv", lambda rows: [r for r in rows if r[5] != sourced_id])


@pytest.fixture
def export(tmp_path):
    """A factory: a generated export in a new folder under tmp_path."""
    count = 0

    def make(**options):
        nonlocal count
        count += 1
        folder = tmp_path / f"export-{count}"
        write_export(folder, **{"students": 20, **options})
        return folder

    return make
