"""Private files in an S3-compatible bucket (a real moto_server process): the signed record's
PDF lands encrypted and under object lock until its retention date, the bucket refuses an
early delete, destruction past the date removes every version, and downloads still stream
through the portal's views."""

import datetime
import hashlib
import time

import pytest
from botocore.exceptions import ClientError
from django.core.files.base import ContentFile
from django.utils import timezone

from aup_portal.storage import PrivateS3Storage, filed_on
from consent.models import ConsentRecord
from roster.models import CumulativeDocument, DocumentKind
from roster.retention.selectors import retain_until
from roster.retention.services import document_destroy, legal_hold_lift, legal_hold_place
from tests.consent.test_records import sign
from tests.deploy.conftest import free_port
from tests.factories import StudentFactory
from tests.retention.conftest import LEFT_SIX_YEARS_AGO, filed

pytestmark = pytest.mark.django_db


def signed_document(link) -> CumulativeDocument:
    return ConsentRecord.objects.select_related("document").get(pk=sign(link).pk).document


def test_a_signed_records_pdf_lands_in_the_bucket_encrypted_and_locked(
    s3_storage, bucket, mother_link
):
    link, _token = mother_link

    document = signed_document(link)

    head = bucket.head(document.file.name)
    body = bucket.client.get_object(Bucket=bucket.name, Key=document.file.name)["Body"].read()
    until = retain_until(DocumentKind.CONSENT_FORM, timezone.localdate())
    assert bucket.keys() == [document.file.name]
    assert document.file.name.startswith("cumulative/")
    assert hashlib.sha256(body).hexdigest() == document.sha256
    assert body.startswith(b"%PDF-")
    assert head["ServerSideEncryption"] == "AES256"
    assert head["ObjectLockMode"] == "COMPLIANCE"
    assert head["ObjectLockRetainUntilDate"] == datetime.datetime.combine(
        until, datetime.time(), tzinfo=datetime.UTC
    )
    assert until.year == timezone.localdate().year + 5  # the rule: five years


def test_the_bucket_refuses_to_delete_a_record_before_its_retention_date(
    s3_storage, bucket, mother_link
):
    link, _token = mother_link
    name = signed_document(link).file.name
    (version,) = s3_storage.versions(name)

    with pytest.raises(PermissionError, match="AccessDenied"):
        s3_storage.delete(name)
    with pytest.raises(ClientError, match="AccessDenied"):
        bucket.client.delete_object(Bucket=bucket.name, Key=name, VersionId=version)

    assert s3_storage.versions(name) == [version]
    assert bucket.head(name)["VersionId"] == version


def test_destruction_after_the_lock_ends_removes_every_version(
    s3_storage, bucket, school_a, its_reviewer, django_capture_on_commit_callbacks
):
    """A document filed long ago (its lock over), with a second version whose lock runs out
    in two seconds (as a record locked years ago would today)."""
    student = StudentFactory(school=school_a, left_on=LEFT_SIX_YEARS_AGO, active=False)
    with filed_on(LEFT_SIX_YEARS_AGO - datetime.timedelta(days=365)):
        document = filed(student)
    name = document.file.name
    soon = timezone.now() + datetime.timedelta(seconds=2)
    bucket.client.put_object(
        Bucket=bucket.name,
        Key=name,
        Body=b"%PDF-1.7 signed form",
        ObjectLockMode="COMPLIANCE",
        ObjectLockRetainUntilDate=soon,
    )
    assert len(s3_storage.versions(name)) == 2
    time.sleep(max(0, (soon - timezone.now()).total_seconds()) + 1)

    with django_capture_on_commit_callbacks(execute=True):
        document_destroy(user=its_reviewer, document_id=document.pk)

    assert s3_storage.versions(name) == []
    assert bucket.keys() == []


def test_a_document_filed_long_ago_is_locked_from_its_filing_day_and_others_are_not_locked(
    s3_storage, bucket
):
    long_ago = timezone.localdate() - datetime.timedelta(days=365 * 6)
    with filed_on(long_ago):
        expired = s3_storage.save("cumulative/2020/10/consent_form-S1.pdf", ContentFile(b"a"))
    with filed_on(timezone.localdate() - datetime.timedelta(days=365)):
        recent = s3_storage.save("cumulative/2025/10/withdrawal-S1.pdf", ContentFile(b"b"))
    letters = s3_storage.save("letters/2026/10/letters-batch-1.pdf", ContentFile(b"c"))

    assert "ObjectLockMode" not in bucket.head(expired)
    assert bucket.head(recent)["ObjectLockRetainUntilDate"].year == timezone.now().year + 4
    assert "ObjectLockMode" not in bucket.head(letters)
    assert {bucket.head(n)["ServerSideEncryption"] for n in (expired, recent, letters)} == {
        "AES256"
    }


def test_lock_mode_off_and_governance(bucket):
    name = "cumulative/2026/10/consent_form-S2.pdf"
    options = {"bucket_name": bucket.name, "endpoint_url": bucket.endpoint}
    off = PrivateS3Storage(**options, object_lock_mode="OFF").save(name, ContentFile(b"x"))
    governed = PrivateS3Storage(**options, object_lock_mode="GOVERNANCE").save(
        name, ContentFile(b"y")
    )

    assert off != governed  # never overwritten: a second file gets its own name
    assert "ObjectLockMode" not in bucket.head(off)
    assert bucket.head(governed)["ObjectLockMode"] == "GOVERNANCE"


def test_a_kms_key_id_asks_for_kms_encryption(bucket):
    storage = PrivateS3Storage(
        bucket_name=bucket.name, endpoint_url=bucket.endpoint, kms_key_id="alias/records"
    )

    name = storage.save("letters/2026/10/x.pdf", ContentFile(b"x"))

    head = bucket.head(name)
    assert (head["ServerSideEncryption"], head["SSEKMSKeyId"]) == ("aws:kms", "alias/records")


def test_downloads_stream_through_the_portal_and_never_by_url(
    client, s3_storage, mother_link, principal_a
):
    link, _token = mother_link
    document = signed_document(link)
    client.force_login(principal_a)

    response = client.get(f"/consent/documents/{document.pk}/")

    assert response.status_code == 200
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == document.sha256
    assert document.file.url == document.file.name  # a relative name, served by nothing
    assert client.get(f"/{document.file.name}").status_code == 404


def test_a_store_that_cannot_be_reached_gives_the_being_filed_page(
    client, s3_storage, mother_link, principal_a, monkeypatch
):
    link, _token = mother_link
    document = signed_document(link)
    unreachable = PrivateS3Storage(
        bucket_name=s3_storage.bucket_name, endpoint_url=f"http://127.0.0.1:{free_port()}"
    )
    monkeypatch.setattr(CumulativeDocument._meta.get_field("file"), "storage", unreachable)
    client.force_login(principal_a)

    response = client.get(f"/consent/documents/{document.pk}/")

    assert response.status_code == 202


def test_a_legal_hold_sets_the_objects_legal_hold_until_lifted(
    s3_storage, bucket, school_a, its_reviewer, django_capture_on_commit_callbacks
):
    student = StudentFactory(school=school_a)
    form, withdrawal = filed(student), filed(student, kind=DocumentKind.WITHDRAWAL)
    other = filed(StudentFactory(school=school_a))

    def holds():
        return {
            d.pk: bucket.client.get_object_legal_hold(Bucket=bucket.name, Key=d.file.name)[
                "LegalHold"
            ]["Status"]
            for d in (form, withdrawal)
        }

    with django_capture_on_commit_callbacks(execute=True):
        on_form = legal_hold_place(user=its_reviewer, reason="Subpoena 12", document=form)
    assert holds() == {form.pk: "ON", withdrawal.pk: "OFF"}
    with django_capture_on_commit_callbacks(execute=True):
        on_student = legal_hold_place(user=its_reviewer, reason="Lawsuit", student=student)
    assert holds() == {form.pk: "ON", withdrawal.pk: "ON"}
    with django_capture_on_commit_callbacks(execute=True):
        legal_hold_lift(user=its_reviewer, hold_id=on_student.pk, reason="Settled")
    assert holds() == {form.pk: "ON", withdrawal.pk: "OFF"}
    with django_capture_on_commit_callbacks(execute=True):
        legal_hold_lift(user=its_reviewer, hold_id=on_form.pk, reason="Withdrawn")
    assert holds() == {form.pk: "OFF", withdrawal.pk: "OFF"}
    assert "ObjectLockLegalHoldStatus" not in bucket.head(other.file.name)


def test_a_record_not_filed_while_the_store_is_unreachable_gives_the_being_filed_page(
    client, s3_storage, mother_link, principal_a, monkeypatch
):
    unreachable = PrivateS3Storage(
        bucket_name=s3_storage.bucket_name, endpoint_url=f"http://127.0.0.1:{free_port()}"
    )
    monkeypatch.setattr(CumulativeDocument._meta.get_field("file"), "storage", unreachable)
    link, _token = mother_link
    record = sign(link)  # its filing task runs at once here, and fails
    client.force_login(principal_a)

    response = client.get(f"/consent/records/{record.pk}/pdf/")

    assert ConsentRecord.objects.get(pk=record.pk).document is None
    assert response.status_code == 202


def test_a_roster_upload_in_the_bucket_is_checked_from_a_temporary_copy(
    client, s3_storage, bucket, its_reviewer, django_capture_on_commit_callbacks
):
    from roster.models import RosterImport, RosterImportStatus
    from tests.roster_import.test_admin_upload import sample_zip

    client.force_login(its_reviewer)

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/admin/roster/rosterimport/add/", {"file": sample_zip(), "dry_run": "on"})

    upload = RosterImport.objects.get()
    page = client.get(f"/admin/roster/rosterimport/{upload.pk}/change/").content.decode()
    assert bucket.keys() == [upload.file.name]
    assert upload.file.name in page and bucket.endpoint not in page
    assert (upload.status, "students: 20 added" in upload.plan) == (
        RosterImportStatus.PLANNED,
        True,
    )
