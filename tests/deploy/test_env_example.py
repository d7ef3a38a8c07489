"""deploy/aup.env.example names every variable the settings read, and the README's
configuration table describes each one."""

import re

from tests.helpers import REPO_ROOT, settings_variables

EXAMPLE = (REPO_ROOT / "deploy" / "aup.env.example").read_text()
README = (REPO_ROOT / "README.md").read_text()


def test_env_example_lists_every_setting():
    listed = set(re.findall(r"^(?:# )?([A-Z][A-Z0-9_]*)=", EXAMPLE, re.MULTILINE))

    assert sorted(settings_variables() - listed) == []


def test_readme_configuration_table_describes_every_setting():
    described = set(re.findall(r"`([A-Z][A-Z0-9_]*)`", README))

    assert sorted(settings_variables() - described) == []
