"""Queueing background work: the one place that decides how and when a job is queued.

The queue is a table in the same PostgreSQL database (django_tasks_db), so a job queued inside
the transaction of the change it reports is an outbox row: it commits or rolls back with that
change. Queueing after commit (``on_commit``) would lose the job if the process died between
the commit and the enqueue.

A job queued while a request is served carries that request's id (``args_kwargs["request_id"]``,
beside the task's own args and kwargs), and the worker's log lines carry it while the job
runs: one id ties a web request to the work it caused."""

import json

from django.db import DEFAULT_DB_ALIAS, transaction
from django.utils.module_loading import import_string
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from aup_portal import logging as portal_logging

REQUEST_ID = "request_id"

# django-tasks priorities (-100..100): the database worker takes the highest first, then the
# oldest. Work a parent or a member of staff is waiting for (a signed record's PDF and receipt,
# a decision PDF, one link a school just sent again) never waits behind a campaign's thousands
# of emails; bulk work runs when nothing interactive is queued. Each task names its own in
# its ``@task(priority=...)``.
# A campaign's chunks (one school's requests each, a fraction of a second) come before the
# emails they queue, so the requests of a whole district exist within minutes while the emails
# follow; an interactive task waits for at most the one chunk running.
INTERACTIVE = 50
ROUTINE = 0
CAMPAIGN = -10
BULK = -50


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


def request_id_record(sender, instance, raw=False, **kwargs):
    """pre_save of a new queue row: it carries the id of the request being served (no extra
    query: the id is written with the row). Connected in background.apps."""
    request_id = portal_logging.current_request_id()
    if instance._state.adding and not raw and request_id:
        instance.args_kwargs = {**instance.args_kwargs, REQUEST_ID: request_id}


def request_id_restore(sender, task_result, **kwargs):
    """task_started in the worker: the task's log lines carry the id its row carries. Tasks of
    other backends (the immediate one in tests) run inside their request already."""
    db_result = getattr(task_result, "db_result", None)
    if db_result is not None:
        portal_logging.carry(db_result.args_kwargs.get(REQUEST_ID))


def request_id_forget(sender, task_result, **kwargs):
    """task_finished in the worker: the next lines are the worker's own."""
    if getattr(task_result, "db_result", None) is not None:
        portal_logging.carry(None)


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
