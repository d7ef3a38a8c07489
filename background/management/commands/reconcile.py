"""Finds what the records say should exist but does not, and queues the work that makes it."""

from django.core.management.base import BaseCommand
from django_tasks_db.models import DBTaskResult

from background.services import tasks_recover_abandoned
from consent.services.repair import consent_repair
from exceptions.services import exception_decisions_repair


class Command(BaseCommand):
    help = (
        "Reconcile the records with the background work: queue the filing of missing PDFs "
        "(signed forms, countersignatures, exception decisions), the emailing of links and "
        "reminders not sent, the letters files not finished; retry the tasks of workers that "
        "died; report the tasks that failed for good. Safe to repeat; run it nightly."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"Tasks of stopped workers retried: {tasks_recover_abandoned()}")
        repaired = consent_repair()
        repaired["exception decision PDFs"] = exception_decisions_repair()
        for what, queued in repaired.items():
            self.stdout.write(f"Queued to repair {what}: {queued}")
        failed = DBTaskResult.objects.failed().count()
        self.stdout.write(
            f"Tasks failed for good: {failed}"
            + (
                " (admin: Background work → Task results, 'Failed or being retried')"
                if failed
                else ""
            )
        )
