#!/usr/bin/env python3
"""Load and fault run: the portal as in production (gunicorn with 2 workers, DEBUG off, the
background worker, PostgreSQL, mail to a real SMTP sink) under the everyday mix, then checks.

It makes its own database (``--database``, dropped at the end), migrates, seeds the demo
district plus two schools of families: LOAD, issued before the run, whose parents sign the
links they are emailed, and BIG (``--families``), which its principal issues over HTTP when the
run starts. Virtual users (scripts/load_client.py) open and sign those links and ask the
dashboard, "May I text?" and the texting API; the table gives throughput, p50/p95 and errors
per kind of request. ``--fault`` kills (SIGKILL) the background worker and one web worker
while BIG's mail goes out, then starts the worker again. After a bounded wait for the
worker, it checks that every issued family was emailed exactly once (counted at the sink),
every signed record has its PDF and no response was a server error; exit status 1 on a FAIL.

    .venv/bin/python scripts/loadtest.py [--duration 60] [--fault]   (make load / make load-fault)
"""

import argparse
import asyncio
import email
import email.policy
import os
import queue
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx
import psycopg2
from aiosmtpd.controller import Controller
from load_client import Stats, Target, issue_school, run_users

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
LINK = re.compile(r"/consent/sign/([A-Za-z0-9_-]{43})/")


def say(text: str) -> None:
    print(text, flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Sink:
    """A real SMTP server (aiosmtpd, in its own thread) that counts the link emails each address
    receives (receipts and other mail carry no signing link and are not counted) and hands
    every emailed link of a known family to the parents in the run."""

    def __init__(self, port: int):
        self.received: Counter = Counter()
        self.families: queue.SimpleQueue = queue.SimpleQueue()
        self.birth_dates: dict = {}  # a family's address: their student's date of birth
        self.controller = Controller(self, hostname="127.0.0.1", port=port)

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        body = message.get_body(("plain",))
        link = body and LINK.search(body.get_content())
        for address in envelope.rcpt_tos if link else ():
            self.received[address.lower()] += 1
            if address.lower() in self.birth_dates:
                self.families.put((link[1], self.birth_dates[address.lower()]))
        return "250 Message accepted for delivery"


def portal_environment(args, smtp_port: int, web_port: int, private: str) -> dict:
    """Production settings (DEBUG off, a fresh SECRET_KEY), over plain HTTP on 127.0.0.1."""
    return {
        "DJANGO_SETTINGS_MODULE": "aup_portal.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "LINK_SIGNING_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"{args.postgres}/{args.database}",
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "PORTAL_URL": f"http://127.0.0.1:{web_port}",
        "PRIVATE_STORAGE_ROOT": private,
        # No TLS proxy in front: cookies and redirects as over HTTPS would break the run.
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        # One key makes every API call here; the limit is for a real system, not this run.
        "TEXTING_API_RATE_PER_MINUTE": "1000000",
        "LOG_LEVEL": "WARNING",
        **({"REDIS_URL": args.redis_url} if args.redis_url else {}),
    }


def database(args, action: str) -> None:
    """Creates (dropping a leftover of an earlier run) or drops the run's own database."""
    connection = psycopg2.connect(f"{args.postgres}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
        if action == "create":
            cursor.execute(f'CREATE DATABASE "{args.database}"')
    connection.close()


def static_files_current() -> bool:
    """Whether collectstatic's manifest is newer than every file of static/ (collecting and
    compressing them all again takes half a minute here)."""
    from django.conf import settings

    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    newest = max(path.stat().st_mtime for path in (ROOT / "static").rglob("*"))
    return manifest.exists() and manifest.stat().st_mtime > newest


def prepare(args, sink: Sink) -> dict:
    """Migrates and seeds the run's database in this process; returns what the run needs."""
    import django

    django.setup()
    from django.core.management import call_command
    from families import school_with_families

    from consent.models import TextingProgram
    from consent.services.issuing import consent_issue
    from consent.services.keys import texting_key_create
    from roster.models import StudentGuardian, User
    from roster.selectors import school_year_current

    call_command("migrate", verbosity=0)
    if not static_files_current():
        call_command("collectstatic", interactive=False, verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", "--force", f"--password={args.password}", stdout=quiet)
    load, principal = school_with_families(
        code="LOAD", size=args.load_families, first_id=70_000_000, password=args.password
    )
    big, _ = school_with_families(
        code="BIG", size=args.families, first_id=80_000_000, password=args.password
    )
    program = TextingProgram.objects.get(slug="bulk-alerts")
    year = school_year_current()
    consent_issue(issued_by=principal, program=program, school_year=year, school=load)
    sink.birth_dates = {
        email.lower(): born
        for email, born in StudentGuardian.objects.filter(
            student__school__in=[load, big]
        ).values_list("guardian__email", "student__date_of_birth")
    }
    _, key = texting_key_create(name="Load run", created_by=User.objects.get(username="its"))
    return {
        "api_key": key,
        "student_ids": list(load.students.values_list("student_id", flat=True)),
        "issue": {"program": program.pk, "school": big.pk, "school_year": year.pk},
    }


class Portal:
    """The web server and the background worker, as separate processes of our own."""

    def __init__(self, port: int, logs: Path):
        self.port, self.logs = port, logs
        self.web = self._start("gunicorn", [
            "-m", "gunicorn", "aup_portal.wsgi", "--workers", "2", "--no-control-socket",
            "--bind", f"127.0.0.1:{port}",
        ])  # fmt: skip
        self.worker = self.start_worker()

    def _start(self, name: str, arguments: list[str]) -> subprocess.Popen:
        log = open(self.logs / f"{name}.log", "a")  # noqa: SIM115 (the process keeps it open)
        return subprocess.Popen(  # noqa: S603 (our own interpreter and manage.py)
            [sys.executable, *arguments], cwd=ROOT, stdout=log, stderr=log
        )

    def start_worker(self) -> subprocess.Popen:
        return self._start("worker", ["manage.py", "db_worker", "--no-reload"])

    def wait_ready(self, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{self.port}/healthz").status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise SystemExit(f"gunicorn did not answer /healthz; see {self.logs}/gunicorn.log")

    def busiest_web_worker(self) -> int:
        """The gunicorn worker holding the most sockets: one serving a request holds its
        client's besides the shared listener and its database connection."""
        children = Path(f"/proc/{self.web.pid}/task/{self.web.pid}/children").read_text()

        def sockets(pid: str) -> int:
            fds = Path(f"/proc/{pid}/fd").iterdir()
            return sum(fd.readlink().name.startswith("socket:") for fd in fds)

        return int(max(children.split(), key=sockets))

    def stop(self) -> None:
        for process in (self.web, self.worker):
            process.terminate()
        for process in (self.web, self.worker):
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


async def big_issue_and_faults(args, target, stats, portal: Portal, sink: Sink, big: dict):
    """BIG's principal issues forms to every family; with --fault, once a quarter of them
    have their email, the worker and one web worker are killed and the worker restarted."""
    form = {**big, "scope": "school"}
    if not await issue_school(target, stats, "big-principal", form):
        say("The BIG school's issue failed; see the errors below.")
        return
    if not args.fault:
        return
    addresses = [a for a in sink.birth_dates if a.endswith("@big.example.org")]
    deadline = time.monotonic() + args.duration * 0.75
    while time.monotonic() < deadline:
        if sum(sink.received[a] > 0 for a in addresses) >= len(addresses) // 4:
            break
        await asyncio.sleep(0.05)
    sent = sum(sink.received[a] > 0 for a in addresses)
    portal.worker.send_signal(signal.SIGKILL)
    victim = portal.busiest_web_worker()
    os.kill(victim, signal.SIGKILL)  # a child of our own gunicorn; its master starts another
    say(f"FAULT  killed the worker after {sent} of {len(addresses)} BIG families had mail")
    say(f"FAULT  killed web worker {victim}")
    portal.worker.wait()
    await asyncio.sleep(1)
    portal.worker = portal.start_worker()
    say("FAULT  started the worker again")


def worker_idle(seconds: float) -> bool:
    """Waits (at most ``seconds``) until the worker has no task waiting or running."""
    from django_tasks_db.models import DBTaskResult

    deadline = time.monotonic() + seconds
    while DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.5)
    return True


def drained(sink: Sink) -> tuple[Counter, int]:
    """Each address's expected messages (its links with an email) and records without a PDF."""
    from consent.models import ConsentLink, ConsentRecord

    links = ConsentLink.objects.exclude(guardian__email="").values_list("guardian__email")
    expected = Counter(address.lower() for (address,) in links)
    return expected, ConsentRecord.objects.filter(document__isnull=True).count()


def check(sink: Sink, stats: Stats, wait: float) -> bool:
    """Waits (at most ``wait`` seconds) for the worker to finish, then prints PASS/FAIL."""
    from django_tasks_db.models import DBTaskResult

    from consent.models import ConsentRecord

    deadline = time.monotonic() + wait
    while True:
        expected, without_pdf = drained(sink)
        done = all(sink.received[a] >= n for a, n in expected.items()) and not without_pdf
        if done or time.monotonic() > deadline:
            break
        time.sleep(1)
    missing = sum(sink.received[a] == 0 for a in expected)
    twice = sum(sink.received[a] > n for a, n in expected.items())
    short = sum(0 < sink.received[a] < n for a, n in expected.items())
    checks = [
        (
            f"every issued family emailed exactly once ({len(expected)} addresses)",
            f"{missing} never emailed, {short} missing some, {twice} emailed more than once",
            not (missing or twice or short),
        ),
        (
            f"every signed record has its PDF ({ConsentRecord.objects.count()} records)",
            f"{without_pdf} without a PDF",
            not without_pdf,
        ),
        ("no server errors", f"{stats.server_errors()} responses 5xx", not stats.server_errors()),
    ]
    for name, problem, ok in checks:
        say(f"{'PASS' if ok else 'FAIL'}  {name}{'' if ok else ': ' + problem}")
    tasks = Counter(DBTaskResult.objects.values_list("status", flat=True))
    say("background tasks: " + ", ".join(f"{s.lower()} {n}" for s, n in sorted(tasks.items())))
    return all(ok for *_, ok in checks)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60, help="seconds of load (60)")
    parser.add_argument("--users", type=int, default=8, help="virtual users (8)")
    parser.add_argument("--families", type=int, default=1000, help="BIG's families (1000)")
    parser.add_argument("--load-families", type=int, default=400, help="LOAD's families (400)")
    parser.add_argument("--fault", action="store_true", help="kill workers mid-run, then check")
    parser.add_argument("--wait", type=float, default=180, help="most seconds to wait (180)")
    parser.add_argument("--database", default="aup_load", help="the run's own database")
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--redis-url", default="", help="shared cache (default: per process)")
    parser.add_argument("--keep", action="store_true", help="keep the database and the logs")
    args = parser.parse_args()
    if "load" not in args.database:
        parser.error("--database must name the run's own database (with 'load' in its name)")
    args.password = secrets.token_urlsafe(16)

    logs = Path(tempfile.mkdtemp(prefix="aup-load-"))
    sink = Sink(free_port())
    web_port = free_port()
    os.environ |= portal_environment(args, sink.controller.port, web_port, f"{logs}/private")
    sink.controller.start()
    database(args, "create")
    portal = None
    try:
        started = time.monotonic()
        info = prepare(args, sink)
        say(f"Prepared {args.database} in {time.monotonic() - started:.0f} s; logs in {logs}")
        portal = Portal(web_port, logs)
        portal.wait_ready()
        # The seed's PDFs and LOAD's mail go out first, so parents have links when users start.
        started = time.monotonic()
        idle = worker_idle(args.wait)
        waited = time.monotonic() - started
        say(f"The worker {'caught up' if idle else 'is still busy'} after {waited:.0f} s")
        stats = Stats()
        target = Target(
            base_url=f"http://127.0.0.1:{web_port}",
            username="load-principal",
            password=args.password,
            school_code="LOAD",
            student_ids=info["student_ids"],
            api_key=info["api_key"],
            families=sink.families,
        )

        async def run():
            users = run_users(target, stats, args.users, args.duration)
            faults = big_issue_and_faults(args, target, stats, portal, sink, info["issue"])
            elapsed, _ = await asyncio.gather(users, faults)
            return elapsed

        elapsed = asyncio.run(run())
        mode = "fault" if args.fault else "load"
        say(f"\n{mode} run: {args.users} users, {elapsed:.0f} s, gunicorn 2 workers + 1 worker")
        say(stats.table(elapsed) + "\n")
        return 0 if check(sink, stats, args.wait) else 1
    finally:
        if portal:
            portal.stop()
        sink.controller.stop()
        from django.db import connections

        connections.close_all()
        if not args.keep:
            database(args, "drop")
            shutil.rmtree(logs)


if __name__ == "__main__":
    sys.exit(main())
