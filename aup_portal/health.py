"""Health probes. ``/healthz``: the app and its database answer ("ok"). ``/healthz/live``: the
process answers (nothing else asked; restart it if not). ``/healthz/ready``: everything the
portal needs answers — database, cache, file storage, a background worker's heartbeat — as
JSON per check, 503 if any does not. Answers say ok or not, never why (the log says why)."""

import logging
import uuid

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.files.storage import storages
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from background.models import WorkerHeartbeat
from background.services import lease

logger = logging.getLogger(__name__)


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.warning("Health: the database does not answer", exc_info=True)
        return False
    return True


def _cache() -> dict:
    key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    shared = cache.get(key) == value
    cache.delete(key)
    return {"ok": shared}


def _storage() -> dict:
    # A read that reaches the store (a HEAD in a bucket) and writes nothing: a probe file
    # written and deleted every few seconds would pile up versions under object lock.
    for alias in ("default", "private"):
        storages[alias].exists(".healthz")
    return {"ok": True}


def _worker() -> dict:
    # A worker beats every quarter of the lease; none within a whole lease means no task runs.
    newest = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True)
    seen_at = newest.first()
    if seen_at is None:
        return {"ok": False, "seconds_since_heartbeat": None}
    age = timezone.now() - seen_at
    return {"ok": age <= lease(), "seconds_since_heartbeat": int(age.total_seconds())}


def _checked(name, probe) -> dict:
    try:
        result = probe()
    except Exception:  # any failure of an outside system means "not ready"; the log says which
        logger.warning("Health: %s check failed", name, exc_info=True)
        return {"ok": False}
    if not result["ok"]:
        logger.warning("Health: %s not ready: %s", name, result)
    return result


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """200 "ok" when the app and its database answer; 503 otherwise (no details leak)."""
    if not database_answers():
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


@login_not_required
@never_cache
@require_GET
def live(request):
    return JsonResponse({"status": "live"})


@login_not_required
@never_cache
@require_GET
def ready(request):
    checks = {"database": {"ok": database_answers()}}
    if checks["database"]["ok"]:
        checks["worker"] = _checked("worker", _worker)
    else:
        checks["worker"] = {"ok": False}
    checks["cache"] = _checked("cache", _cache)
    checks["storage"] = _checked("storage", _storage)
    is_ready = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ready" if is_ready else "not ready", "checks": checks},
        status=200 if is_ready else 503,
    )
