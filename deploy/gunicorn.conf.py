"""gunicorn's settings for the portal: `gunicorn -c deploy/gunicorn.conf.py aup_portal.wsgi`.

Read from the environment, as the portal's settings are (deploy/aup.env.example lists them):
GUNICORN_BIND, WEB_CONCURRENCY, GUNICORN_TIMEOUT, TRUSTED_PROXY_COUNT, FORWARDED_ALLOW_IPS."""

import datetime
import json
import os

from gunicorn.glogging import Logger, SafeAtoms

from aup_portal.redaction import redact

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Each process holds one PostgreSQL connection (CONN_MAX_AGE); 2 per core plus one is
# gunicorn's advice for sync workers.
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1) + 1))
# Slow work (letter files of 12–25 s, PDFs, batches of emails) runs in the background worker,
# not in a request; a request still gets a minute (issuing to 1,000 families is one POST of a
# few seconds) before the worker is restarted.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
# On a restart (an upgrade) requests being served get this long to finish.
graceful_timeout = 30
keepalive = 5
# gunicorn 27 otherwise opens a control socket in the service user's home.
control_socket_disable = True
# Recycle a process now and then: a slow leak in any library cannot grow without bound.
max_requests = 2000
max_requests_jitter = 200

# X-Forwarded-Proto and X-Forwarded-For are believed only from the proxy in front (one hop
# when TRUSTED_PROXY_COUNT > 0, its address in FORWARDED_ALLOW_IPS); with no proxy, from no
# one. The portal reads client addresses from X-Forwarded-For by the same count.
if int(os.environ.get("TRUSTED_PROXY_COUNT", "0") or 0) > 0:
    forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
else:
    forwarded_allow_ips = ""

# The access log, one JSON object per line on standard output, with the request id the
# portal gave the request and its path with parent-link tokens and letter codes cut out
# (/consent/sign/<redacted>/). No query string, no referrer: either can carry a token.
accesslog = "-"
errorlog = "-"
access_log_format = (
    '{"time": "%(t)s", "level": "INFO", "logger": "gunicorn.access", '
    '"request_id": "%({x-request-id}o)s", "method": "%(m)s", "path": "%(U)s", '
    '"status": "%(s)s", "bytes": "%(b)s", "duration_ms": %(M)s, "remote_addr": "%(h)s", '
    '"user_agent": "%(a)s"}'
)


class JsonSafeAtoms(SafeAtoms):
    """Each text escaped for a JSON string (gunicorn's own escapes only quotes)."""

    def __init__(self, atoms):
        dict.__init__(self)
        for key, value in atoms.items():
            self[key] = json.dumps(value)[1:-1] if isinstance(value, str) else value


class RedactingLogger(Logger):
    """gunicorn's logger, its access-log atoms redacted (aup_portal/redaction.py)."""

    atoms_wrapper_class = JsonSafeAtoms

    def now(self):
        # As the portal's own lines: ISO 8601 in UTC.
        return datetime.datetime.now(datetime.UTC).isoformat()

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: redact(v) if isinstance(v, str) else v for key, v in atoms.items()}


logger_class = RedactingLogger
