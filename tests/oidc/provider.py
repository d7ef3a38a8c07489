"""Fixtures and helpers: a real OpenID Connect provider (tests/oidc_provider/provider.mjs,
the npm package oidc-provider) started once per test process, and the settings pointing at it."""

import re
import socket
import subprocess
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests

from aup_portal import oidc

PROVIDER_DIR = Path(__file__).resolve().parents[1] / "oidc_provider"
CLIENT_ID = "aup-portal"
CLIENT_SECRET = "test-client-secret"  # the provider script's client
PROVIDER_PASSWORD = "district-password"  # every provider test user's password


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def oidc_provider():
    """The provider's issuer URL; `npm ci` in tests/oidc_provider installs it (make test)."""
    if not (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        pytest.fail("Install the test provider first: npm ci --prefix tests/oidc_provider")
    port = free_port()
    process = subprocess.Popen(
        ["node", "provider.mjs", str(port)],
        cwd=PROVIDER_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        line = process.stdout.readline()
        assert line.strip() == "ready", f"the test OIDC provider did not start: {line!r}"
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()


@pytest.fixture
def district_sign_in(settings, oidc_provider):
    """District sign-in on, pointed at the test provider (endpoints by discovery)."""
    settings.OIDC_ISSUER = oidc_provider
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {**directives, "form-action": [*directives["form-action"], oidc_provider]}
    }
    oidc._discover.cache_clear()
    yield oidc_provider
    oidc._discover.cache_clear()


def provider_sign_in(authorization_url: str, login: str) -> str:
    """Signs ``login`` in on the provider's own page over HTTP and returns the portal callback
    path (with code and state) the provider sends the browser back to."""
    session = requests.Session()
    url = authorization_url
    for _hop in range(10):
        response = session.get(url, allow_redirects=False, timeout=10)
        if "/interaction/" in urlsplit(url).path and response.status_code == 200:
            response = session.post(
                url,
                data={"login": login, "password": PROVIDER_PASSWORD},
                allow_redirects=False,
                timeout=10,
            )
        assert response.status_code in (302, 303), response.text
        url = urljoin(url, response.headers["Location"])
        if url.startswith("http://testserver/"):
            return url.removeprefix("http://testserver")
    raise AssertionError("the provider never sent the browser back to the portal")


def start_sign_in(client) -> str:
    """The portal's redirect to the provider's authorization endpoint."""
    response = client.get("/oidc/authenticate/")
    assert response.status_code == 302
    return response["Location"]


def sign_in_through_provider(client, login: str):
    """The whole district sign-in as a browser would do it; the portal's callback response."""
    callback = provider_sign_in(start_sign_in(client), login)
    return client.get(callback)


def state_of(callback: str) -> str:
    return re.search(r"[?&]state=([^&]+)", callback).group(1)
