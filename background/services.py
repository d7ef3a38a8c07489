"""The background queue's durability: worker heartbeats, retries with backoff, tasks given up
and reported to ITS, and ITS's "retry now". Tasks themselves are idempotent (each app's
tasks.py), so running one again after a crash finishes the work without doing any twice."""

import datetime
import logging
import os
import socket

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from aup_portal.emails import email_message
from background.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

WORKER_LOST = "background.WorkerLost"


def retry_delay(attempts: int) -> datetime.timedelta:
    """How long a task waits after its ``attempts``-th failed attempt: the first delay,
    doubled each time, up to the cap."""
    seconds = settings.TASKS_RETRY_DELAY_SECONDS * 2 ** max(attempts - 1, 0)
    return datetime.timedelta(seconds=min(seconds, settings.TASKS_RETRY_MAX_DELAY_SECONDS))


def lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.TASKS_LEASE_SECONDS)


def worker_heartbeat(*, worker_id: str) -> None:
    """Records that worker ``worker_id`` (this process) is alive.

    Side effects: its WorkerHeartbeat row written; rows of workers silent for a day deleted."""
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"seen_at": now, "host": socket.gethostname()[:255], "pid": os.getpid()},
    )
    WorkerHeartbeat.objects.filter(seen_at__lt=now - datetime.timedelta(days=1)).delete()


def worker_stopped(*, worker_id: str) -> None:
    """Side effects: the stopping worker's WorkerHeartbeat row deleted."""
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def tasks_recover_abandoned() -> int:
    """Running tasks whose worker has not beaten for a whole lease (killed, machine lost) are
    retried after their backoff, or after the last attempt marked failed and reported to ITS.
    Safe for several workers at once: each task is locked and re-checked. Returns how many.

    Side effects: those tasks' status, run_after and error; an email to ITS per task given up."""
    cutoff = timezone.now() - lease()
    alive = set(
        WorkerHeartbeat.objects.filter(seen_at__gte=cutoff).values_list("worker_id", flat=True)
    )
    running = DBTaskResult.objects.running().filter(started_at__lt=cutoff)
    recovered = 0
    for pk, worker_ids in running.values_list("pk", "worker_ids"):
        if worker_ids and worker_ids[-1] in alive:
            continue
        with transaction.atomic():
            task = (
                DBTaskResult.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, status=TaskResultStatus.RUNNING, worker_ids=worker_ids)
                .first()
            )
            if task is None:  # finished, or another worker is recovering it
                continue
            task.exception_class_path = WORKER_LOST
            task.traceback = (
                f"Worker {worker_ids[-1] if worker_ids else '?'} stopped answering while "
                f"running this task (no heartbeat for {settings.TASKS_LEASE_SECONDS} s)."
            )
            _after_failed_attempt(task)
        recovered += 1
    return recovered


def task_failed(*, task_id) -> None:
    """After a task raised (the worker marked it failed): retried after its backoff, or after
    the last attempt left failed and reported to ITS.

    Side effects: the task's status and run_after; an email to ITS when it is given up."""
    with transaction.atomic():
        task = (
            DBTaskResult.objects.select_for_update()
            .filter(pk=task_id, status=TaskResultStatus.FAILED)
            .first()
        )
        if task is not None:
            _after_failed_attempt(task)


def _after_failed_attempt(task: DBTaskResult) -> None:
    # Each attempt is one claim, and each claim appends the worker's id.
    attempts = len(task.worker_ids)
    now = timezone.now()
    if attempts < settings.TASKS_MAX_ATTEMPTS:
        task.status = TaskResultStatus.READY
        task.run_after = now + retry_delay(attempts)
        task.finished_at = None
    else:
        task.status = TaskResultStatus.FAILED
        task.finished_at = now
    task.save(
        update_fields=["status", "run_after", "finished_at", "exception_class_path", "traceback"]
    )
    if task.status == TaskResultStatus.FAILED:
        _tell_its(task, attempts)


def _tell_its(task: DBTaskResult, attempts: int) -> None:
    change_url = reverse("admin:django_tasks_database_dbtaskresult_change", args=[task.pk])
    message = email_message(
        "background/email/task_failed",
        {
            "task": task,
            "attempts": attempts,
            "error": task.traceback.strip().splitlines()[-1:] or [task.exception_class_path],
            "url": settings.PORTAL_URL + change_url,
        },
        to=[settings.TASKS_ALERT_EMAIL],
    )
    try:
        message.send()
    except OSError:  # the admin list still shows it; a mail fault must not undo the record
        logger.exception("Could not email ITS about failed task %s", task.pk)


def task_retry(*, task_id) -> bool:
    """ITS's "retry now": a failed task, or one waiting for its next attempt, runs as soon as
    a worker is free (one more attempt; if it fails again, ITS hears again). False when the
    task is running or done.

    Side effects: the task's status and run_after."""
    with transaction.atomic():
        task = (
            DBTaskResult.objects.select_for_update()
            .filter(pk=task_id, status__in=[TaskResultStatus.FAILED, TaskResultStatus.READY])
            .first()
        )
        if task is None:
            return False
        task.status = TaskResultStatus.READY
        task.run_after = timezone.now()
        task.finished_at = None
        task.save(update_fields=["status", "run_after", "finished_at"])
    return True
