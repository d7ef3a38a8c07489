"""The storage settings read from the environment: S3_BUCKET switches the private files to
the bucket (with the endpoint, region, lock mode and KMS key given), the local folder stays
the default, and an unclear lock mode is refused. Run in a child process, as the settings
are read once, at import."""

import json

import pytest

from tests.helpers import run_django
from tests.test_settings import last_line, production_env

pytestmark = pytest.mark.django_db

PROBE = """
import json
import django
django.setup()
from django.core.files.storage import storages
store = storages["private"]
print(json.dumps({
    "class": type(store).__name__,
    "bucket": getattr(store, "bucket_name", None),
    "endpoint": getattr(store, "endpoint_url", None),
    "region": getattr(store, "region_name", None),
    "lock": getattr(store, "object_lock_mode", None),
    "params": getattr(store, "object_parameters", None),
    "acl": getattr(store, "default_acl", None),
    "overwrite": getattr(store, "file_overwrite", None),
}))
"""


def test_the_local_folder_is_the_default():
    result = run_django(["-c", PROBE], **production_env())

    assert json.loads(result.stdout)["class"] == "FileSystemStorage", result.stderr


def test_s3_bucket_makes_the_private_files_a_private_encrypted_locked_bucket():
    env = {
        **production_env(),
        "S3_BUCKET": "aup-records",
        "S3_ENDPOINT_URL": "https://s3.district.example",
        "S3_REGION": "us-east-2",
        "S3_OBJECT_LOCK_MODE": "governance",
        "S3_KMS_KEY_ID": "alias/records",
    }

    result = run_django(["-c", PROBE], **env)

    assert json.loads(result.stdout) == {
        "class": "PrivateS3Storage",
        "bucket": "aup-records",
        "endpoint": "https://s3.district.example",
        "region": "us-east-2",
        "lock": "GOVERNANCE",
        "params": {"ServerSideEncryption": "aws:kms", "SSEKMSKeyId": "alias/records"},
        "acl": "private",
        "overwrite": False,
    }, result.stderr


def test_an_unclear_lock_mode_is_refused():
    env = {**production_env(), "S3_BUCKET": "aup-records", "S3_OBJECT_LOCK_MODE": "weekly"}

    result = run_django(["-c", "import django; django.setup()"], **env)

    assert (result.returncode, last_line(result.stderr)) == (
        1,
        "django.core.exceptions.ImproperlyConfigured: "
        "S3_OBJECT_LOCK_MODE must be COMPLIANCE, GOVERNANCE or off.",
    )
