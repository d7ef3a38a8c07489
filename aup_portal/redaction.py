"""Parent-link tokens and letter codes never reach a log: any text that names one of their
addresses has the secret part replaced by ``<redacted>``, e.g. ``/consent/sign/<redacted>/``.

Pure (no models), so the logging configuration can load ``RedactSecrets`` before Django's
apps are ready. Used by every log handler (settings.LOGGING) and by
roster.services.record_access_log for the student-record access log."""

import logging
import re

REDACTED = "<redacted>"
_SECRET_PATHS = re.compile(r"(/consent/(?:sign|code)/)[^/\s\"'?#<>]+")


def redact(text: str) -> str:
    """``text`` with the token or code of every parent address replaced."""
    return _SECRET_PATHS.sub(rf"\g<1>{REDACTED}", text)


class RedactSecrets(logging.Filter):
    """A handler filter: the formatted message, redacted (and the request line Django and
    runserver log with it)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True
