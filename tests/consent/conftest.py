"""Fixtures for consent tests: the standard programs (re-created for transactional tests,
which flush the data migrations' rows), the current school year, and a guardian's link."""

import datetime
import html
import importlib
import re

import pytest

from consent.links import hash_token, new_nonce, token_for_nonce
from consent.models import ConsentFormText, ConsentLink, ConsentRequest, TextingProgram
from tests.factories import (
    SchoolYearFactory,
)

_programs = importlib.import_module("consent.migrations.0002_standard_programs")
_texts = importlib.import_module("consent.migrations.0004_standard_form_texts")


@pytest.fixture(autouse=True)
def _on_the_test_day(frozen_today):
    """Every test here runs on TODAY (tests/conftest.py)."""


def standard_program(slug: str) -> TextingProgram:
    fields = next(p for p in _programs.STANDARD_PROGRAMS if p["slug"] == slug)
    # Migration 0014 marks the safety meet-up program as needing designated staff.
    fields = {**fields, "needs_designation": fields["kind"] == "safety_meetup"}
    program, _ = TextingProgram.objects.get_or_create(slug=slug, defaults=fields)
    title, body = _texts.FORM_TEXTS[slug]
    ConsentFormText.objects.get_or_create(
        program=program, language="en", version=1, defaults={"title": title, "body": body}
    )
    return program


@pytest.fixture
def bulk_alerts(db):
    return standard_program("bulk-alerts")


@pytest.fixture
def safety_meetup(db):
    return standard_program("safety-meetup")


@pytest.fixture
def reengagement(db):
    return standard_program("reengagement")


@pytest.fixture
def previous_year(db):
    return SchoolYearFactory(start=2025)


def make_link(*, student, guardian, program, school_year):
    """An open request with a link for ``guardian``; returns (link, token)."""
    request = ConsentRequest.objects.filter(
        program=program, school_year=school_year, student=student
    ).first() or ConsentRequest.objects.create(
        program=program, school_year=school_year, student=student, school=student.school
    )
    nonce = new_nonce()
    token = token_for_nonce(nonce)
    link = ConsentLink.objects.create(
        request=request, guardian=guardian, nonce=nonce, token_hash=hash_token(token)
    )
    return link, token


@pytest.fixture
def mother_link(family, bulk_alerts, school_year):
    student, mother, _father = family
    return make_link(student=student, guardian=mother, program=bulk_alerts, school_year=school_year)


def verify(client, token, dob=datetime.date(2010, 5, 17)):
    return client.post(
        f"/consent/sign/{token}/", {"month": dob.month, "day": dob.day, "year": dob.year}
    )


GRANT = {
    "decision": "grant",
    "student_mobile": "773-555-0142",
    "relationship": "mother",
    "signer_name": "Rosa Lopez",
    "esign_agreed": "on",
}


def answer(client, token, form_text_pk, **fields):
    return client.post(
        f"/consent/sign/{token}/answer/", {"form_text": form_text_pk, **GRANT, **fields}
    )


def page_text(response) -> str:
    """The page's HTML with entities decoded and spaces collapsed, to read like the page."""
    return " ".join(html.unescape(response.content.decode()).split())


def plain_text(response) -> str:
    """The page's words without markup, spaces collapsed."""
    words = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.unescape(words).split())
