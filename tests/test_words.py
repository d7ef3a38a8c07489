"""Role and status words inside a sentence keep their capitals (roster.text.in_sentence)."""

import pytest
from django.template import Context, Template

from exceptions.models import Status
from roster.models import Role
from roster.text import in_sentence


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        (Status.ENDORSED.label, "endorsed, waiting for ITS"),
        (Status.RECOMMENDED.label, "recommended, waiting for the CEO's office"),
        (Role.CEO_OFFICE.label, "CEO's office"),
        (Role.ITS_REVIEWER.label, "ITS reviewer (Director of Information Security)"),
        (Role.PRINCIPAL.label, "principal / school administrator"),
        ("A", "a"),
        ("", ""),
    ],
)
def test_in_sentence_keeps_names_and_acronyms(label, expected):
    assert in_sentence(label) == expected


def test_in_sentence_filter_in_a_template():
    template = Template("{% load words %}The request is {{ status|in_sentence }}.")

    rendered = template.render(Context({"status": Status.ENDORSED.label}))

    assert rendered == "The request is endorsed, waiting for ITS."
