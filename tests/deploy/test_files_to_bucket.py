"""`manage.py files_to_bucket`: the local folder's private files copied to the bucket, each
SHA-256 checked, mismatches reported, and nothing copied twice on a rerun."""

import datetime
import hashlib

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.management import CommandError, call_command
from django.utils import timezone

from roster.models import CumulativeDocument, DocumentKind
from tests.factories import StudentFactory

pytestmark = pytest.mark.django_db


def filed_locally(student, content: bytes, *, added_at, recorded: bytes | None = None):
    """A document whose file is in the local folder (as before the bucket); ``recorded``: the
    bytes its row's SHA-256 was taken from, when they differ from the file's."""
    folder = FileSystemStorage(location=settings.PRIVATE_STORAGE_ROOT)
    name = folder.save(
        f"cumulative/2026/10/consent_form-{student.student_id}.pdf", ContentFile(content)
    )
    return CumulativeDocument.objects.create(
        student=student,
        kind=DocumentKind.CONSENT_FORM,
        title="Texting consent form",
        file=name,
        sha256=hashlib.sha256(recorded or content).hexdigest(),
        size=len(content),
        added_by_name="School office",
        added_by_position="Clerk",
        added_at=added_at,
    )


def run(capsys):
    try:
        call_command("files_to_bucket")
        failed = None
    except CommandError as error:
        failed = str(error)
    out = capsys.readouterr()
    return out.out.strip(), out.err.strip(), failed


def test_files_are_copied_verified_locked_from_their_filing_day_and_reruns_copy_nothing(
    s3_storage, bucket, school_a, capsys
):
    now = timezone.now()
    recent = filed_locally(StudentFactory(school=school_a), b"%PDF recent", added_at=now)
    older = filed_locally(
        StudentFactory(school=school_a),
        b"%PDF older",
        added_at=now - datetime.timedelta(days=2 * 365),
    )
    tampered = filed_locally(
        StudentFactory(school=school_a), b"%PDF changed", added_at=now, recorded=b"%PDF signed"
    )

    first = run(capsys)
    second = run(capsys)

    assert first[0] == "Copied 2, already in the bucket 0, problems 1."
    assert second[0] == "Copied 0, already in the bucket 2, problems 1."
    for _out, err, failed in (first, second):
        assert err.startswith(f"roster.CumulativeDocument {tampered.file.name}: ")
        assert hashlib.sha256(b"%PDF signed").hexdigest() in err
        assert failed == "1 file(s) not copied: see above."
    assert bucket.keys() == sorted([recent.file.name, older.file.name])
    for document, content in ((recent, b"%PDF recent"), (older, b"%PDF older")):
        assert len(s3_storage.versions(document.file.name)) == 1
        assert s3_storage.open(document.file.name).read() == content
    years = {
        d.pk: bucket.head(d.file.name)["ObjectLockRetainUntilDate"].year for d in (recent, older)
    }
    assert years == {recent.pk: now.year + 5, older.pk: now.year + 3}


def test_a_bucket_copy_with_other_bytes_is_reported_and_left_alone(
    s3_storage, bucket, school_a, capsys
):
    document = filed_locally(StudentFactory(school=school_a), b"%PDF form", added_at=timezone.now())
    s3_storage.save(document.file.name, ContentFile(b"%PDF something else"))

    out, err, failed = run(capsys)

    assert out == "Copied 0, already in the bucket 0, problems 1."
    assert "the bucket already holds different bytes" in err
    assert failed
    assert s3_storage.open(document.file.name).read() == b"%PDF something else"


def test_it_refuses_without_a_bucket(db):
    with pytest.raises(CommandError, match="set S3_BUCKET first"):
        call_command("files_to_bucket")
