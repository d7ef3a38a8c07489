"""django-tasks' database worker with a lease: it beats from a thread of its own, and tasks of
workers that stopped beating are retried (background.services)."""

from django_tasks_db.management.commands import db_worker

from background.worker import LeaseKeeper


class Command(db_worker.Command):
    help = (
        "Run a database background worker. It records a heartbeat every quarter of "
        "TASKS_LEASE_SECONDS and retries the tasks of workers that stopped beating."
    )

    def handle(self, *args, **options):
        keeper = LeaseKeeper(options["worker_id"])
        keeper.beat()  # before the first task is claimed
        keeper.start()
        try:
            super().handle(*args, **options)
        finally:
            keeper.stop()
