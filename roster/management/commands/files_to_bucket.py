"""``manage.py files_to_bucket``: copies the private files from the local folder to the S3
bucket (S3_BUCKET set), each under its own name, checking every SHA-256: the folder's file
against the SHA-256 its row recorded (when the row keeps one), and the bucket's copy against
the folder's. Cumulative-record files are locked counting from the day they were filed.
Safe to rerun: a file already in the bucket with the same bytes is left alone. It deletes
nothing from the folder."""

import hashlib

from django.apps import apps
from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from aup_portal.storage import PrivateS3Storage


def sha256_of(storage, name: str) -> str:
    with storage.open(name, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def private_files():
    """(model, field) for every FileField kept in the private storage."""
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        for field in model._meta.get_fields():
            if getattr(field, "_storage_callable", None) is not None:
                yield model, field


def rows(model, field):
    """(name, recorded SHA-256 or "", the day it was filed or None) of each row's file."""
    names = {f.name for f in model._meta.get_fields()}
    sha = "sha256" if "sha256" in names else None
    day = next((n for n in ("added_at", "created_at", "uploaded_at") if n in names), None)
    columns = [field.name, *(c for c in (sha, day) if c)]
    for values in model.objects.exclude(**{field.name: ""}).values(*columns).order_by("pk"):
        when = values.get(day) if day else None
        yield (
            values[field.name],
            values.get(sha, "") if sha else "",
            timezone.localdate(when) if when else None,
        )


class Command(BaseCommand):
    help = (
        "Copies the private files from the local folder to the S3 bucket, verifying each "
        "SHA-256 (safe to rerun)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--from",
            dest="folder",
            default=str(settings.PRIVATE_STORAGE_ROOT),
            help="The folder the files are in (default: PRIVATE_STORAGE_ROOT).",
        )

    def handle(self, *, folder, **options):
        bucket = storages["private"]
        if not isinstance(bucket, PrivateS3Storage):
            raise CommandError("The private storage is not a bucket: set S3_BUCKET first.")
        source = FileSystemStorage(location=folder)
        copied = present = 0
        problems = []
        for model, field in private_files():
            for name, recorded, day in rows(model, field):
                outcome = self.copy(source, bucket, name, recorded, day)
                if outcome == "copied":
                    copied += 1
                elif outcome == "present":
                    present += 1
                else:
                    problems.append(f"{model._meta.label} {name}: {outcome}")
        for problem in problems:
            self.stderr.write(problem)
        self.stdout.write(
            f"Copied {copied}, already in the bucket {present}, problems {len(problems)}."
        )
        if problems:
            raise CommandError(f"{len(problems)} file(s) not copied: see above.")

    def copy(self, source, bucket, name, recorded, day) -> str:
        if not source.exists(name):
            return "missing from the folder"
        local = sha256_of(source, name)
        if recorded and local != recorded:
            return f"the folder's file has SHA-256 {local}, its record says {recorded}"
        if bucket.exists(name):
            remote = sha256_of(bucket, name)
            if remote != local:
                return f"the bucket already holds different bytes (SHA-256 {remote})"
            return "present"
        with source.open(name, "rb") as handle:
            bucket.copy_in(name, handle, filed=day)
        remote = sha256_of(bucket, name)
        if remote != local:
            return f"the bucket's copy has SHA-256 {remote}, the folder's {local}"
        return "copied"
