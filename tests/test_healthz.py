"""/healthz: the load balancer's probe, "ok" when the app and its database answer;
/healthz/live (the process answers, nothing else asked) and /healthz/ready (database, cache,
file storage and a background worker's heartbeat, as JSON per check; 503 if any fails)."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from background.services import worker_heartbeat
from tests.helpers import run_django


@pytest.mark.django_db
def test_healthz_database_up_answers_ok(client):
    # Act
    response = client.get("/healthz")

    # Assert
    assert (response.status_code, response.content, response["Content-Type"]) == (
        200,
        b"ok",
        "text/plain",
    )


@pytest.mark.django_db
def test_healthz_never_cached(client):
    # Act
    response = client.get("/healthz")

    # Assert
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"


@pytest.mark.django_db
def test_healthz_post_refused(client):
    # Act
    response = client.post("/healthz")

    # Assert
    assert response.status_code == 405


@pytest.mark.django_db
def test_healthz_plain_http_not_redirected_when_ssl_redirect_on(client, settings):
    # Arrange: production redirects plain HTTP to HTTPS, but load balancers probe over HTTP.
    settings.SECURE_SSL_REDIRECT = True

    # Act
    response = client.get("/healthz")

    # Assert
    assert (response.status_code, response.content) == (200, b"ok")


@pytest.mark.django_db
def test_home_plain_http_redirected_when_ssl_redirect_on(client, settings):
    # Arrange: the control for the test above: the redirect is really on.
    settings.SECURE_SSL_REDIRECT = True

    # Act
    response = client.get("/")

    # Assert
    assert (response.status_code, response["Location"]) == (301, "https://testserver/")


@pytest.mark.django_db
def test_live_answers_without_asking_the_database(client, django_assert_num_queries):
    # Act
    with django_assert_num_queries(0):
        response = client.get("/healthz/live")

    # Assert
    assert (response.status_code, response.json()) == (200, {"status": "live"})
    assert "no-store" in response["Cache-Control"]


READY = {
    "status": "ready",
    "checks": {
        "database": {"ok": True},
        "worker": {"ok": True, "seconds_since_heartbeat": 0},
        "cache": {"ok": True},
        "storage": {"ok": True},
    },
}


@pytest.mark.django_db
def test_ready_when_a_worker_beat_within_the_lease(client, settings):
    # Arrange
    settings.TASKS_LEASE_SECONDS = 60
    with time_machine.travel(timezone.now(), tick=False):
        worker_heartbeat(worker_id="worker-1")

        # Act
        response = client.get("/healthz/ready")

    # Assert
    assert (response.status_code, response.json()) == (200, READY)


@pytest.mark.django_db
def test_not_ready_when_the_worker_heartbeat_is_stale(client, settings):
    # Arrange: the last beat is older than a whole lease: no task is being run.
    settings.TASKS_LEASE_SECONDS = 60
    now = timezone.now()
    with time_machine.travel(now - datetime.timedelta(seconds=61), tick=False):
        worker_heartbeat(worker_id="worker-1")

    # Act
    with time_machine.travel(now, tick=False):
        response = client.get("/healthz/ready")

    # Assert
    assert response.status_code == 503
    assert response.json() == {
        "status": "not ready",
        "checks": {**READY["checks"], "worker": {"ok": False, "seconds_since_heartbeat": 61}},
    }


@pytest.mark.django_db
def test_not_ready_when_no_worker_ever_beat(client):
    # Act
    response = client.get("/healthz/ready")

    # Assert
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == {"ok": False, "seconds_since_heartbeat": None}


@pytest.mark.django_db
def test_not_ready_when_the_shared_cache_does_not_answer(client, settings):
    # Arrange: a Redis address where nothing listens.
    worker_heartbeat(worker_id="worker-1")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }

    # Act
    response = client.get("/healthz/ready")

    # Assert: ok or not, never why.
    assert (response.status_code, response.json()["checks"]["cache"]) == (503, {"ok": False})


@pytest.mark.django_db
def test_ready_and_live_plain_http_not_redirected_when_ssl_redirect_on(client, settings):
    # Arrange
    settings.SECURE_SSL_REDIRECT = True

    # Act
    statuses = [client.get(url).status_code for url in ("/healthz/live", "/healthz/ready")]

    # Assert: 503 is the answer itself (no worker here), not a redirect to HTTPS.
    assert statuses == [200, 503]


PROBE = """
import django

django.setup()

from django.test import Client

response = Client().get("/healthz")
ready = Client().get("/healthz/ready")
print(response.status_code)
print(response.content.decode())
print(ready.status_code, ready.json()["checks"]["database"], end="")
"""


def test_healthz_database_down_answers_503_without_details():
    # Arrange: nothing listens on port 1.
    env = {
        "DJANGO_SETTINGS_MODULE": "aup_portal.settings",
        "DEBUG": "1",
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:1/nowhere",
    }

    # Act
    result = run_django(["-c", PROBE], **env)

    # Assert: the whole body, even with DEBUG on: no traceback, no connection details.
    assert (result.returncode, result.stdout) == (
        0,
        "503\ndatabase unavailable\n503 {'ok': False}",
    ), result.stderr
