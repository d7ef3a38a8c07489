"""deploy/gunicorn.conf.py: gunicorn accepts it, trusts forwarded headers only from the proxy
TRUSTED_PROXY_COUNT says is there, and its access log is JSON without a parent's token."""

import datetime
import json
import runpy
import subprocess
import sys
from types import SimpleNamespace

from gunicorn.config import Config

from tests.helpers import REPO_ROOT

CONF = REPO_ROOT / "deploy" / "gunicorn.conf.py"
TOKEN = "tok3n-the-family-keeps-secret"


def conf(monkeypatch, **env):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONF))


def test_gunicorn_check_config_accepts_the_file():
    # Act
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--check-config", "-c", str(CONF), "aup_portal.wsgi"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    # Assert
    assert (result.returncode, result.stderr) == (0, "")


def test_forwarded_headers_trusted_from_no_one_without_a_proxy(monkeypatch):
    settings = conf(monkeypatch, TRUSTED_PROXY_COUNT="0", FORWARDED_ALLOW_IPS="10.0.0.5")

    assert settings["forwarded_allow_ips"] == ""


def test_forwarded_headers_trusted_from_the_proxy(monkeypatch):
    settings = conf(monkeypatch, TRUSTED_PROXY_COUNT="1", FORWARDED_ALLOW_IPS="10.0.0.5")

    assert settings["forwarded_allow_ips"] == "10.0.0.5"


def test_timeout_leaves_a_minute_and_workers_follow_the_environment(monkeypatch):
    settings = conf(monkeypatch, WEB_CONCURRENCY="3")

    assert (settings["workers"], settings["timeout"] >= 60) == (3, True)


def test_access_log_line_is_json_with_the_token_cut_out(monkeypatch, tmp_path):
    # Arrange: gunicorn's own Logger path, writing to a file, with this file's settings.
    settings = conf(monkeypatch)
    config = Config()
    config.set("accesslog", str(tmp_path / "access.log"))
    config.set("access_log_format", settings["access_log_format"])
    logger = settings["logger_class"](config)
    path = f"/consent/sign/{TOKEN}/verify/"
    environ = {
        "REQUEST_METHOD": "POST",
        "RAW_URI": f"{path}?lang=es",
        "PATH_INFO": path,
        "QUERY_STRING": "lang=es",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "10.0.0.5",
        "HTTP_REFERER": f"https://aup.example.org{path}",
        "HTTP_USER_AGENT": 'Mozilla/5.0 "quoted" \\ back',
    }
    response = SimpleNamespace(
        status="302 Found", sent=0, headers=[("X-Request-ID", "0123456789abcdef")]
    )
    request = SimpleNamespace(headers=[("USER-AGENT", environ["HTTP_USER_AGENT"])])

    # Act
    logger.access(response, request, environ, datetime.timedelta(seconds=1, microseconds=5000))

    # Assert
    text = (tmp_path / "access.log").read_text()
    assert TOKEN not in text
    line = json.loads(text)
    assert datetime.datetime.fromisoformat(line.pop("time")).utcoffset() == datetime.timedelta(0)
    assert line == {
        "level": "INFO",
        "logger": "gunicorn.access",
        "request_id": "0123456789abcdef",
        "method": "POST",
        "path": "/consent/sign/<redacted>/verify/",
        "status": "302",
        "bytes": "0",
        "duration_ms": 1005,
        "remote_addr": "10.0.0.5",
        "user_agent": 'Mozilla/5.0 "quoted" \\ back',
    }
