"""Logs as JSON, one object per line, each tied to its request: the request id (also given to
the background tasks the request queues), the signed-in user's id and the path, redacted;
error reports (the ADMINS email, Sentry) redacted the same way.

Pure of models, so settings.LOGGING can load it before Django's apps are ready."""

import contextvars
import datetime
import logging
import re
from contextlib import contextmanager

from django.http import HttpRequest
from django.utils.functional import empty
from django.utils.log import AdminEmailHandler
from django.views.debug import SafeExceptionReporterFilter
from pythonjsonlogger.json import JsonFormatter

from aup_portal.redaction import redact

# The request (in a web process) or the request id a task carries (in a worker).
_request = contextvars.ContextVar("aup_request", default=None)
_request_id = contextvars.ContextVar("aup_request_id", default=None)


def current_request_id() -> str | None:
    return _request_id.get()


def carry(request_id: str | None) -> None:
    """In a worker: the records of the task about to run carry its request's id (None after
    it)."""
    _request_id.set(request_id)
    _request.set(None)


@contextmanager
def bound(request_id: str | None, request=None):
    """Log records made inside the block carry ``request_id`` (and the request's user and
    path)."""
    tokens = (_request_id.set(request_id), _request.set(request))
    try:
        yield
    finally:
        _request_id.reset(tokens[0])
        _request.reset(tokens[1])


def _user_id(request):
    # Only a user the request has already loaded: logging must never query the database.
    user = getattr(request, "user", None)
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    return getattr(user, "pk", None)


class RequestContext(logging.Filter):
    """A handler filter: adds ``request_id``, ``user_id`` and ``path`` (redacted) to every
    record."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = _request.get()
        if request is None and isinstance(getattr(record, "request", None), HttpRequest):
            # Django logs a 4xx response after the middleware has returned, with its request.
            request = record.request
        record.request_id = _request_id.get() or getattr(request, "request_id", None)
        record.user_id = _user_id(request)
        record.path = redact(request.path) if request is not None else None
        return True


class QuietHealthProbes(logging.Filter):
    """Drops Django's "Service Unavailable: /healthz/ready" line: a probe polls every few
    seconds, its own warning says which check failed, and ADMINS need no email per poll."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        path = getattr(request, "path", "") if isinstance(request, HttpRequest) else ""
        return not (record.name == "django.request" and path.startswith("/healthz"))


class JsonLines(JsonFormatter):
    """One JSON object per line: time (UTC), level, logger, message, request_id, user_id,
    path, and the traceback if any; every text redacted (aup_portal.redaction)."""

    def __init__(self, **kwargs):
        super().__init__(
            ["levelname", "name", "message", "request_id", "user_id", "path"],
            rename_fields={"levelname": "level", "name": "logger"},
            timestamp="time",
            **kwargs,
        )

    def process_log_record(self, log_data):
        log_data.pop("request", None)  # Django's request object: its path is already there
        return {key: _loggable(value) for key, value in log_data.items()}


class RedactingExceptionReporterFilter(SafeExceptionReporterFilter):
    """Error reports (the ADMINS email, the DEBUG page) hide every form value, and every local
    variable and cookie whose name says it holds a secret (a parent's token or code, a key,
    the session), as Django already does for settings."""

    hidden_settings = re.compile(
        "API|AUTH|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE|CODE|BIRTH|DOB|SESSION",
        flags=re.IGNORECASE,
    )

    def get_post_parameters(self, request):
        # A parent's answers (a date of birth, phone numbers) are no one's debugging aid.
        post = getattr(request, "POST", {})
        return dict.fromkeys(post, self.cleansed_substitute)

    def get_traceback_frame_variables(self, request, tb_frame):
        return [
            (name, self.cleanse_setting(name, value))
            for name, value in super().get_traceback_frame_variables(request, tb_frame)
        ]


class RedactedAdminEmailHandler(AdminEmailHandler):
    """Django's error email to ADMINS, with parent tokens and codes cut out of its subject and
    body (the request's path and headers appear in both)."""

    def send_mail(self, subject, message, *args, **kwargs):
        if kwargs.get("html_message"):
            kwargs["html_message"] = redact(kwargs["html_message"])
        super().send_mail(redact(subject), redact(message), *args, **kwargs)


def _redacted(value):
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {key: _redacted(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_redacted(item) for item in value]
    return value


def _loggable(value):
    # Any other object (an extra= of a library's log call) as its text, redacted too.
    if value is None or isinstance(value, bool | int | float | str | dict | list | tuple):
        return _redacted(value)
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    return redact(str(value))


def sentry_before_send(event, hint):
    """sentry-sdk's before_send (and before_breadcrumb): every text of the event, URLs and
    messages included, with parent tokens and codes cut out."""
    return _redacted(event)
