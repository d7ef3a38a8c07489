"""The benchmark's worker row (scripts/bench.py): emails/min and PDFs/min of one
``manage.py db_worker``, and how long a parent's PDF waits behind a campaign's emails.

Emails are reminder tasks (consent.tasks.send_reminders, one link each, a fresh ``since`` so
the same links serve every run); PDFs are filing tasks (consent.tasks.file_record_pdf) of
signed records not filed yet, which each run uses up (a 1 % district has ~6,000)."""

import datetime
import os
import subprocess
import sys
import time
from pathlib import Path

from bench_rows import drop_leftover_tasks, measured_school_last

ROOT = Path(__file__).resolve().parent.parent


def _queue(task_path: str, kwargs_list: list[dict], priority: int | None = None) -> list[str]:
    from django.db import transaction
    from django.utils.module_loading import import_string

    from aup_portal.queue import enqueue

    task = import_string(task_path)
    if priority is not None:
        task = task.using(priority=priority)
    with transaction.atomic():
        return [str(enqueue(task, **kwargs).id) for kwargs in kwargs_list]


def _wait(ids: list[str], timeout: float) -> list:
    """Polls until every task in ``ids`` finished (or ``timeout`` s); their results."""
    from django_tasks_db.models import DBTaskResult

    stop = time.monotonic() + timeout
    while time.monotonic() < stop:
        rows = list(DBTaskResult.objects.filter(id__in=ids, finished_at__isnull=False))
        if len(rows) == len(ids):
            return rows
        time.sleep(0.5)
    return list(DBTaskResult.objects.filter(id__in=ids, finished_at__isnull=False))


def _per_minute(rows) -> float:
    if len(rows) < 2:
        return 0.0
    first = min(row.started_at for row in rows)
    last = max(row.finished_at for row in rows)
    return len(rows) / max((last - first).total_seconds(), 0.001) * 60


def worker_row(database_url: str, emails: int = 600, pdfs: int = 30) -> dict:
    """Runs on the database Django is connected to (``database_url``: the worker's)."""
    from aup_portal import queue
    from consent.models import ConsentLink, ConsentRecord

    drop_leftover_tasks()  # the row times its own tasks only

    # The measured school's links last: its pages show what was emailed. (The generator
    # leaves unfiled only records of the measured school: filing 31 of them changes little.)
    links = list(
        ConsentLink.objects.filter(request__status="open")
        .order_by(measured_school_last("request__school__code"), "pk")
        .values_list("pk", flat=True)[:emails]
    )
    records = list(
        ConsentRecord.objects.filter(document__isnull=True)
        .order_by("-pk")
        .values_list("pk", flat=True)[: pdfs + 1]
    )
    env = {**os.environ, "DATABASE_URL": database_url}
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        since = datetime.datetime.now(datetime.UTC).isoformat()
        sent = _wait(
            _queue(
                "consent.tasks.send_reminders", [{"link_ids": [pk], "since": since} for pk in links]
            ),
            timeout=300,
        )
        filed = _wait(
            _queue("consent.tasks.file_record_pdf", [{"record_id": pk} for pk in records[:pdfs]]),
            timeout=300,
        )
        # A parent's PDF queued behind a campaign's emails.
        since = datetime.datetime.now(datetime.UTC).isoformat()
        backlog = _queue(
            "consent.tasks.send_reminders",
            [{"link_ids": [pk], "since": since} for pk in links],
            priority=queue.BULK,  # as a campaign's emails are queued
        )
        behind = _queue("consent.tasks.file_record_pdf", [{"record_id": records[pdfs]}])
        waited = _wait(behind, timeout=300)
        backlog_rows = _wait(backlog, timeout=300)
    finally:
        worker.terminate()
        worker.wait(timeout=60)
    wait_s = (waited[0].finished_at - waited[0].enqueued_at).total_seconds() if waited else None
    # The emails queued before the PDF that the worker sent first: 0 when the PDF jumps the
    # campaign's queue (one may be running when it is queued).
    ahead = sum(row.started_at < waited[0].started_at for row in backlog_rows) if waited else None
    return {
        "full": {
            "emails_per_min": _per_minute(sent),
            "pdfs_per_min": _per_minute(filed),
            "pdf_wait_s": wait_s,
            "backlog": len(backlog),
            "emails_ahead": ahead,
            "failed": sum(row.status != "SUCCESSFUL" for row in [*sent, *filed]),
        }
    }
