"""Two web servers and two workers, as a district runs them: two gunicorn instances on their
own ports and two `manage.py db_worker` processes, all on the test database, one Redis and
one bucket (a moto_server process). A parent verifies on instance A and signs on instance B;
one worker files the PDF once; staff download it from both; a rate limit counts across both."""

import hashlib
import http.cookiejar
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import redis
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from consent.models import ConsentRecord
from consent.services.forms_text import current_form_text
from consent.services.keys import texting_key_create
from roster.models import CumulativeDocument
from tests.consent.conftest import GRANT, make_link
from tests.consent.worker import ROOT, Worker, wait_for
from tests.deploy.conftest import free_port, wait_for_port
from tests.factories import PASSWORD

API_LIMIT = 3  # calls per key per minute, on both instances together
RATE_KEYS = "*ratelimit:texting-api:*"  # this test's keys in its Redis database (60 s)


class Instance:
    """One gunicorn serving the portal on a free port (no config file: the test's own)."""

    def __init__(self, env: dict[str, str], config: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "aup_portal.wsgi",
                f"--config={config}",
                f"--bind=127.0.0.1:{self.port}",
                "--workers=1",
                "--no-control-socket",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


class Browser:
    """One person's browser: its cookies go to every instance (one host, as behind the
    district's load balancer). Redirects are followed on the instance that sent them."""

    def __init__(self):
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, url, **headers):
        return self.open(urllib.request.Request(url, headers=headers))  # noqa: S310

    def post(self, url, fields: dict, *, form_on=None):
        """Posts ``fields`` with the CSRF token of the form on ``form_on`` (default: ``url``)."""
        fields = {**fields, "csrfmiddlewaretoken": self.csrf_token(form_on or url)}
        data = urllib.parse.urlencode(fields).encode()
        return self.open(urllib.request.Request(url, data=data))  # noqa: S310

    def csrf_token(self, url) -> str:
        page = self.get(url)[2].decode()
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    def open(self, request) -> tuple[int, str, bytes]:
        """(status, final URL, body)."""
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.url, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.url, error.read()


@pytest.fixture
def cluster(transactional_db, bucket, redis_env, tmp_path):
    """Two instances and two workers sharing the database, Redis and the bucket."""
    (tmp_path / "mail").mkdir()
    (tmp_path / "gunicorn.conf.py").write_text("")
    shared = {**bucket.env, **redis_env, "TEXTING_API_RATE_PER_MINUTE": str(API_LIMIT)}
    workers = [Worker(tmp_path / "mail", **shared).start() for _ in range(2)]
    env = workers[0].env
    instances = [Instance(env, tmp_path / "gunicorn.conf.py") for _ in range(2)]
    cache = redis.Redis.from_url(redis_env["REDIS_URL"])
    for key in cache.scan_iter(RATE_KEYS):
        cache.delete(key)
    try:
        for instance in instances:
            wait_for_port(instance.port, instance.process, timeout=60)
        yield instances
    finally:
        for process in [*instances, *workers]:
            process.stop()
        for key in cache.scan_iter(RATE_KEYS):
            cache.delete(key)


def until_next_minute_if_late():
    """The API's limit counts per calendar minute: start the hits early in one."""
    if time.time() % 60 > 45:
        time.sleep(60 - time.time() % 60 + 0.5)


@pytest.mark.django_db(transaction=True)
def test_two_instances_and_two_workers_share_sessions_files_work_and_limits(
    cluster, bucket, family, bulk_alerts, school_year, principal_a, administrator
):
    student, mother, _father = family
    link, token = make_link(
        student=student, guardian=mother, program=bulk_alerts, school_year=school_year
    )
    _key, api_key = texting_key_create(name="Texting system", created_by=administrator)
    form_text = current_form_text(bulk_alerts)
    a, b = cluster
    parent = Browser()
    status, _, page = parent.post(
        f"{a.url}/consent/sign/{token}/", {"month": 5, "day": 17, "year": 2010}
    )
    assert status == 200 and b'name="decision"' in page  # verified on A: the form to answer
    status, _, page = parent.get(f"{b.url}/consent/sign/{token}/")
    assert status == 200 and b'name="decision"' in page  # and on B, in the shared session

    status, url, _ = parent.post(
        f"{b.url}/consent/sign/{token}/answer/",
        {"form_text": form_text.pk, **GRANT},
        form_on=f"{b.url}/consent/sign/{token}/",
    )
    assert (status, url) == (200, f"{b.url}/consent/sign/{token}/")

    filed = ConsentRecord.objects.filter(link=link, document__isnull=False)
    document = wait_for(lambda: filed.first(), timeout=90).document
    jobs = DBTaskResult.objects.filter(task_path="consent.tasks.file_record_pdf")
    job = wait_for(lambda: jobs.filter(status=TaskResultStatus.SUCCESSFUL).first())
    assert jobs.count() == 1 and len(job.worker_ids) == 1  # one run, one attempt
    assert CumulativeDocument.objects.filter(student=student).count() == 1
    assert bucket.keys() == [document.file.name]
    assert bucket.head(document.file.name)["ObjectLockMode"] == "COMPLIANCE"

    staff = Browser()
    status, _, _ = staff.post(
        f"{a.url}/accounts/login/", {"username": principal_a.username, "password": PASSWORD}
    )
    assert status == 200
    for instance in (a, b):
        status, _, body = staff.get(f"{instance.url}/consent/documents/{document.pk}/")
        assert status == 200
        assert hashlib.sha256(body).hexdigest() == document.sha256
    # Signed out on B (sessions read from the shared cache): A no longer knows them either.
    staff.post(f"{b.url}/accounts/logout/", {}, form_on=f"{b.url}/")
    status, url, _ = staff.get(f"{a.url}/consent/documents/{document.pk}/")
    assert "/accounts/login/" in url

    until_next_minute_if_late()
    api = f"/consent/api/v1/students/{student.student_id}/coverage"
    texting = Browser()
    answers = [
        texting.get(f"{instance.url}{api}", Authorization=f"Bearer {api_key}")[0]
        for instance in (a, a, b, b)
    ]
    assert answers == [200, 200, 200, 429]
