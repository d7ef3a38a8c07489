"""Helpers for the roster import's tests: small generated OneRoster exports and the command."""

import csv
import io
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from roster.oneroster.generate import write_export
from tests.factories import school_year_start_today

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


def sample_in_this_school_year(tmp_path) -> Path:
    """A copy of the sample export whose school year is the one current today, for tests on
    the real clock (district sign-in through the real provider)."""
    folder = tmp_path / "sample"
    shutil.copytree(SAMPLE, folder)
    start = school_year_start_today()

    def this_year(rows):
        header, *years = rows
        at = {name: header.index(name) for name in header}
        for row in years:
            row[at["title"]] = f"{start}-{start + 1}"
            row[at["startDate"]] = f"{start}-08-24"
            row[at["endDate"]] = f"{start + 1}-06-11"
            row[at["schoolYear"]] = str(start + 1)
        return [header, *years]

    edit_csv(folder, "academicSessions.csv", this_year)
    return folder


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


def delta_of(folder, **listed):
    """Turns an export into a delta file: each file keeps only the rows whose sourcedId is
    listed for it (``users=["stu-3"]``); a sourcedId written with a leading "-" comes with
    status ``tobedeleted``. Files not named keep only their header."""
    edit_csv(
        folder,
        "manifest.csv",
        lambda rows: [[k, "delta" if v == "bulk" else v] for k, v in rows],
    )
    for path in sorted(Path(folder).glob("*.csv")):
        if path.name == "manifest.csv":
            continue
        wanted = {w.lstrip("-"): w.startswith("-") for w in listed.get(path.stem, [])}

        def keep(rows, wanted=wanted):
            header, status = rows[0], rows[0].index("status")
            kept = [list(r) for r in rows[1:] if r[0] in wanted]
            for row in kept:
                row[status] = "tobedeleted" if wanted[row[0]] else ""
            return [header, *kept]

        edit_csv(folder, path.name, keep)
    return folder


def as_oneroster_1_2(folder):
    """Rewrites an export as OneRoster 1.2: users' roles and orgs move to roles.csv, and
    each staff member gets a user profile in userProfiles.csv that their role names."""
    roles = [["sourcedId", "status", "dateLastModified", "userSourcedId", "roleType", "role",
              "beginDate", "endDate", "orgSourcedId", "userProfileSourcedId"]]  # fmt: skip
    profiles = [["sourcedId", "status", "dateLastModified", "userSourcedId", "profileType",
                 "vendorId", "applicationId", "description", "credentialType", "username",
                 "password"]]  # fmt: skip

    def split_roles(rows):
        header = rows[0]
        org, role, username = (header.index(c) for c in ("orgSourcedIds", "role", "username"))
        for r in rows[1:]:
            profile = f"profile-{r[0]}" if r[username] else ""
            roles.append([f"role-{r[0]}", "", "", r[0], "primary", r[role], "", "", r[org],
                          profile])  # fmt: skip
            if profile:
                profiles.append([profile, "", "", r[0], "district", "district-idp", "", "",
                                 "username", r[username], ""])  # fmt: skip
        return [[v for i, v in enumerate(r) if i not in (org, role)] for r in rows]

    edit_csv(folder, "users.csv", split_roles)
    edit_csv(folder, "manifest.csv", lambda rows: [*rows, ["file.roles", "bulk"],
                                                   ["file.userProfiles", "bulk"]])  # fmt: skip
    edit_csv(folder, "manifest.csv", lambda rows: [[k, "1.2" if k == "oneroster.version"
                                                    else v] for k, v in rows])  # fmt: skip
    for name, rows in (("roles.csv", roles), ("userProfiles.csv", profiles)):
        with open(Path(folder) / name, "w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows(rows)
    return folder
