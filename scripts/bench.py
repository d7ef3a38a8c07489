#!/usr/bin/env python3
"""Benchmark: median and 95th-percentile time, and query count, of the main pages.

Runs in-process through Django's test client against a throwaway PostgreSQL database filled
by seed_demo, so the figures measure our code and queries, not a network or a web server.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aup_portal.settings_test")
# Production's task backend: issuing only enqueues the emails, as it does for a real school.
os.environ["TASKS_BACKEND"] = "django_tasks_db.DatabaseBackend"

import django

django.setup()

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment
from families import school_with_families

from consent.models import IssueBatch, TextingProgram
from consent.services.letters import consent_letters_print
from roster.models import User
from roster.selectors import school_year_current

RUNS = 200
PAGES = [
    ("anonymous", "/"),
    ("anonymous", "/healthz"),
    ("anonymous", "/accounts/login/"),
    ("principal", "/"),
    ("its", "/admin/"),
    ("its", "/admin/roster/student/"),
]


def measure(client: Client, path: str) -> tuple[float, float, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    query_count = len(queries)  # read now: the next requests reset the query log
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        client.get(path)
        timings.append((time.perf_counter() - start) * 1000)
    p95 = statistics.quantiles(timings, n=20)[-1]
    return statistics.median(timings), p95, query_count


def main() -> None:
    setup_test_environment()
    connection.settings_dict["TEST"]["NAME"] = "aup_portal_bench"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with open(os.devnull, "w") as quiet:
            call_command("seed_demo", "--force", "--password", "bench-password-1", stdout=quiet)
        print(f"{'user':<10} {'page':<26} {'median ms':>9} {'p95 ms':>8} {'queries':>7}")
        for username, path in PAGES:
            client = Client()
            if username != "anonymous":
                client.force_login(User.objects.get(username=username))
            median, p95, queries = measure(client, path)
            print(f"{username:<10} {path:<26} {median:>9.2f} {p95:>8.2f} {queries:>7}")
        bench_issue_large_school()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def bench_issue_large_school(size: int = 2500) -> None:
    """Issuing bulk-alert forms to a 2,500-student school: one POST, mail left to the worker."""
    school, principal = school_with_families(code="BENCH1", size=size, first_id=90000000)
    client = Client()
    client.force_login(principal)
    data = {
        "program": TextingProgram.objects.get(slug="bulk-alerts").pk,
        "school": school.pk,
        "school_year": school_year_current().pk,
        "scope": "school",
    }
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.post("/consent/issue/", data)
        elapsed = time.perf_counter() - start
    assert response.status_code == 302, response.status_code
    print(
        f"Issuing to a {size:,}-student school: {elapsed * 1000:.0f} ms, "
        f"{len(queries)} queries, mail queued for the worker"
    )

    # One part of printed letters (PART_SIZE letters, one PDF), as a principal downloads it.
    batch = IssueBatch.objects.filter(school=school).latest("issued_at")
    start = time.perf_counter()
    content, count = consent_letters_print(batch=batch, user=principal, everyone=True)
    elapsed = time.perf_counter() - start
    print(
        f"Printed letters: {count} in {elapsed:.1f} s "
        f"({elapsed / count * 1000:.0f} ms a page, {len(content) / 1024:.0f} KiB)"
    )


if __name__ == "__main__":
    main()
