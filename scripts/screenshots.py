#!/usr/bin/env python3
"""Regenerates the README's screenshots from the demo (make screenshots).

Seeds a fresh demo district into a temporary SQLite file (the one a fresh clone's `make run`
makes), serves it with its background worker on a free port, and lets Debian's Chromium
(Playwright) sign in as the demo users and go where the README shows: the home page, a parent
signing on a phone (a link from `manage.py demo_links`), the principal's consent dashboard and
an exception request taken from draft to approval. Writes docs/screenshots/*.png."""

import datetime
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
PASSWORD = secrets.token_urlsafe(12)
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
MONTHS = "January February March April May June July August September October November December"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args) -> str:
    done = subprocess.run(  # noqa: S603 (our own manage.py)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@contextmanager
def demo_server():
    """The demo on a free port: (its address, its environment)."""
    with tempfile.TemporaryDirectory() as folder:
        port = free_port()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "aup_portal.settings",
            "DEBUG": "1",
            "DATABASE_URL": f"sqlite:///{folder}/db.sqlite3",
            "PRIVATE_STORAGE_ROOT": f"{folder}/private",
            "PORT": str(port),
        }
        env.pop("PORTAL_URL", None)
        env.pop("EMAIL_URL", None)
        manage(env, "migrate", "--no-input", "-v", "0")
        manage(env, "seed_demo", f"--password={PASSWORD}")  # it may start with "-"
        logs = open(Path(folder) / "server.log", "w")  # noqa: SIM115 (closed below)
        processes = [
            subprocess.Popen(  # noqa: S603
                [sys.executable, "manage.py", *argv], cwd=ROOT, env=env, stdout=logs, stderr=logs
            )
            for argv in (["runserver", "--noreload", f"127.0.0.1:{port}"], ["db_worker"])
        ]
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"{url}/healthz", timeout=1)  # noqa: S310 (local)
                    break
                except OSError:
                    time.sleep(0.3)
            yield url, env
        finally:
            for process in processes:
                process.terminate()
                process.wait(timeout=20)
            logs.close()


def shot(page, name: str) -> None:
    page.screenshot(path=OUT / f"{name}.png", full_page=True)
    print(f"Wrote docs/screenshots/{name}.png")


def sign_in(page, url: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your work")).to_be_visible()


def parent_signing(page, env) -> None:
    """A guardian opens an unanswered English link on a phone and confirms the birth date."""
    out = manage(env, "demo_links", "--language", "en", "--waiting", "--limit", "1")
    url, month, day, year = re.search(
        r"(http\S+)\s+\(date of birth (\w+) (\d+), (\d+)\)", out
    ).groups()
    page.goto(url)
    page.get_by_label("Month").select_option(str(MONTHS.split().index(month) + 1))
    page.get_by_label("Day").fill(day)
    page.get_by_label("Year").fill(year)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    shot(page, "consent-sign-phone")


def exception_approved(page, url: str) -> None:
    """The teacher asks for an exception; the principal, ITS and the CEO's office approve it."""
    title = "Robotics team travel texts"
    today = datetime.date.today()
    sign_in(page, url, "teacher")
    page.goto(f"{url}/exceptions/new/")
    page.get_by_label("Title").fill(title)
    page.get_by_label("Lowest grade").select_option(label="Grade 9")
    page.get_by_label("Highest grade").select_option(label="Grade 12")
    page.get_by_label("About how many students").fill("24")
    page.get_by_label("What the texting is for").fill(
        "Bus times and venue changes at robotics competitions."
    )
    page.get_by_label("Why no standard program fits").fill(
        "Competitions are not safety meet-ups and the team starts in grade 9."
    )
    page.get_by_label("Messaging platform").select_option(index=1)  # an approved platform
    page.get_by_label("First day of texting").fill(f"{today + datetime.timedelta(days=7)}")
    page.get_by_label("Last day of texting").fill(f"{today + datetime.timedelta(days=60)}")
    page.get_by_role("button", name="Save draft").click()
    page.get_by_role("button", name="Submit the request").click()
    for username, button in [("principal", "Endorse"), ("its", "Recommend"), ("ceo", "Approve")]:
        sign_in(page, url, username)
        page.goto(f"{url}/exceptions/")
        page.get_by_role("link", name=title).first.click()
        if username == "its":  # ITS finishes the Spanish form text for parents
            body = page.get_by_label("Form text for parents (Spanish)")
            text = body.input_value()
            start, end = text.index("[["), text.index("]]") + 2
            spanish = "horarios de autobús y cambios de sede en las competencias de robótica."
            body.fill(text[:start] + spanish + text[end:])
        page.get_by_role("button", name=button).click()
        expect(page.locator(".alert-success")).to_be_visible()
    for _ in range(30):  # the decision record is filed by the worker
        if page.get_by_text("decision record (PDF)").count():
            break
        time.sleep(1)
        page.reload()
    shot(page, "exception-timeline")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with demo_server() as (url, env), sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        desktop = browser.new_context(reduced_motion="reduce", **DESKTOP).new_page()
        desktop.goto(url)
        shot(desktop, "home")
        parent_signing(browser.new_context(reduced_motion="reduce", **PHONE).new_page(), env)
        sign_in(desktop, url, "principal")
        desktop.goto(f"{url}/consent/")
        shot(desktop, "consent-dashboard")
        exception_approved(desktop, url)
        browser.close()


if __name__ == "__main__":
    main()
