"""The background tasks' admin list at district scale (a campaign queues a million tasks): a
fixed number of queries whatever the rows, no count of the whole table, the queue filter
without reading the table, and the list's order, its "Failed or being retried" filter and the
lease keeper's look for running tasks each served by an index, as are the look-ups of a
task's jobs not done yet (migration
background.0002_task_list_indexes)."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from aup_portal.queue import pending_kwargs
from background.services import lease
from consent.models import IssueBatch, TextingProgram
from consent.selectors import batch_delivery
from tests.factories import SchoolFactory, SchoolYearFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/admin/django_tasks_database/dbtaskresult/"
TABLE = "django_tasks_database_dbtaskresult"


def task(status=TaskResultStatus.SUCCESSFUL, *, error="", **fields) -> DBTaskResult:
    """A row of the database queue, as the worker leaves it."""
    now = timezone.now()
    return DBTaskResult.objects.create(
        status=status,
        task_path=fields.pop("task_path", "consent.tasks.send_link"),
        args_kwargs={"args": [], "kwargs": {"link_id": 1}},
        backend_name="default",
        run_after=fields.pop("run_after", get_date_max()),
        worker_ids=fields.pop("worker_ids", ["w1"]),
        exception_class_path=error,
        traceback=f"Traceback...\n{error}: gone" if error else "",
        started_at=fields.pop("started_at", now),
        **fields,
    )


# Session, user, roles; the list's count and page (no query for the filters' choices); the
# session saved (a savepoint, the update, its release). The same for 1 row as for 3.
QUERIES = {"": 8, "?attention=needed": 8, "?status__exact=FAILED": 8, "?queue_name=default": 8}


@pytest.mark.parametrize("row_count", [1, 3])
@pytest.mark.parametrize("query", list(QUERIES))
def test_task_list_query_count_fixed(
    client, its_reviewer, query, row_count, django_assert_num_queries
):
    # Arrange
    for _ in range(row_count):
        task(TaskResultStatus.FAILED, error="smtplib.SMTPServerDisconnected")
    client.force_login(its_reviewer)

    # Act / Assert
    with django_assert_num_queries(QUERIES[query]):
        response = client.get(URL + query)
    assert (response.status_code, response.context["cl"].result_count) == (200, row_count)


@pytest.mark.parametrize("query", ["", "?attention=needed"])
def test_task_list_does_not_count_its_whole_table(client, its_reviewer, query):
    # Arrange
    task()
    task(TaskResultStatus.FAILED, error="smtplib.SMTPServerDisconnected")
    client.force_login(its_reviewer)

    # Act
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL + query)

    # Assert: neither the paginator's nor the "N total" count of every row is run, nor the
    # queue filter's SELECT DISTINCT over the table.
    whole_table = [
        query["sql"]
        for query in queries.captured_queries
        if re.match(rf'SELECT COUNT\(\*\) AS "__count" FROM "{TABLE}"\s*$', query["sql"])  # noqa: S608
        or "SELECT DISTINCT" in query["sql"]
    ]
    assert (response.status_code, whole_table) == (200, [])


def test_task_list_gives_the_estimate_and_counts_a_filter_to_its_limit(
    client, its_reviewer, settings
):
    # Arrange: the planner's statistics say 3 rows, 2 more come after them, and any table
    # is "big"; a filtered list is counted up to 2 rows and one past that.
    settings.ADMIN_ESTIMATE_COUNT_ABOVE = 0
    settings.ADMIN_COUNT_LIMIT = 2
    for _ in range(3):
        task(TaskResultStatus.FAILED, error="smtplib.SMTPServerDisconnected")
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {TABLE}")
    task()
    task(TaskResultStatus.FAILED, error="smtplib.SMTPServerDisconnected")
    client.force_login(its_reviewer)

    # Act
    everything = client.get(URL)
    attention = client.get(URL, {"attention": "needed"})

    # Assert
    assert (everything.context["cl"].result_count, attention.context["cl"].result_count) == (
        3,
        3,
    )


def test_task_list_filters_find_the_right_tasks(client, its_reviewer, settings):
    # Arrange: one task of each kind, newest last; a second queue configured.
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": ["default", "letters"],
        }
    }
    done = task(task_path="consent.tasks.file_record_pdf")
    gave_up = task(TaskResultStatus.FAILED, error="smtplib.SMTPServerDisconnected")
    retrying = task(
        TaskResultStatus.READY,
        error="background.WorkerLost",
        run_after=timezone.now() + datetime.timedelta(minutes=5),
    )
    waiting = task(TaskResultStatus.READY, worker_ids=[], started_at=None, queue_name="letters")
    client.force_login(its_reviewer)

    # Act
    attention = client.get(URL, {"attention": "needed"})
    letters = client.get(URL, {"queue_name": "letters"})
    everything = client.get(URL)

    # Assert: the list newest first; the queue filter offers the configured queues; a task's
    # name is its function's.
    queue_filter = next(
        spec for spec in everything.context["cl"].filter_specs if spec.title == "queue name"
    )
    assert (
        [row.pk for row in attention.context["cl"].result_list],
        [row.pk for row in letters.context["cl"].result_list],
        [row.pk for row in everything.context["cl"].result_list],
        [choice["display"] for choice in queue_filter.choices(everything.context["cl"])],
        everything.context["cl"].model_admin.task_name(done),
    ) == (
        [retrying.pk, gave_up.pk],
        [waiting.pk],
        [waiting.pk, retrying.pk, gave_up.pk, done.pk],
        ["All", "default", "letters"],
        "file_record_pdf",
    )


def plan_of(sql: str, params=()) -> str:
    """The plan PostgreSQL picks for ``sql`` with sequential and bitmap scans ruled out (a
    handful of test rows is always read whole): an index is used only if it can serve the
    query — its columns and, for a partial index, a condition the query's WHERE implies."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize(
    ("query", "index"),
    [
        ("", "using tasks_admin_list"),
        ("?attention=needed", "using tasks_admin_attention"),
        ("?status__exact=FAILED", "using tasks_admin_attention"),
    ],
)
def test_task_list_page_is_read_through_its_index(client, its_reviewer, query, index):
    # Arrange
    task()
    task(TaskResultStatus.FAILED, error="smtplib.SMTPServerDisconnected")
    client.force_login(its_reviewer)
    with CaptureQueriesContext(connection) as queries:
        client.get(URL + query)
    page = next(
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].startswith(f'SELECT "{TABLE}"."id"') and "ORDER BY" in query["sql"]
    )

    # Act
    plan = plan_of(page)

    # Assert: read in the list's order from the index, no sort of the rows.
    assert (index in plan, "Sort" in plan) == (True, False)


def test_lease_keeper_finds_running_tasks_through_their_index():
    # Arrange
    task(TaskResultStatus.RUNNING)
    task()
    running = DBTaskResult.objects.running().filter(started_at__lt=timezone.now() - lease())

    # Act
    plan = plan_of(*running.values_list("pk", "worker_ids").query.sql_with_params())

    # Assert
    assert "using tasks_running_started" in plan


def batch_delivery_of_a_batch():
    program = TextingProgram.objects.get(slug="bulk-alerts")
    batch = IssueBatch.objects.create(
        program=program,
        school_year=SchoolYearFactory(),
        school=SchoolFactory(),
        issued_by=UserFactory(),
        scope="Grade 9",
    )
    batch_delivery(batch)


@pytest.mark.parametrize(
    "read_the_queue",
    [
        # reconcile's "is this job already queued?"
        lambda: pending_kwargs("consent.tasks.send_link"),
        # a batch's page: its sending job, when not done
        batch_delivery_of_a_batch,
    ],
    ids=["pending_kwargs", "batch_delivery"],
)
def test_a_tasks_unfinished_jobs_are_found_through_their_index(read_the_queue):
    # Arrange
    task()
    task(TaskResultStatus.READY, worker_ids=[], started_at=None)
    with CaptureQueriesContext(connection) as queries:
        read_the_queue()
    sql = next(
        query["sql"] for query in queries.captured_queries if f'FROM "{TABLE}"' in query["sql"]
    )

    # Act
    plan = plan_of(sql)

    # Assert
    assert "using tasks_unfinished_by_path" in plan
