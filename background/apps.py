from django.apps import AppConfig


class BackgroundConfig(AppConfig):
    """The background worker's lease, retries and reconciliation (ARCHITECTURE.md)."""

    name = "background"
    verbose_name = "Background work"

    def ready(self):
        from django.db.models.signals import pre_save
        from django_tasks.signals import task_finished, task_started
        from django_tasks_db.models import DBTaskResult

        from aup_portal import queue
        from background.signals import retry_failed_task

        task_finished.connect(retry_failed_task, dispatch_uid="background.retry_failed_task")
        # The request id a job carries, from the web request to the worker's log lines.
        pre_save.connect(
            queue.request_id_record, sender=DBTaskResult, dispatch_uid="aup.request_id_record"
        )
        task_started.connect(queue.request_id_restore, dispatch_uid="aup.request_id_restore")
        task_finished.connect(queue.request_id_forget, dispatch_uid="aup.request_id_forget")
