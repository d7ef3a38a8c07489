"""A real background worker (`manage.py db_worker`) for tests: a subprocess on the test
database, with a short lease, its mail written to files in a folder of the test's own."""

import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
WORKER = [sys.executable, "manage.py", "db_worker"]
SEPARATOR = "\n" + "-" * 79 + "\n"


class Worker:
    def __init__(self, mail_dir: Path, **settings: str):
        db = connection.settings_dict
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "aup_portal.settings_test",
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "TEST_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "TEST_EMAIL_FILE_PATH": str(mail_dir),
            "TASKS_LEASE_SECONDS": "2",
            "TASKS_RETRY_DELAY_SECONDS": "0",
            **settings,
        }
        self.process = None

    def start(self) -> "Worker":
        self.process = subprocess.Popen(
            [*WORKER, "--no-reload", "--interval", "0.1", "--no-startup-delay", "--verbosity", "0"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
        )
        return self

    def kill(self) -> None:
        """kill -9: no clean-up, the task it ran stays "running"."""
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


def wait_for(condition, timeout=60, every=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"gave up waiting after {timeout} s")


def mail_sent(mail_dir: Path) -> list[tuple[str, str]]:
    """(To, Message-ID) of every message the workers wrote, duplicates included."""
    messages = []
    for path in sorted(mail_dir.glob("*.log")):
        for text in path.read_text().split(SEPARATOR):
            if text.strip():
                to = re.search(r"^To: (.+)$", text, re.MULTILINE).group(1)
                message_id = re.search(r"^Message-ID: (.+)$", text, re.MULTILINE).group(1)
                messages.append((to, message_id))
    return messages


def per_recipient(messages) -> Counter:
    """How many distinct messages each address got (a resend with the same Message-ID is
    one message in the mailbox)."""
    return Counter(to for to, _message_id in set(messages))
