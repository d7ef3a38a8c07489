from django.apps import AppConfig


class BackgroundConfig(AppConfig):
    """The background worker's lease, retries and reconciliation (ARCHITECTURE.md)."""

    name = "background"
    verbose_name = "Background work"

    def ready(self):
        from django_tasks.signals import task_finished

        from background.signals import retry_failed_task

        task_finished.connect(retry_failed_task, dispatch_uid="background.retry_failed_task")
