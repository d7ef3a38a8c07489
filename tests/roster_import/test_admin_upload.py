"""ITS uploads the SIS's OneRoster file in the admin: checked first (dry run), imported
after ITS confirms; the upload's record keeps the plan and the report."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from roster.models import RosterImport, RosterImportStatus, Student
from tests.roster_import.conftest import SAMPLE

pytestmark = pytest.mark.django_db


def sample_zip():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(SAMPLE.iterdir()):
            archive.write(file, file.name)
    return SimpleUploadedFile("roster.zip", buffer.getvalue(), "application/zip")


def test_its_uploads_checks_and_then_imports_a_file(
    client, its_reviewer, django_capture_on_commit_callbacks
):
    client.force_login(its_reviewer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/roster/rosterimport/add/", {"file": sample_zip(), "dry_run": "on"}
        )

    assert response.status_code == 302
    upload = RosterImport.objects.get()
    assert upload.uploaded_by == its_reviewer
    assert upload.status == RosterImportStatus.PLANNED
    assert "students: 20 added" in upload.plan
    assert not Student.objects.exists()
    page = client.get(f"/admin/roster/rosterimport/{upload.pk}/change/")
    assert "students: 20 added" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/roster/rosterimport/",
            {"action": "import_checked", "_selected_action": [upload.pk]},
        )

    upload.refresh_from_db()
    assert upload.status == RosterImportStatus.DONE
    assert "students: 20 added or updated." in upload.report
    assert Student.objects.count() == 20


def test_a_bad_upload_fails_with_its_reasons_and_changes_nothing(
    client, its_reviewer, django_capture_on_commit_callbacks
):
    client.force_login(its_reviewer)
    bad = SimpleUploadedFile("roster.zip", b"not a zip at all", "application/zip")

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/admin/roster/rosterimport/add/", {"file": bad})

    upload = RosterImport.objects.get()
    assert upload.status == RosterImportStatus.FAILED
    assert "is neither a folder nor a zip file" in upload.report
    assert not Student.objects.exists()


def test_principals_may_not_upload(client, principal_a):
    client.force_login(principal_a)

    response = client.get("/admin/roster/rosterimport/add/")

    assert response.status_code in (302, 403)
    assert not RosterImport.objects.exists()


REFRESH = '<meta http-equiv="refresh" content="5">'


@pytest.mark.parametrize(
    ("status", "refreshes"),
    [
        (RosterImportStatus.QUEUED, True),
        (RosterImportStatus.RUNNING, True),
        (RosterImportStatus.PLANNED, False),
        (RosterImportStatus.DONE, False),
        (RosterImportStatus.FAILED, False),
    ],
)
def test_an_import_page_refreshes_itself_only_while_the_import_runs(
    client, its_reviewer, status, refreshes
):
    upload = RosterImport.objects.create(
        uploaded_by=its_reviewer, status=status, progress="Read 100,000 users…"
    )
    client.force_login(its_reviewer)

    page = client.get(f"/admin/roster/rosterimport/{upload.pk}/change/").content.decode()

    assert (REFRESH in page) is refreshes
    assert "Read 100,000 users…" in page
