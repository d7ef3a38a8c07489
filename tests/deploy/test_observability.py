"""Observability: each request's id in its response, in its JSON log lines and in the log lines
of the background task it queued (run by a real `manage.py db_worker`); error reports emailed
to ADMINS without a parent's token."""

import datetime
import io
import json
import logging
import logging.config
import os
import subprocess
import sys

import pytest
from django.contrib.auth.decorators import login_not_required
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import path

from aup_portal import settings as production_settings
from tests.faq.test_ask import VALID
from tests.helpers import REPO_ROOT, run_django

TOKEN = "tok3n-the-family-keeps-secret"
NAMED_LOGGERS = ["", *production_settings.LOGGING["loggers"]]


@pytest.fixture
def production_logging():
    """The production LOGGING (JSON lines, here into a buffer) for this test, then the test
    run's own again. Returns a function giving the lines logged so far."""
    saved = {}
    for name in NAMED_LOGGERS:
        logger = logging.getLogger(name)
        saved[name] = (logger.handlers[:], logger.level, logger.propagate)
    logging.config.dictConfig(production_settings.LOGGING)
    buffer = io.StringIO()
    (console,) = logging.getLogger().handlers
    console.setStream(buffer)

    def lines():
        return [json.loads(line) for line in buffer.getvalue().splitlines()]

    yield lines
    for name, (handlers, level, propagate) in saved.items():
        logger = logging.getLogger(name)
        logger.handlers[:] = handlers
        logger.setLevel(level)
        logger.propagate = propagate


def test_response_carries_a_new_request_id_each_time(client, db):
    # Act
    first, second = client.get("/"), client.get("/")

    # Assert
    ids = [first["X-Request-ID"], second["X-Request-ID"]]
    assert [len(i) for i in ids] == [32, 32]
    assert ids[0] != ids[1]


def test_proxy_request_id_ignored_without_a_trusted_proxy(client, db, settings):
    # Arrange: anyone could send the header; without a proxy in front, no one is believed.
    settings.TRUSTED_PROXY_COUNT = 0

    # Act
    response = client.get("/", HTTP_X_REQUEST_ID="chosen-by-the-visitor")

    # Assert
    assert response["X-Request-ID"] != "chosen-by-the-visitor"


def test_proxy_request_id_kept_behind_a_trusted_proxy(client, db, settings):
    # Arrange
    settings.TRUSTED_PROXY_COUNT = 1

    # Act
    kept = client.get("/", HTTP_X_REQUEST_ID="3f2c9a1e-proxy-id")
    refused = client.get("/", HTTP_X_REQUEST_ID='bad"\nid')

    # Assert
    assert kept["X-Request-ID"] == "3f2c9a1e-proxy-id"
    assert len(refused["X-Request-ID"]) == 32


def test_json_log_line_carries_request_id_and_redacted_path(client, db, production_logging):
    # Act: a mistyped parent link is a 404, which Django logs with the address.
    response = client.get(f"/consent/sign/{TOKEN}/")

    # Assert
    lines = [line for line in production_logging() if line["logger"] == "django.request"]
    assert len(lines) == 1
    line = lines[0]
    assert {key: line[key] for key in ("level", "request_id", "user_id", "path", "message")} == {
        "level": "WARNING",
        "request_id": response["X-Request-ID"],
        "user_id": None,
        "path": "/consent/sign/<redacted>/",
        "message": "Not Found: /consent/sign/<redacted>/",
    }
    assert datetime.datetime.fromisoformat(line["time"]).utcoffset() == datetime.timedelta(0)


def test_json_log_line_stays_json_and_redacted_whatever_the_message_holds(production_logging):
    # Arrange: quotes and a backslash around a token, and a library's extra= object.
    class Thing:
        def __str__(self):
            return f"letter /consent/code/{TOKEN}/"

    # Act
    logging.getLogger("aup.test").warning(
        'opened "/consent/sign/%s/" \\ again', TOKEN, extra={"thing": Thing()}
    )

    # Assert
    (line,) = production_logging()
    assert (line["message"], line["thing"]) == (
        'opened "/consent/sign/<redacted>/" \\ again',
        "letter /consent/code/<redacted>/",
    )


def test_json_log_line_names_the_signed_in_user(client, principal_a, production_logging):
    # Arrange
    client.force_login(principal_a)

    # Act
    response = client.get("/no-such-page/")

    # Assert
    line = next(line for line in production_logging() if line["logger"] == "django.request")
    assert (line["request_id"], line["user_id"]) == (response["X-Request-ID"], principal_a.pk)


@pytest.mark.django_db(transaction=True)
def test_queued_task_logs_in_the_worker_with_the_request_id(client, queued_tasks, tmp_path):
    # Arrange: a question from /faq/ask/ queues its emails (to ITS, to the asker).
    response = client.post("/faq/ask/", VALID)
    request_id = response["X-Request-ID"]
    queued = [(task.task_path, task.args_kwargs["request_id"]) for task in queued_tasks]
    assert queued == [("faq.emails.email_send", request_id)] * 2
    db = connection.settings_dict

    # Act: a real worker, with the production logs, runs what is queued and stops.
    worker = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
        cwd=REPO_ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "aup_portal.settings_test",
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "TEST_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "TEST_EMAIL_FILE_PATH": str(tmp_path),
            "TEST_PRODUCTION_LOGGING": "1",
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    # Assert: the task's lines carry the request's id; the worker's own lines do not.
    assert worker.returncode == 0, worker.stderr
    lines = [json.loads(line) for line in worker.stderr.splitlines()]
    finished = [line for line in lines if "state=SUCCESSFUL" in line["message"]]
    assert [line["request_id"] for line in finished] == [request_id] * 2
    assert [line["request_id"] for line in lines if "Starting worker" in line["message"]] == [None]
    assert list(tmp_path.iterdir())  # the emails were sent


@login_not_required
def fails(request, token):
    raise RuntimeError(f"the form of link {request.path} could not be read")


# A parent's page that fails, in a URL configuration of its own, with the portal's error page.
urlpatterns = [path("consent/sign/<str:token>/", fails)]
handler500 = "aup_portal.errors.server_error"


@pytest.mark.urls(__name__)
def test_server_error_emailed_to_admins_without_the_token(db, settings, production_logging):
    # Arrange
    settings.ADMINS = [("ITS on call", "its-oncall@district.example.org")]
    client = Client(raise_request_exception=False)

    # Act
    response = client.post(f"/consent/sign/{TOKEN}/", {"birth_day": "14", "code": "Q7X2"})

    # Assert
    assert response.status_code == 500
    assert [message.to for message in mail.outbox] == [["its-oncall@district.example.org"]]
    message = mail.outbox[0]
    assert message.subject.endswith("Internal Server Error: /consent/sign/<redacted>/")
    assert (
        "RuntimeError at /consent/sign/<redacted>/\n"
        "the form of link /consent/sign/<redacted>/ could not be read"
    ) in message.body
    assert TOKEN not in message.subject + message.body
    assert "Q7X2" not in message.body  # form values are hidden
    error_line = next(line for line in production_logging() if line["level"] == "ERROR")
    assert TOKEN not in json.dumps(error_line)
    assert error_line["request_id"] == response["X-Request-ID"]


def test_failing_readiness_probe_logs_why_and_emails_no_one(db, settings, production_logging):
    # Arrange: no worker has beaten; monitoring polls every few seconds.
    settings.ADMINS = [("ITS on call", "its-oncall@district.example.org")]

    # Act
    response = Client().get("/healthz/ready")

    # Assert
    assert (response.status_code, mail.outbox) == (503, [])
    assert [(line["level"], line["logger"], line["message"]) for line in production_logging()] == [
        (
            "WARNING",
            "aup_portal.health",
            "Health: worker not ready: {'ok': False, 'seconds_since_heartbeat': None}",
        )
    ]


SENTRY_PROBE = """
import django

django.setup()

import sentry_sdk

options = sentry_sdk.get_client().options
event = {
    "request": {"url": "https://aup.example.org/consent/code/K7P2QX/"},
    "extra": ["/consent/sign/t0k/"],
}
print(
    options["send_default_pii"],
    options["include_local_variables"],
    options["max_request_body_size"],
)
print(options["before_send"](event, {}))
"""


def test_sentry_on_with_a_dsn_sends_no_personal_data_and_no_token():
    # Arrange: a DSN is all it takes (nothing is sent: no event is raised).
    env = {
        "DJANGO_SETTINGS_MODULE": "aup_portal.settings",
        "DEBUG": "1",
        "SENTRY_DSN": "https://public@sentry.example.org/1",
    }

    # Act
    result = run_django(["-c", SENTRY_PROBE], **env)

    # Assert
    assert result.stdout.splitlines() == [
        "False False never",
        "{'request': {'url': 'https://aup.example.org/consent/code/<redacted>/'}, "
        "'extra': ['/consent/sign/<redacted>/']}",
    ], result.stderr
