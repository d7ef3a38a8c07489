"""Request handling at the door: each request's id (tying its log lines to the tasks it
queues), a NUL byte anywhere a view or the database would read it refused with a 400
(PostgreSQL cannot store or compare one, so it would otherwise be a 500), and sessions saved
only when they change (or every few minutes, to keep the idle timeout)."""

import re
import time
import uuid
from itertools import chain

from django.conf import settings
from django.core.exceptions import BadRequest

from aup_portal.logging import bound

NUL = "\x00"


def _texts(request):
    """Every string of the request a view may pass on: path, query and form fields (names and
    values), cookies, the names of uploaded files."""
    yield request.path
    # Reading POST here parses the body once; the views read the same parsed data later.
    for key, values in chain(request.GET.lists(), request.POST.lists()):
        yield key
        yield from values
    yield from chain.from_iterable(request.COOKIES.items())
    for _field, uploads in request.FILES.lists():
        yield from (upload.name or "" for upload in uploads)


class RejectNulMiddleware:
    """Answers 400 (the friendly page, or JSON on the texting API: aup_portal.errors) to a
    request with a NUL byte in its path, query, form fields, cookies or file names."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any(NUL in text for text in _texts(request)):
            raise BadRequest("NUL byte in the request")
        return self.get_response(request)


REQUEST_ID_HEADER = "X-Request-ID"
# What a proxy's id may look like (a UUID, or the hex or base64 ids proxies make): nothing a
# log line or a response header could be tricked by.
_PROXY_REQUEST_ID = re.compile(r"[A-Za-z0-9+/=._:-]{8,128}")


def _request_id(request) -> str:
    if settings.TRUSTED_PROXY_COUNT > 0:
        given = request.META.get("HTTP_X_REQUEST_ID", "")
        if _PROXY_REQUEST_ID.fullmatch(given):
            return given
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Gives each request an id: the trusted proxy's ``X-Request-ID`` (only when
    TRUSTED_PROXY_COUNT > 0: otherwise anyone could choose it), else a new one. Every log line
    of the request carries it (aup_portal.logging), so do the background tasks it queues
    (aup_portal.queue), and the response returns it in ``X-Request-ID``. First in MIDDLEWARE,
    so every other middleware's lines carry it too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = _request_id(request)
        with bound(request.request_id, request):
            response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request.request_id
        return response


# A session's expiry moves forward when the session is saved. Saving it on every request
# (SESSION_SAVE_EVERY_REQUEST) costs a database write per page; saving it when it changed,
# or at most once every SESSION_REFRESH_SECONDS otherwise, keeps the idle timeout (give or
# take those seconds) for a write every few minutes.
SESSION_REFRESHED_KEY = "_refreshed_at"
SESSION_REFRESH_SECONDS = 5 * 60


class SessionRefreshMiddleware:
    """Saves an existing session that did not change only when its last save is older than
    SESSION_REFRESH_SECONDS (marking the time in it, which makes SessionMiddleware save it and
    send its cookie). Right after SessionMiddleware, so it answers before that one saves."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # A session nobody read this request is left unread: nothing to refresh it for.
        if session is None or not session.accessed:
            return response
        now = int(time.time())
        refreshed = session.get(SESSION_REFRESHED_KEY, 0)
        stale = session.session_key is not None and now - refreshed >= SESSION_REFRESH_SECONDS
        if (session.modified or stale) and not session.is_empty():
            session[SESSION_REFRESHED_KEY] = now
        return response
