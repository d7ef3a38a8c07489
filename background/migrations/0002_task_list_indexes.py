"""Indexes on django-tasks' own table (django_tasks_db's DBTaskResult, a third-party model
whose Meta we cannot extend) for a queue of a million tasks: the admin's list and its
"Failed or being retried" filter (background.admin), the worker's lease keeper that looks
for running tasks every quarter of a lease (background.services), and the look-ups of a
task's jobs not done yet (reconcile, a batch's page).

Plain SQL that PostgreSQL and SQLite (the demo) both run. Each partial index's WHERE is
written as Django writes the query's, so the planner can prove the query implies it."""

from django.db import migrations

TABLE = "django_tasks_database_dbtaskresult"

# (name, columns and condition)
INDEXES = [
    # The list's order (newest first; the id breaks ties, as the changelist adds it).
    ("tasks_admin_list", "(enqueued_at DESC, id DESC)"),
    # "Failed or being retried" (background.admin.NEEDS_ATTENTION), in the list's order; a
    # status=FAILED filter, and reconcile's count of the failed, use it too.
    (
        "tasks_admin_attention",
        "(enqueued_at DESC, id DESC) WHERE (status = 'FAILED' OR "
        "(status = 'READY' AND NOT (exception_class_path = '')))",
    ),
    # Running tasks by start (background.services.tasks_recover_abandoned, every 15 s per
    # worker; the admin's status=RUNNING filter).
    ("tasks_running_started", "(started_at) WHERE status = 'RUNNING'"),
    # A task's jobs not done, newest first: those waiting or running
    # (aup_portal.queue.pending_kwargs, for reconcile), a batch's sending job
    # (consent.selectors; without it, a batch whose job succeeded walks the whole list index).
    (
        "tasks_unfinished_by_path",
        "(task_path, enqueued_at DESC) WHERE NOT (status = 'SUCCESSFUL')",
    ),
]


class Migration(migrations.Migration):
    dependencies = [
        ("background", "0001_worker_heartbeats"),
        (
            "django_tasks_database",
            "0019_rename_django_task_new_ordering_idx_tasks_db_new_ordering_idx_and_more",
        ),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {name} ON {TABLE} {definition}",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, definition in INDEXES
    ]
