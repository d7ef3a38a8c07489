"""deploy/aup.env.example names every variable the settings read, and the README's
configuration table describes each one."""

import re

from tests.helpers import REPO_ROOT

SETTINGS = (REPO_ROOT / "aup_portal" / "settings.py").read_text()
EXAMPLE = (REPO_ROOT / "deploy" / "aup.env.example").read_text()
README = (REPO_ROOT / "README.md").read_text()


def settings_variables() -> set[str]:
    return set(re.findall(r'env(?:_bool|_int|_admins|\.\w+)\(\s*"([A-Z][A-Z0-9_]*)"', SETTINGS))


def test_env_example_lists_every_setting():
    listed = set(re.findall(r"^(?:# )?([A-Z][A-Z0-9_]*)=", EXAMPLE, re.MULTILINE))

    assert sorted(settings_variables() - listed) == []


def test_readme_configuration_table_describes_every_setting():
    described = set(re.findall(r"`([A-Z][A-Z0-9_]*)`", README))

    assert sorted(settings_variables() - described) == []
