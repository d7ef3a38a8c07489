"""Helpers several test modules share."""

import os
import re
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def run_django(argv: list[str], **env: str) -> subprocess.CompletedProcess:
    """Run ``python *argv`` in the repository root with the test runner's environment minus
    every variable the portal's settings read (the test settings set some), plus ``env``."""
    settings_source = (REPO_ROOT / "aup_portal" / "settings.py").read_text()
    portal_variables = re.findall(
        r'env(?:_bool|_int|\.\w+)\(\s*"([A-Z][A-Z0-9_]*)"', settings_source
    )
    dropped = {*portal_variables, "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    child_env = {name: value for name, value in os.environ.items() if name not in dropped}
    return subprocess.run(
        [sys.executable, *argv],
        cwd=REPO_ROOT,
        env={**child_env, **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def sqlite_demo_env(db_file: Path) -> dict[str, str]:
    """The zero-setup demo's environment: DEBUG on, a SQLite file."""
    return {
        "DJANGO_SETTINGS_MODULE": "aup_portal.settings",
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{db_file}",
    }
