"""Templates test booleans and enums from the context (``record.is_grant``,
``exception.is_in_review``), never a variable against a string literal: a renamed status
would silently make such a comparison false."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

# A {% if %} / {% elif %} tag with ==/!= next to a quoted string, on either side.
COMPARISON = re.compile(r"""\{%-?\s*(?:el)?if\b[^%]*?(?:(?:==|!=)\s*["']|["']\s*(?:==|!=))""")

# (template, the compared variable): why a string literal is right there.
ALLOWED = {
    ("consent/sign/base.html", "LANGUAGE_CODE"): "Django's active language tag, not our enum",
    ("consent/letters/letter.html", "LANGUAGE_CODE"): "Django's active language tag, not our enum",
    ("faq/_language_switch.html", "LANGUAGE_CODE"): "Django's active language tag, not our enum",
}


def string_comparisons(text: str) -> list[str]:
    return [match.group(0) for match in COMPARISON.finditer(text)]


def test_templates_compare_no_variable_to_a_string():
    offenders = []
    for path in sorted(TEMPLATES.rglob("*")):
        if not path.is_file():
            continue
        name = path.relative_to(TEMPLATES).as_posix()
        for line_number, line in enumerate(path.read_text().splitlines(), start=1):
            for tag in string_comparisons(line):
                if not any(name == where and what in tag for where, what in ALLOWED):
                    offenders.append(f"templates/{name}:{line_number}: {tag}")
    assert offenders == [], "Compare to a property or an enum instead:\n" + "\n".join(offenders)


def test_templates_compare_no_strings_catches_both_quotes_and_sides():
    text = (
        '{% if record.decision == "grant" %}'
        "{% elif step.name != 'return' %}"
        '{% if "draft" == request.status %}'
        "{% if record.is_grant %}{{ a == 'b' }}"
    )

    assert len(string_comparisons(text)) == 3
