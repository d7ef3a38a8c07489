"""Production settings: they refuse a bad environment, pass Django's deployment checks and
send the browser security headers and cookie flags the portal promises.

These tests run Django in a child process with a production environment, because the
settings are read once, at import, from the environment.
"""

import json
import os
import secrets
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.db import connections

from tests.helpers import run_django

PRODUCTION_HOST = "aup.example.org"

# The child process of the production-response tests works on the test database, so the
# session must create it even when only this file runs.
pytestmark = pytest.mark.django_db


def production_env(database_name: str | None = None) -> dict[str, str]:
    """The least a production deployment sets: a real key, its host name and its database
    (the test run's PostgreSQL server; ``database_name`` picks one of its databases)."""
    database_url = urlsplit(os.environ["DATABASE_URL"])
    if database_name:
        database_url = database_url._replace(path=f"/{database_name}")
    return {
        "DJANGO_SETTINGS_MODULE": "aup_portal.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "LINK_SIGNING_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": PRODUCTION_HOST,
        "DATABASE_URL": urlunsplit(database_url),
        # The shared cache the rate limits count in (checks connect to nothing).
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }


def last_line(text: str) -> str:
    return text.strip().splitlines()[-1]


def test_check_deploy_production_environment_reports_no_issues():
    # Arrange
    env = production_env()

    # Act
    result = run_django(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **env)

    # Assert
    assert (result.returncode, result.stdout) == (
        0,
        "System check identified no issues (2 silenced).\n",
    ), result.stderr


def test_server_without_secret_key_refuses_to_start_when_debug_off():
    # Arrange
    env = production_env()
    del env["SECRET_KEY"]

    # Act
    result = run_django(["-c", "import aup_portal.wsgi"], **env)

    # Assert
    assert (result.returncode, last_line(result.stderr)) == (
        1,
        "django.core.exceptions.ImproperlyConfigured: SECRET_KEY must be set when DEBUG is off.",
    )


def test_check_deploy_without_secret_key_fails_when_debug_off():
    # Arrange
    env = production_env()
    del env["SECRET_KEY"]

    # Act
    result = run_django(["manage.py", "check", "--deploy"], **env)

    # Assert
    assert result.returncode == 1
    assert "(aup_portal.E001) SECRET_KEY must be set when DEBUG is off." in result.stderr


@pytest.mark.parametrize(
    "command", [["-c", "import aup_portal.wsgi"], ["manage.py", "check", "--deploy"]]
)
def test_without_the_link_key_production_refuses_to_serve(command):
    # Arrange
    env = production_env()
    del env["LINK_SIGNING_KEY"]

    # Act
    result = run_django(command, **env)

    # Assert
    assert result.returncode == 1
    assert "LINK_SIGNING_KEY must be set when DEBUG is off" in result.stderr


def test_makemigrations_check_needs_no_secret_key():
    # Arrange: a static check reads the models only, never the secret.
    env = production_env()
    del env["SECRET_KEY"]

    # Act
    result = run_django(["manage.py", "makemigrations", "--check", "--dry-run"], **env)

    # Assert
    assert (result.returncode, result.stdout.strip()) == (0, "No changes detected"), result.stderr


def test_settings_with_unclear_debug_value_refused():
    # Arrange
    env = {**production_env(), "DEBUG": "maybe"}

    # Act
    result = run_django(["-c", "import django; django.setup()"], **env)

    # Assert
    assert (result.returncode, last_line(result.stderr)) == (
        1,
        "django.core.exceptions.ImproperlyConfigured: "
        "DEBUG must be true or false (1/0, yes/no), not 'maybe'.",
    )


# Signs a throwaway user in inside a transaction it rolls back, so the test database is left
# as it was, and reports what a browser would see.
PRODUCTION_REQUESTS = """
import json
import os

import django

django.setup()

from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings

from roster.models import User


def cookie(response, name):
    morsel = response.cookies[name]
    return {"secure": bool(morsel["secure"]), "httponly": bool(morsel["httponly"])}


# Pages link hashed static files from collectstatic's manifest, a deployment artifact that
# takes seconds to build; headers and cookies do not depend on it.
plain_static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
with (
    override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain_static}),
    transaction.atomic(),
):
    client = Client(HTTP_HOST=os.environ["ALLOWED_HOSTS"])
    plain_home = client.get("/")
    plain_healthz = client.get("/healthz")
    home = client.get("/", secure=True)
    login_page = client.get("/accounts/login/", secure=True)
    client.force_login(User.objects.create(username="cookie-check"))
    signed_in_home = client.get("/", secure=True)
    transaction.set_rollback(True)

print(json.dumps({
    "plain_home": [plain_home.status_code, plain_home.headers.get("Location")],
    "plain_healthz": [plain_healthz.status_code, plain_healthz.content.decode()],
    "home_status": home.status_code,
    "headers": dict(home.headers),
    "csrf_cookie": cookie(login_page, "csrftoken"),
    "session_cookie": cookie(signed_in_home, "sessionid"),
}))
"""


@pytest.fixture(scope="module")
def production(django_db_setup):
    """What the portal answers under production settings, over the test database."""
    result = run_django(
        ["-c", PRODUCTION_REQUESTS], **production_env(connections["default"].settings_dict["NAME"])
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def csp_directives(header: str) -> dict[str, str]:
    directives = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return dict(directives)


def test_production_home_served_over_https(production):
    assert production["home_status"] == 200


def test_production_plain_http_redirected_to_https(production):
    assert production["plain_home"] == [301, f"https://{PRODUCTION_HOST}/"]


def test_production_healthz_answers_plain_http(production):
    assert production["plain_healthz"] == [200, "ok"]


def test_production_csp_allows_only_own_scripts(production):
    # Arrange
    header = production["headers"]["Content-Security-Policy"]

    # Act
    directives = csp_directives(header)

    # Assert
    assert (directives["script-src"], directives["style-src"], directives["frame-ancestors"]) == (
        "'self'",
        "'self'",
        "'none'",
    )
    assert header.count("unsafe-inline") == 0


@pytest.mark.parametrize(
    ("header", "value"),
    [
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "same-origin"),
        ("X-Content-Type-Options", "nosniff"),
    ],
)
def test_production_security_header_set(production, header, value):
    assert production["headers"][header] == value


def test_production_hsts_lasts_a_year_without_subdomains_or_preload_by_default(production):
    # Arrange: both flags bind the district's whole domain (preload for years): opt-in only.
    parts = [part.strip() for part in production["headers"]["Strict-Transport-Security"].split(";")]

    # Act
    max_age = int(parts[0].removeprefix("max-age="))

    # Assert
    assert max_age >= 31_536_000
    assert parts[1:] == []


HSTS_PROBE = """
import django

django.setup()

from django.conf import settings

print(settings.SECURE_HSTS_INCLUDE_SUBDOMAINS, settings.SECURE_HSTS_PRELOAD)
"""


def test_hsts_subdomains_and_preload_on_when_the_district_opts_in():
    # Arrange
    env = {
        **production_env(),
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
        "SECURE_HSTS_PRELOAD": "1",
    }

    # Act
    flags = run_django(["-c", HSTS_PROBE], **env)
    check = run_django(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **env)

    # Assert: nothing left silenced once both are on.
    assert (flags.stdout, check.returncode, check.stdout) == (
        "True True\n",
        0,
        "System check identified no issues (0 silenced).\n",
    ), check.stderr


def test_check_deploy_fails_with_a_per_process_cache():
    # Arrange: no REDIS_URL, DEBUG off: each server process would count rate limits alone.
    env = production_env()
    del env["REDIS_URL"]

    # Act
    result = run_django(["manage.py", "check", "--deploy"], **env)

    # Assert
    assert result.returncode == 1
    assert (
        "(aup_portal.E004) The cache is per-process "
        "(django.core.cache.backends.locmem.LocMemCache)" in result.stderr
    )


def test_check_deploy_in_debug_accepts_the_demo_cache():
    # Arrange: the zero-setup demo has one process and no Redis.
    env = {**production_env(), "DEBUG": "1"}
    del env["REDIS_URL"]

    # Act
    result = run_django(["manage.py", "check", "--deploy"], **env)

    # Assert: other deployment warnings (DEBUG itself) but not this one.
    assert "aup_portal.E004" not in result.stdout + result.stderr


@pytest.mark.parametrize("cookie", ["csrf_cookie", "session_cookie"])
def test_production_cookie_secure_and_httponly(production, cookie):
    assert production[cookie] == {"secure": True, "httponly": True}


REDIS_PROBE = """
import django

django.setup()

from django.core.cache import caches

cache = caches["default"]
cache.set("aup-portal-settings-probe", "shared", 5)
print(type(cache).__name__, cache.get("aup-portal-settings-probe"))
"""


def test_redis_url_makes_the_cache_shared_redis():
    env = {**production_env(), "REDIS_URL": "redis://127.0.0.1:6379/15"}

    result = run_django(["-c", REDIS_PROBE], **env)

    assert (result.returncode, result.stdout) == (0, "RedisCache shared\n"), result.stderr
