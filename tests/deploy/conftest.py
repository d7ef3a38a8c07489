"""The record store for real: a `moto_server` process (an S3 HTTP API with object lock,
started once per test session on a free port) and a bucket created with object lock, and
the portal's private files pointed at it for the tests that ask (the rest of the suite keeps
local files)."""

import importlib
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import boto3
import pytest
from botocore.config import Config
from django.core.files.storage import storages

from aup_portal.storage import PrivateS3Storage
from roster.management.commands.files_to_bucket import private_files

# The consent fixtures (programs, a guardian's link) for the signing tests here.
from tests.consent.conftest import bulk_alerts, mother_link  # noqa: F401

_retention_rules = importlib.import_module(
    "roster.migrations.0010_retention_rules_for_each_document_kind"
)

CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "moto-test-key",
    "AWS_SECRET_ACCESS_KEY": "moto-test-secret",
    "AWS_DEFAULT_REGION": "us-east-1",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port} after {timeout} s")


class Bucket:
    """The test bucket: its name, the S3 endpoint and a plain boto3 client (the test's own
    view of the store, beside the portal's)."""

    def __init__(self, endpoint: str, name: str):
        self.endpoint, self.name = endpoint, name
        self.client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name=CREDENTIALS["AWS_DEFAULT_REGION"],
            aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
            config=Config(retries={"max_attempts": 1}),
        )

    @property
    def env(self) -> dict[str, str]:
        """The environment a portal process needs to file into this bucket."""
        return {**CREDENTIALS, "S3_BUCKET": self.name, "S3_ENDPOINT_URL": self.endpoint}

    def head(self, key: str) -> dict:
        return self.client.head_object(Bucket=self.name, Key=key)

    def keys(self) -> list[str]:
        listing = self.client.list_objects_v2(Bucket=self.name)
        return sorted(entry["Key"] for entry in listing.get("Contents", ()))


@pytest.fixture(scope="session")
def s3_server():
    """A moto_server process for the session; its endpoint URL."""
    port = free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, server)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def bucket(s3_server, monkeypatch):
    """A new bucket with object lock for each test; boto3's credentials in this process."""
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    bucket = Bucket(s3_server, f"records-{uuid.uuid4().hex[:12]}")
    bucket.client.create_bucket(Bucket=bucket.name, ObjectLockEnabledForBucket=True)
    return bucket


@pytest.fixture
def s3_storage(bucket, settings, monkeypatch):
    """The private files in the bucket, as S3_BUCKET would set them when the process starts
    (a FileField reads its storage once, at import: each is pointed at the bucket here)."""
    options = {"bucket_name": bucket.name, "endpoint_url": bucket.endpoint}
    backend = {"BACKEND": "aup_portal.storage.PrivateS3Storage", "OPTIONS": options}
    settings.STORAGES = {**settings.STORAGES, "default": backend, "private": backend}
    store = storages["private"]
    assert isinstance(store, PrivateS3Storage)
    for _model, field in private_files():
        monkeypatch.setattr(field, "storage", store)
    return store


@pytest.fixture
def redis_env():
    """REDIS_URL for processes that share a cache: database 13 of the local Redis."""
    return {"REDIS_URL": os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13")}


@pytest.fixture(autouse=True)
def _retention_rules_present(db):
    """The migrations' retention rules (a transactional test elsewhere may have flushed them):
    the lock dates follow them."""
    from django.apps import apps

    _retention_rules.add_rules(apps, None)
