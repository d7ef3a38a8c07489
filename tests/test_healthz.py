"""/healthz: the load balancer's probe. "ok" when the app and its database answer."""

import pytest

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


PROBE = """
import django

django.setup()

from django.test import Client

response = Client().get("/healthz")
print(response.status_code)
print(response.content.decode(), end="")
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
    assert (result.returncode, result.stdout) == (0, "503\ndatabase unavailable"), result.stderr
