"""The private record store in an S3-compatible bucket (settings: S3_BUCKET and friends).

A private bucket with server-side encryption, never a URL (views stream files after an
access check, aup_portal/files.py), and object lock (WORM) for the cumulative record: a
document is locked until its retention rule's date counted from the day it is filed
(roster.retention.selectors.retain_until), so the bucket itself refuses an early delete, and
a legal hold in the portal sets the object's legal hold (roster.retention.services).
Without S3_BUCKET the portal keeps its files in the local folder (the demo)."""

import contextlib
import contextvars
import datetime
import posixpath

from botocore.exceptions import BotoCoreError, ClientError
from django.utils import timezone
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

# The cumulative record's files: upload_to "cumulative/%Y/%m/" and a name that starts with
# the document's kind (consent/services/filing.py, consent/services/paper.py).
EVIDENCE_FOLDER = "cumulative/"
LOCK_MODES = ("COMPLIANCE", "GOVERNANCE")
# The day a file being written was filed: today, unless an older file is being copied
# (`manage.py files_to_bucket`, inside ``filed_on``).
_filed_on: contextvars.ContextVar[datetime.date | None] = contextvars.ContextVar(
    "filed_on", default=None
)


@contextlib.contextmanager
def filed_on(day: datetime.date | None):
    """Files written inside are locked counting from ``day`` (when they were first filed)."""
    token = _filed_on.set(day)
    try:
        yield
    finally:
        _filed_on.reset(token)


def evidence_kind(name: str) -> str | None:
    """The DocumentKind of a cumulative-record file from its stored name, or None when the
    file is not part of the cumulative record."""
    from roster.models import DocumentKind  # the storage is built while models import

    if not name.startswith(EVIDENCE_FOLDER):
        return None
    kind = posixpath.basename(name).split("-", 1)[0]
    return kind if kind in DocumentKind.values else None


def lock_until(name: str) -> datetime.datetime | None:
    """When the object lock of a file named ``name`` ends (midnight UTC starting the rule's
    first day of destruction, counted from the day it was filed), or None when no rule
    applies to it or that day has passed."""
    from roster.retention.selectors import retain_until

    kind = evidence_kind(name)
    day = kind and retain_until(kind, _filed_on.get() or timezone.localdate())
    if not day:
        return None
    until = datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.UTC)
    return until if until > timezone.now() else None


@contextlib.contextmanager
def _as_os_error(name: str):
    try:
        yield
    except (BotoCoreError, ClientError) as error:
        raise OSError(f"The record store cannot handle {name} now: {error}") from error


class PrivateS3Storage(S3Storage):
    """django-storages' S3 backend made private: encrypted, no URLs, evidence locked, and a
    delete that removes every version (a versioned bucket otherwise keeps the old bytes
    behind a delete marker). Errors from the bucket are OSError, as a local disk's would be,
    so the "being filed" page and the filing task's retry work the same (aup_portal/files.py).
    """

    def __init__(self, **options):
        options.setdefault("default_acl", "private")
        options.setdefault("file_overwrite", False)
        options.setdefault("querystring_auth", True)
        self.object_lock_mode = options.pop("object_lock_mode", "COMPLIANCE")
        kms_key_id = options.pop("kms_key_id", "")
        encryption = (
            {"ServerSideEncryption": "aws:kms", "SSEKMSKeyId": kms_key_id}
            if kms_key_id
            else {"ServerSideEncryption": "AES256"}
        )
        options["object_parameters"] = {**options.get("object_parameters", {}), **encryption}
        super().__init__(**options)

    def _get_write_parameters(self, name, content=None):
        params = super()._get_write_parameters(name, content)
        until = lock_until(name) if self.object_lock_mode in LOCK_MODES else None
        if until is not None:
            params["ObjectLockMode"] = self.object_lock_mode
            params["ObjectLockRetainUntilDate"] = until
        return params

    def url(self, name, *args, **kwargs):
        """Never the bucket's address (nor a signed one): the relative name the local folder's
        storage gives too, which the portal does not serve (the admin shows it as a link)."""
        return filepath_to_uri(clean_name(name))

    def _open(self, name, mode="rb"):
        with _as_os_error(name):
            return super()._open(name, mode)

    def _save(self, name, content):
        with _as_os_error(name):
            return super()._save(name, content)

    def exists(self, name):
        with _as_os_error(name):
            return super().exists(name)

    def copy_in(self, name: str, content, *, filed: datetime.date | None) -> None:
        """Writes ``content`` under exactly ``name`` (a file moved here from the folder),
        locked counting from the day it was ``filed``."""
        with filed_on(filed):
            self._save(name, content)

    def legal_hold(self, name: str, *, on: bool) -> None:
        """Sets or clears the object's legal hold (while on, no version of it can be deleted,
        whatever its retention date)."""
        self.connection.meta.client.put_object_legal_hold(
            Bucket=self.bucket_name,
            Key=self._normalize_name(clean_name(name)),
            LegalHold={"Status": "ON" if on else "OFF"},
        )

    def versions(self, name: str) -> list[str]:
        """Every version id of ``name`` (delete markers included)."""
        key = self._normalize_name(clean_name(name))
        client = self.connection.meta.client
        found = []
        for page in client.get_paginator("list_object_versions").paginate(
            Bucket=self.bucket_name, Prefix=key
        ):
            for entry in [*page.get("Versions", ()), *page.get("DeleteMarkers", ())]:
                if entry["Key"] == key:
                    found.append(entry["VersionId"])
        return found

    def delete(self, name):
        """Deletes every version of ``name``. A version still under object lock is refused
        by the bucket: PermissionError, and the versions after it are left in place."""
        key = self._normalize_name(clean_name(name))
        client = self.connection.meta.client
        for version_id in self.versions(name):
            try:
                client.delete_object(Bucket=self.bucket_name, Key=key, VersionId=version_id)
            except ClientError as error:
                raise PermissionError(
                    f"The record store refused to delete {name}: "
                    f"{error.response.get('Error', {}).get('Code')}"
                ) from error
