"""The load script's client (scripts/loadtest.py): virtual users on asyncio and httpx doing the
portal's everyday mix, and the figures per kind of request (throughput, p50/p95, errors)."""

import asyncio
import random
import re
import secrets
import statistics
import time
from collections import Counter, defaultdict
from dataclasses import dataclass

import httpx

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FORM_TEXT = re.compile(r'name="form_text" value="(\d+)"')

# What a virtual user does next, and how often: a family's visit is four requests.
MIX = {"family": 3, "dashboard": 1, "check": 2, "api coverage": 3, "api covered list": 1}


@dataclass
class Target:
    """What the virtual users need to know about the portal under load."""

    base_url: str
    username: str  # the principal of the school under load
    password: str
    school_code: str
    student_ids: list[str]
    api_key: str
    families: object  # .get_nowait() -> (token, date of birth); raises when none is waiting


class Stats:
    """Latencies and errors per kind of request; an error is a transport failure or a status
    other than the one the step expects."""

    def __init__(self):
        self.seconds = defaultdict(list)
        self.errors = defaultdict(Counter)

    def add(self, kind: str, seconds: float, error: str | None = None) -> None:
        self.seconds[kind].append(seconds)
        if error:
            self.errors[kind][error] += 1

    def server_errors(self) -> int:
        return sum(n for c in self.errors.values() for e, n in c.items() if e.startswith("5"))

    def table(self, elapsed: float) -> str:
        rows = [f"{'request':<24} {'count':>6} {'per s':>7} {'p50 ms':>8} {'p95 ms':>8}  errors"]
        for kind in sorted(self.seconds):
            times = sorted(self.seconds[kind])
            p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]
            errors = ", ".join(f"{e} x{n}" for e, n in self.errors[kind].most_common()) or "-"
            rows.append(
                f"{kind:<24} {len(times):>6} {len(times) / elapsed:>7.1f} "
                f"{statistics.median(times) * 1000:>8.0f} {p95 * 1000:>8.0f}  {errors}"
            )
        total = sum(len(t) for t in self.seconds.values())
        failed = sum(sum(c.values()) for c in self.errors.values())
        rows.append(f"{'all':<24} {total:>6} {total / elapsed:>7.1f}  errors: {failed}")
        return "\n".join(rows)


class Session:
    """One browser (cookies) or API client whose requests are timed into ``stats``."""

    def __init__(self, target: Target, stats: Stats, **client_options):
        self.target, self.stats = target, stats
        self.http = httpx.AsyncClient(base_url=target.base_url, timeout=30, **client_options)

    async def call(self, kind: str, expect: int, method: str, url: str, **options):
        """The response when it has the ``expect``ed status, else None (counted as an error)."""
        start = time.perf_counter()
        try:
            response = await self.http.request(method, url, **options)
        except httpx.HTTPError as error:
            self.stats.add(kind, time.perf_counter() - start, type(error).__name__)
            return None
        ok = response.status_code == expect
        self.stats.add(kind, time.perf_counter() - start, None if ok else str(response.status_code))
        return response if ok else None

    async def post_form(self, kind: str, url: str, page, data: dict):
        """POSTs ``data`` with the CSRF token of ``page`` (the form's response); 302 expected."""
        token = CSRF.search(page.text)
        return await self.call(
            kind, 302, "POST", url, data={**data, "csrfmiddlewaretoken": token and token[1]}
        )

    async def sign_in(self, username: str, password: str) -> bool:
        page = await self.call("staff: sign in page", 200, "GET", "/accounts/login/")
        data = {"username": username, "password": password}
        return bool(page and await self.post_form("staff: sign in", "/accounts/login/", page, data))

    async def close(self):
        await self.http.aclose()


async def family_visit(target: Target, stats: Stats, token: str, dob) -> None:
    """A parent opens the emailed link on a new phone, confirms the date of birth, reads the
    form and grants permission."""
    browser = Session(target, stats)
    url = f"/consent/sign/{token}/"
    try:
        page = await browser.call("parent: open link", 200, "GET", url)
        dob_form = {"month": dob.month, "day": dob.day, "year": dob.year}
        if not page or not await browser.post_form("parent: date of birth", url, page, dob_form):
            return
        page = await browser.call("parent: read form", 200, "GET", url)
        form_text = page and FORM_TEXT.search(page.text)
        if not form_text:
            return
        answer = {
            "form_text": form_text[1],
            "decision": "grant",
            "student_mobile": "773-555-0123",
            "relationship": "parent",
            "signer_name": "Parent Number One",
            "esign_agreed": "on",
        }
        await browser.post_form("parent: sign", f"{url}answer/", page, answer)
    finally:
        await browser.close()


async def virtual_user(target: Target, stats: Stats, deadline: float, seed: int) -> None:
    """Until ``deadline``: the principal's pages, the API, and a family's visit whenever an
    emailed link is waiting."""
    rng = random.Random(seed)  # noqa: S311 (which page next, not a secret)
    staff = Session(target, stats)
    api = Session(target, stats, headers={"Authorization": f"Bearer {target.api_key}"})
    signed_in = await staff.sign_in(target.username, target.password)
    try:
        while time.monotonic() < deadline:
            kind = rng.choices(list(MIX), weights=list(MIX.values()))[0]
            student = rng.choice(target.student_ids)
            if kind == "family":
                try:
                    token, dob = target.families.get_nowait()
                except Exception:  # no link emailed yet: the API asks instead
                    kind = "api coverage"
                else:
                    await family_visit(target, stats, token, dob)
                    continue
            if kind == "dashboard" and signed_in:
                await staff.call("principal: dashboard", 200, "GET", "/consent/")
            elif kind == "check" and signed_in:
                params = {"student_id": student}
                await staff.call("staff: may I text?", 200, "GET", "/consent/check/", params=params)
            elif kind == "api covered list":
                url = "/consent/api/v1/programs/bulk-alerts/covered"
                await api.call(
                    "api: covered list", 200, "GET", url, params={"school": target.school_code}
                )
            else:
                url = f"/consent/api/v1/students/{student}/coverage"
                await api.call("api: coverage", 200, "GET", url)
    finally:
        await staff.close()
        await api.close()


async def run_users(target: Target, stats: Stats, users: int, seconds: float) -> float:
    """Runs ``users`` virtual users for ``seconds``; returns the time they took."""
    start = time.monotonic()
    deadline = start + seconds
    await asyncio.gather(*(virtual_user(target, stats, deadline, n) for n in range(users)))
    return time.monotonic() - start


async def issue_school(target: Target, stats: Stats, username: str, form: dict) -> bool:
    """A principal signs in and issues consent forms to their whole school (one POST)."""
    principal = Session(target, stats)
    try:
        if not await principal.sign_in(username, target.password):
            return False
        page = await principal.call("principal: issue page", 200, "GET", "/consent/issue/")
        # Send as from the confirmation page (its one-time token), without reading it.
        form = {**form, "send": "1", "token": secrets.token_urlsafe(24)}
        return bool(
            page and await principal.post_form("principal: issue", "/consent/issue/", page, form)
        )
    finally:
        await principal.close()
