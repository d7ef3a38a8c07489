"""scripts/check-coverage: the floors make test holds, run on small coverage reports."""

import json

from tests.helpers import REPO_ROOT, run_django

SCRIPT = "scripts/check-coverage"


def measured(missing_lines=(), missing_branches=()):
    return {
        "missing_lines": list(missing_lines),
        "missing_branches": [list(b) for b in missing_branches],
        "summary": {},
    }


def report(percent=95.0, **overrides):
    """A report in coverage's JSON shape where every guarded file is fully covered."""
    guard = ["verified_link_view", "verified_link_view.wrapper", "_verified"]
    guard += ["_link_or_problem", "_mark_verified"]
    files = {
        "roster/access.py": measured(),
        "exceptions/workflow.py": measured(),
        "consent/links.py": measured(),
        "consent/views/parents.py": {
            **measured(missing_lines=[40]),  # a line outside the guard may stay uncovered
            "functions": {name: measured() for name in guard},
        },
    }
    files.update(overrides)
    return {"totals": {"percent_covered": percent}, "files": files}


def check(tmp_path, data):
    path = tmp_path / "coverage.json"
    path.write_text(json.dumps(data))
    return run_django([str(REPO_ROOT / SCRIPT), str(path)])


def test_check_coverage_passes_a_report_that_meets_every_floor(tmp_path):
    result = check(tmp_path, report())

    assert result.returncode == 0, result.stderr
    assert "Coverage 95.00 % (floor 90 %)" in result.stdout


def test_check_coverage_fails_below_90_percent_overall(tmp_path):
    result = check(tmp_path, report(percent=89.99))

    assert result.returncode == 1
    assert result.stderr == "Overall coverage is 89.99 %, below the floor of 90 %.\n"


def test_check_coverage_names_an_uncovered_line_and_branch_of_a_guarded_file(tmp_path):
    data = report(**{"roster/access.py": measured([111], [(110, 111), (112, -1)])})

    result = check(tmp_path, data)

    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "roster/access.py: not covered: lines 111",
        "roster/access.py: not covered: branches 110->111, 112->exit",
    ]


def test_check_coverage_checks_the_guard_functions_and_their_nested_functions(tmp_path):
    data = report()
    data["files"]["consent/views/parents.py"]["functions"]["verified_link_view.wrapper"] = measured(
        [227], [(226, 227)]
    )

    result = check(tmp_path, data)

    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "consent/views/parents.py: verified_link_view.wrapper() not covered: lines 227",
        "consent/views/parents.py: verified_link_view.wrapper() not covered: branches 226->227",
    ]


def test_check_coverage_fails_when_a_guarded_file_or_function_is_gone(tmp_path):
    data = report()
    del data["files"]["consent/links.py"]
    del data["files"]["consent/views/parents.py"]["functions"]["_mark_verified"]

    result = check(tmp_path, data)

    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "consent/links.py was not measured: is the path in scripts/check-coverage right?",
        "consent/views/parents.py: no function _mark_verified(): update scripts/check-coverage.",
    ]
