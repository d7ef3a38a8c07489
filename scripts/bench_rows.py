"""The benchmark's in-process measuring (scripts/bench.py): the pages and exports, the PDF,
issuing and the district-wide campaign. The rows and their goals are bench_table.py's."""

import gc
import re
import statistics
import time

from district import KNOWN_SCHOOL

MINIMAL_PAGE = "<html><body><h1>Consent</h1><p>One page.</p></body></html>"
PAGES = {  # key: (user, path maker), the path made from the database's facts
    "admin_requests": ("its", lambda f: "/admin/consent/consentrequest/"),
    "admin_search_id": ("its", lambda f: f"/admin/consent/consentrecord/?q={f['student_id']}"),
    "admin_search_name": ("its", lambda f: f"/admin/consent/consentrecord/?q={f['last_name']}"),
    "access_log": ("its", lambda f: "/admin/roster/recordaccess/"),
    "signed_records": ("its", lambda f: "/admin/consent/consentrecord/"),
    "dashboard": ("principal", lambda f: f"/consent/?school={KNOWN_SCHOOL}"),
    "dashboard_page20": ("principal", lambda f: f"/consent/?school={KNOWN_SCHOOL}&page=20"),
    "students_csv": ("principal", lambda f: f"/consent/students.csv?school={KNOWN_SCHOOL}"),
    "export_csv": ("principal", lambda f: f"/consent/export/bulk-alerts.csv?school={KNOWN_SCHOOL}"),
    "api_list": (
        "api",
        lambda f: f"/consent/api/v1/programs/bulk-alerts/covered?school={KNOWN_SCHOOL}",
    ),
    "programs": (None, lambda f: "/guidance/programs/"),
    "faq": (None, lambda f: "/faq/"),
    "check_page": ("principal", lambda f: f"/consent/check/?student_id={f['student_id']}"),
    "check_api": ("api", lambda f: f"/consent/api/v1/students/{f['student_id']}/coverage"),
}


def use_database(name: str) -> None:
    """Points Django's connection at another generated district (same server), and the
    caches at that district's own keys: one district's cached rows (footer contacts, form
    texts) must not serve the other's pages."""
    from django.core.cache import caches
    from django.db import connections

    connection = connections["default"]
    connection.close()
    connection.settings_dict["NAME"] = name
    for cache in caches.all():
        cache.key_prefix = name


def _facts() -> dict:
    """What the paths need from the current database: a student of the known school with a
    signed record, the accounts, and a fresh API key for the texting system."""
    from consent.models import ConsentRecord
    from consent.services.keys import texting_key_create
    from roster.models import User

    record = (
        ConsentRecord.objects.filter(request__school__code=KNOWN_SCHOOL, decision="grant")
        .select_related("request__student")
        .order_by("pk")
        .first()
    )
    its = User.objects.get(username="bench-its")
    _key, secret = texting_key_create(name=f"bench {time.time():.0f}", created_by=its)
    return {
        "student_id": record.request.student.student_id,
        "last_name": record.request.student.last_name,
        "record": record,
        "its": its,
        "principal": User.objects.get(username=f"principal-{KNOWN_SCHOOL}"),
        "api_key": secret,
    }


def _answer_queries(facts, key) -> int:
    """The queries of the answer itself (consent.designations.texting_answers), as the page
    (staff: the principal) and the API (no staff named) ask it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from consent.designations import texting_answers
    from consent.selectors import programs_at

    student = facts["record"].request.student
    programs = list(programs_at(schools=student.school))
    staff = facts["principal"] if key == "check_page" else None
    with CaptureQueriesContext(connection) as queries:
        texting_answers(student=student, programs=programs, staff=staff)
    return len(queries)


def _clients(facts):
    from django.test import Client

    clients = {None: Client(), "api": Client(HTTP_AUTHORIZATION=f"Bearer {facts['api_key']}")}
    for who in ("its", "principal"):
        clients[who] = Client()
        clients[who].force_login(facts[who])
    return clients


def _request(client, path):
    """(seconds to the first byte, seconds in all, status, streamed).

    Each request starts from a collected heap: otherwise the benchmark's own allocations
    make a full collection land on the same row every run, and charge it its pause."""
    gc.collect()
    started = time.perf_counter()
    response = client.get(path)
    if response.streaming:
        chunks = iter(response.streaming_content)
        next(chunks, b"")
        first = time.perf_counter() - started
        for _chunk in chunks:
            pass
    else:
        first = time.perf_counter() - started
    return first, time.perf_counter() - started, response.status_code, response.streaming


def in_process_rows(names: dict, wanted: set, runs: int, results: dict) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    keys = [key for key in PAGES if key in wanted]
    state = {}
    for label, name in names.items():
        use_database(name)
        facts = _facts()
        state[label] = (facts, _clients(facts))
    samples = {(key, label): [] for key in keys for label in names}
    for run in range(runs + 1):
        for label, name in names.items():  # interleaved: full, small, full, small…
            use_database(name)
            facts, clients = state[label]
            for key in keys:
                who, path = PAGES[key]
                if run == 0:  # the warm-up run counts the queries
                    with CaptureQueriesContext(connection) as queries:
                        _first, _total, status, streamed = _request(clients[who], path(facts))
                    sql = [q["sql"] for q in queries.captured_queries]
                    results.setdefault(key, {})[label] = {
                        "status": status,
                        "streamed": streamed,
                        "queries": len(sql),
                    }
                    if key in ("check_page", "check_api"):
                        results[key][label]["answer_queries"] = _answer_queries(facts, key)
                    continue
                samples[(key, label)].append(_request(clients[who], path(facts)))
    for (key, label), values in samples.items():
        totals = sorted(v[1] * 1000 for v in values)
        results[key][label] |= {
            "median_ms": statistics.median(totals),
            "p95_ms": totals[max(0, round(0.95 * len(totals)) - 1)],
            "first_byte_ms": statistics.median(v[0] * 1000 for v in values),
        }
    if "pdf" in wanted:
        use_database(names["full"])
        results["pdf"] = _pdf(state["full"][0]["record"], runs)
    if "issue" in wanted:
        results["issue"] = {}
        for label, name in names.items():
            use_database(name)
            results["issue"][label] = _issue(state[label][0])
    if "campaign" in wanted:
        use_database(names["full"])
        results["campaign"] = _campaign(state["full"][0])


def _pdf(record, runs):
    """The record's PDF/A against a minimal page and against its own words alone: a
    paragraph per line, unstyled, not PDF/A (what any layout of that text costs)."""
    from django.utils.html import escape, strip_tags
    from weasyprint import HTML

    from consent.models import ConsentRecord
    from consent.pdf import record_html, render_consent_record

    record = ConsentRecord.objects.select_related(
        "request__program", "request__student", "form_text"
    ).get(pk=record.pk)
    body = re.sub(r"</(p|h1|h2|div)>", "\n", record_html(record).partition("<body>")[2])
    lines = [line.strip() for line in strip_tags(body).splitlines() if line.strip()]
    words = "<html><body>" + "".join(f"<p>{escape(line)}</p>" for line in lines) + "</body></html>"
    timed = {"project": [], "minimal": [], "words": []}
    for _ in range(max(5, runs // 3)):
        for key, render in (
            ("project", lambda: render_consent_record(record)),
            ("minimal", lambda: HTML(string=MINIMAL_PAGE).write_pdf()),
            ("words", lambda: HTML(string=words).write_pdf()),
        ):
            started = time.perf_counter()
            render()
            timed[key].append(time.perf_counter() - started)
    project_ms, minimal_ms, words_ms = (statistics.median(timed[k]) * 1000 for k in timed)
    return {
        "full": {
            "median_ms": project_ms,
            "minimal_ms": minimal_ms,
            "words_ms": words_ms,
            "ratio": project_ms / minimal_ms,
        }
    }


def _fresh_program(slug):
    from consent.models import ConsentFormText, TextingProgram

    program = TextingProgram.objects.create(
        slug=slug,
        name=f"Bench {slug}",
        kind="bulk_alerts",
        summary="Bench.",
        staff_rules="Bench.",
        lowest_grade=-1,
        highest_grade=12,
        position=999,
    )
    for language in ("en", "es"):
        ConsentFormText.objects.create(
            program=program, language=language, version=1, title="Bench", body="You agree."
        )
    return program


def _issue(facts) -> dict:
    """consent_issue to the known school for a fresh program, in a transaction rolled back."""
    from django.db import transaction

    from consent.services.issuing import consent_issue
    from roster.models import School
    from roster.selectors import school_year_current

    with transaction.atomic():
        program = _fresh_program(f"bench-issue-{time.time_ns()}")
        started = time.perf_counter()
        batch = consent_issue(
            issued_by=facts["principal"],
            program=program,
            school_year=school_year_current(),
            school=School.objects.get(code=KNOWN_SCHOOL),
        )
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return {"seconds": seconds, "issued": batch.issued_count}


def measured_school_last(school_code: str):
    """An ordering that puts the measured school's rows last (``school_code``: the lookup of
    the row's school code): the benchmark's answers and emails change what its pages show."""
    from django.db.models import BooleanField, ExpressionWrapper, Q

    return ExpressionWrapper(Q(**{school_code: KNOWN_SCHOOL}), BooleanField())


def drop_leftover_tasks() -> None:
    """Empties the current district's queue: each sign POST of an earlier run left a PDF
    queued, which the workers of a timed row would otherwise file first."""
    from django_tasks_db.models import DBTaskResult

    left, _ = DBTaskResult.objects.filter(finished_at__isnull=True).delete()
    if left:
        print(f"Dropped {left} tasks earlier benchmark runs left queued.")


def _campaign(facts) -> dict:
    """ITS issues a fresh program to every eligible school; two db_worker processes create the
    requests, as deployed (deploy/systemd: aup-worker@1 and @2; the campaign runs two chains
    of chunks). Its requests stay in the database; the program is ended afterwards and the
    tables analyzed, so the next run's pages see the district as it was generated."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from django.db import connection

    from consent.services.campaigns import campaign_issue
    from consent.services.programs import program_end
    from roster.selectors import school_year_current

    db = connection.settings_dict  # the worker works on this district
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    if db.get("PASSWORD"):
        url = url.replace("@", f":{db['PASSWORD']}@", 1)
    drop_leftover_tasks()
    program = _fresh_program(f"bench-campaign-{time.time_ns()}")
    started = time.perf_counter()
    campaign = campaign_issue(
        program=program, school_year=school_year_current(), schools=None, actor=facts["its"]
    )
    issued = time.perf_counter() - started  # the up-front counting, before any worker
    workers = [
        subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--no-reload"],
            cwd=Path(__file__).resolve().parent.parent,
            env={**os.environ, "DATABASE_URL": url},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(2)
    ]
    seconds = None  # until the campaign is done: not the workers' own stopping afterwards
    try:
        while time.perf_counter() - started < 600:
            campaign.refresh_from_db()
            if campaign.finished_at:
                seconds = time.perf_counter() - started
                break
            time.sleep(0.25)
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=60)
        program_end(program_id=program.pk)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE consent_consentrequest, consent_consentlink")
    return {
        "full": {
            "seconds": seconds if seconds is not None else time.perf_counter() - started,
            "issue_seconds": issued,
            "requests": campaign.requests_created,
        }
    }
