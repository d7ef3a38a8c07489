"""Connects django-tasks' "task finished" signal to the retry policy (background.services)."""

import logging

from django.db import DatabaseError
from django_tasks.base import TaskResultStatus

from background.services import task_failed

logger = logging.getLogger(__name__)


def retry_failed_task(sender, task_result, **kwargs):
    """A task of the database queue that raised is retried later or, after its last attempt,
    reported to ITS. Tasks of other backends (the immediate one in tests) are left alone."""
    db_result = getattr(task_result, "db_result", None)
    if task_result.status != TaskResultStatus.FAILED or db_result is None:
        return
    try:
        task_failed(task_id=db_result.pk)
    except DatabaseError:
        # The worker goes on; reconcile reports the task as failed.
        logger.exception("Could not schedule a retry of task %s", db_result.pk)
