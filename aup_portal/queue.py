"""Queueing background work: the one place that decides how and when a job is queued.

The queue is a table in the same PostgreSQL database (django_tasks_db), so a job queued inside
the transaction of the change it reports is an outbox row: it commits or rolls back with that
change. Queueing after commit (``on_commit``) would lose the job if the process died between
the commit and the enqueue."""

import json

from django.db import DEFAULT_DB_ALIAS, transaction
from django.utils.module_loading import import_string
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult


def enqueue(task, /, **kwargs):
    """Queues ``task`` (a django-tasks Task, or its dotted path such as
    ``"<app>.tasks.<name>"``) with ``kwargs``, inside the caller's transaction.

    A dotted path is resolved only now, so services need not import their tasks module (which
    imports the services back). Raises RuntimeError outside ``transaction.atomic()``: the job
    must commit or roll back with the change it reports. Returns the task's result handle."""
    if not transaction.get_connection(DEFAULT_DB_ALIAS).in_atomic_block:
        raise RuntimeError(
            "enqueue() must be called inside transaction.atomic(), so the job commits or "
            "rolls back with the change it reports."
        )
    if isinstance(task, str):
        task = import_string(task)
    return task.enqueue(**kwargs)


def pending_kwargs(task_path: str) -> list[dict]:
    """The keyword arguments of the ``task_path`` jobs waiting or running (a job waiting for
    its next attempt counts as waiting)."""
    return list(
        DBTaskResult.objects.filter(
            task_path=task_path, status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
        ).values_list("args_kwargs__kwargs", flat=True)
    )


def enqueue_missing(task_path: str, kwargs_list) -> int:
    """Queues ``task_path`` once for each kwargs in ``kwargs_list`` that no waiting or
    running job has already (reconciliation: safe to repeat). Inside the caller's
    transaction, as enqueue(). Returns how many were queued."""
    waiting = {json.dumps(kwargs, sort_keys=True) for kwargs in pending_kwargs(task_path)}
    queued = 0
    for kwargs in kwargs_list:
        key = json.dumps(kwargs, sort_keys=True)
        if key not in waiting:
            enqueue(task_path, **kwargs)
            waiting.add(key)
            queued += 1
    return queued
