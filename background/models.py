"""The background workers' heartbeats: a task whose worker stopped beating was abandoned."""

from django.db import models
from django.utils import timezone


class WorkerHeartbeat(models.Model):
    """A running worker's last sign of life (``manage.py db_worker`` beats every quarter of
    TASKS_LEASE_SECONDS from a thread of its own, whatever its task is doing)."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(null=True, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-seen_at"]

    def __str__(self):
        return f"{self.worker_id} on {self.host or '?'} (pid {self.pid})"
