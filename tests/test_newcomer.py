"""A newcomer's first hour: the demo's port and links, its reset, the lock files and the
README's commands (issue #17)."""

import importlib.metadata
import json
import os
import re
import subprocess
import threading
import tomllib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import CommandError, call_command, get_commands
from packaging.markers import Marker
from packaging.requirements import Requirement

from consent.models import ConsentLink
from roster.models import School, Student
from tests.factories import SchoolFactory
from tests.helpers import REPO_ROOT, run_django

TOOLS_PYTHON = REPO_ROOT / ".venv-tools" / "bin" / "python"


def portal_url(**env) -> str:
    result = run_django(
        [
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.PORTAL_URL)",
        ],
        DJANGO_SETTINGS_MODULE="aup_portal.settings",
        **env,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_portal_url_follows_port_in_debug():
    assert portal_url(DEBUG="1", PORT="8123") == "http://127.0.0.1:8123"
    assert portal_url(DEBUG="1") == "http://127.0.0.1:8000"
    assert (
        portal_url(DEBUG="1", PORT="8123", PORTAL_URL="https://a.example/") == "https://a.example"
    )


def test_portal_url_outside_debug_ignores_port():
    url = portal_url(
        PORT="8123", SECRET_KEY="k" * 50, LINK_SIGNING_KEY="l" * 50, ALLOWED_HOSTS="aup.example.org"
    )
    assert url == "https://aup.example.org"


@pytest.fixture
def demo(settings, db):
    settings.DEBUG = True
    call_command("seed_demo", "--password", "demo-pass-123")


def links_printed(capsys, *args) -> list[tuple[str, str]]:
    """(path, date of birth) of each link demo_links prints with ``args``."""
    capsys.readouterr()
    call_command("demo_links", *args)
    out = capsys.readouterr().out
    return re.findall(r"https?://[^/\s]+(/consent/sign/\S+/)\s+\(date of birth (.+?)\)", out)


def open_link(client, path: str, date_of_birth: str):
    """Opens the link as the parent would: the date-of-birth step, then the page after it."""
    first = client.get(path)
    month, day, year = re.match(r"(\w+) (\d+), (\d+)", date_of_birth).groups()
    months = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]  # fmt: skip
    client.post(path, {"month": months.index(month) + 1, "day": day, "year": year})
    return first, client.get(path)


CASES = [
    (["--language", "en", "--waiting"], "en", "consent/sign/decide.html"),
    (["--language", "es", "--waiting"], "es", "consent/sign/decide.html"),
    (["--language", "en", "--answered"], "en", "consent/sign/answered.html"),
    (["--language", "es", "--answered"], "es", "consent/sign/answered.html"),
]


def test_demo_links_open_the_parents_pages(demo, client, capsys):
    for args, language, after in CASES:
        links = links_printed(capsys, *args, "--limit", "2")

        assert len(links) == 2, args
        for path, date_of_birth in links:
            client.cookies.clear()
            first, then = open_link(client, path, date_of_birth)
            assert first.status_code == 200
            assert "consent/sign/verify.html" in [t.name for t in first.templates]
            assert f'<html lang="{language}"' in first.content.decode()
            assert then.status_code == 200
            assert after in [t.name for t in then.templates], args
    assert links_printed(capsys, "--school", "610102") == []  # no forms issued there
    at_first_school = ConsentLink.objects.filter(request__school__code="610101").count()
    assert len(links_printed(capsys, "--school", "610101", "--limit", "99")) == at_first_school


def test_seed_demo_and_make_run_print_where_emails_go_and_links(settings, db, capsys):
    settings.DEBUG = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

    call_command("seed_demo")
    seeded = capsys.readouterr().out
    call_command("demo_links", "--short")  # what make run prints each time
    short = capsys.readouterr().out

    assert short.strip() in seeded
    assert "the background worker prints each one in the terminal" in short
    for kind in ["EN, waiting", "ES, waiting", "EN, answered", "ES, answered"]:
        assert kind in short
    assert short.count(settings.PORTAL_URL + "/consent/sign/") == 4


@pytest.mark.django_db
def test_demo_links_refuse_a_database_that_is_not_the_demo(settings):
    settings.DEBUG = True
    SchoolFactory(code="999999", name="A real school")

    with pytest.raises(CommandError, match="not the demo district"):
        call_command("demo_links")


@pytest.mark.django_db
def test_demo_links_refuse_when_debug_is_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("demo_links")


@pytest.mark.django_db
def test_demo_reset_refuses_a_database_that_is_not_the_demo(settings):
    settings.DEBUG = True
    SchoolFactory(code="999999", name="A real school")

    with pytest.raises(CommandError, match="not the demo district"):
        call_command("seed_demo", "--reset")

    assert list(School.objects.values_list("code", flat=True)) == ["999999"]


@pytest.mark.django_db(transaction=True)  # as make demo-reset runs it: no outer transaction
def test_demo_reset_empties_the_demo_and_seeds_it_anew(settings, capsys):
    settings.DEBUG = True
    # A reset first: an earlier transactional test's flush may have emptied the tables the
    # data migrations fill (the programs), and a reset migrates them anew.
    call_command("seed_demo", "--reset", "--password", "demo-pass-123")
    Student.objects.filter(student_id="51000001").update(first_name="Changed")
    capsys.readouterr()

    call_command("seed_demo", "--reset", "--password", "demo-pass-123")

    assert "Emptied the demo database." in capsys.readouterr().out
    assert Student.objects.count() == 60
    assert not Student.objects.filter(first_name="Changed").exists()


# The lock files


def locked(name: str) -> dict[str, str]:
    """{distribution: version} of requirements/<name>; each entry must carry hashes."""
    text = (REPO_ROOT / "requirements" / name).read_text()
    entry = r"^([A-Za-z0-9][\w.-]*)==(\S+?)(?: ; ([^\\\n]*))? \\\n\s+--hash="
    entries = re.findall(entry, text, re.M)
    pins = re.findall(r"^[A-Za-z0-9]", text, re.M)
    assert len(entries) == len(pins), f"an entry of {name} has no hash"
    # An entry whose marker does not hold here (another Python or platform) is not installed.
    return {
        canonical(dist): version
        for dist, version, marker in entries
        if not marker or Marker(marker).evaluate()
    }


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def closure(extras: tuple[str, ...]) -> dict[str, str]:
    """{distribution: installed version} of what the portal with ``extras`` needs, here."""
    needed, todo = {}, [(Requirement(f"aup-portal[{','.join(extras)}]"), ())]
    while todo:
        requirement, _ = todo.pop()
        for extra in requirement.extras or {""}:
            dist = importlib.metadata.distribution(requirement.name)
            for line in dist.requires or []:
                child = Requirement(line)
                if child.marker and not child.marker.evaluate({"extra": extra}):
                    continue
                if canonical(child.name) not in needed:
                    needed[canonical(child.name)] = importlib.metadata.version(child.name)
                    todo.append((child, ()))
    return needed


@pytest.mark.parametrize(("lock", "extras"), [("base.txt", ()), ("test.txt", ("test",))])
def test_the_lock_pins_every_dependency_as_installed(lock, extras):
    pins = locked(lock)

    needed = closure(extras)

    assert {name: pins.get(name) for name in needed} == needed, "run `make lock`"


@pytest.mark.parametrize(("lock", "extra"), [("test.txt", "test"), ("load.txt", "load")])
def test_the_lock_holds_each_pin_of_pyproject(lock, extra):
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]
    pins = locked(lock)

    for line in [*project["dependencies"], *project["optional-dependencies"][extra]]:
        requirement = Requirement(line)
        version = str(requirement.specifier).removeprefix("==")
        assert pins.get(canonical(requirement.name)) == version, f"{line}: run `make lock`"


def test_make_installs_from_the_locks_with_hashes():
    makefile = (REPO_ROOT / "Makefile").read_text()
    installs = re.findall(r"pip install (?!--quiet --upgrade pip).*", makefile)
    assert all("--require-hashes -r requirements/" in i or "--no-deps -e ." in i for i in installs)
    locks = set(re.findall(r"-r requirements/(\w+\.txt)", makefile))
    assert locks == {"base.txt", "test.txt", "load.txt", "tools.txt"}


# The vulnerability audit (scripts/audit-lock) against a stand-in OSV service


def osv_service(vulnerable: set[str]):
    """An OSV-compatible API on a free local port that reports one vulnerability for each
    package named in ``vulnerable`` (``name`` for every version, ``name==version`` for one)."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            query = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            name, version = query["package"]["name"], query["version"]
            hit = name in vulnerable or f"{name}=={version}" in vulnerable
            body = json.dumps(
                {
                    "vulns": [
                        {
                            "id": f"TEST-{name}",
                            "summary": "a test vulnerability",
                            "affected": [
                                {
                                    "package": {"name": name, "ecosystem": "PyPI"},
                                    "ranges": [{"type": "ECOSYSTEM", "events": [{"fixed": "99"}]}],
                                }
                            ],
                        }
                    ]
                }
                if hit
                else {}
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def audit(osv_url: str):
    if not TOOLS_PYTHON.exists():
        pytest.skip("`make test` makes .venv-tools (pip-audit) before the tests")
    return subprocess.run(
        [TOOLS_PYTHON, REPO_ROOT / "scripts" / "audit-lock"],
        env={**os.environ, "AUDIT_OSV_URL": osv_url},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize(
    ("vulnerable", "code", "says"),
    [
        ({"django"}, 1, "django 5.2.19: TEST-django (fixed in 99)"),
        ({"django==3.2"}, 0, "no known vulnerabilities in requirements/"),
        (set(), 0, "Vulnerability audit SKIPPED"),  # answers, but without data
    ],
)
def test_audit_fails_on_a_vulnerability_and_passes_without(vulnerable, code, says):
    server = osv_service(vulnerable)
    try:
        result = audit(f"http://127.0.0.1:{server.server_address[1]}/v1/query")
    finally:
        server.shutdown()

    assert (result.returncode, says in result.stdout) == (code, True), result.stdout


def test_audit_skips_when_the_service_cannot_be_reached():
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    port = server.server_address[1]
    server.server_close()  # nothing listens there now

    result = audit(f"http://127.0.0.1:{port}/v1/query")

    assert result.returncode == 0, result.stdout
    assert "Vulnerability audit SKIPPED" in result.stdout
    assert "ConnectionError" in result.stdout


# The README


def test_readme_commands_exist():
    readme = (REPO_ROOT / "README.md").read_text()
    makefile = (REPO_ROOT / "Makefile").read_text()
    targets = set(re.findall(r"^([\w-]+):", makefile, re.M))
    commands = set(get_commands())

    assert set(re.findall(r"`make ([\w-]+)", readme)) - targets == set()
    assert set(re.findall(r"manage\.py ([\w-]+)", readme)) - commands == set()
    scripts = set(re.findall(r"\bscripts/([\w.-]+)", readme))
    assert {s for s in scripts if not (REPO_ROOT / "scripts" / s).exists()} == set()
    for image in re.findall(r"\]\((docs/screenshots/[\w.-]+)\)", readme):
        assert (REPO_ROOT / image).exists(), image
