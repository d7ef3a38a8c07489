"""Fixtures for exception tests: the 2026-27 school year on a fixed Wednesday in October, a
request form's fields, and helpers that move a request along the route as its people do."""

import datetime

import pytest
from django.test import TestCase

from exceptions import services
from exceptions.models import ExceptionRequest
from platforms.models import Platform, PlatformStatus


@pytest.fixture(autouse=True)
def _on_the_test_day(frozen_today):
    """Every test here runs on TODAY (tests/conftest.py)."""


def approved_platform(product="Remind", vendor="Remind101"):
    """A platform on the approved list (ITS approves it in the platforms app; E10)."""
    return Platform.objects.create(
        vendor=vendor,
        product=product,
        status=PlatformStatus.APPROVED,
        approved_until=datetime.date(2027, 8, 31),
    )


@pytest.fixture(autouse=True)
def remind(db):
    """The requests here text through Remind, an approved platform, unless a test says not."""
    return approved_platform()


def form_data(**overrides) -> dict:
    """What a teacher types into /exceptions/new/."""
    data = {
        "title": "Robotics team travel texts",
        "lowest_grade": "9",
        "highest_grade": "12",
        "student_count": "24",
        "purpose": "Texting team members about bus times and venue changes at competitions.",
        "why_no_standard_program": "Competitions are not safety meet-ups; students under 9th "
        "grade are not on the team.",
        "platform": "Remind",
        "group_texts_include_parent": "on",
        "copy_staff_district_email": "on",
        "other_texters": "Ms. Rivera, assistant coach",
        "starts_on": "2026-10-19",
        "ends_on": "2027-05-28",
    }
    return {**data, **overrides}


FIELDS = {
    "title": "Robotics team travel texts",
    "lowest_grade": 9,
    "highest_grade": 12,
    "student_count": 24,
    "purpose": "Texting team members about bus times and venue changes at competitions.",
    "why_no_standard_program": "Competitions are not safety meet-ups.",
    "platform": "Remind",
    "group_texts_include_parent": True,
    "copy_staff_district_email": True,
    "other_texters": "",
    "starts_on": datetime.date(2026, 10, 19),
    "ends_on": datetime.date(2027, 5, 28),
}


# What ITS writes for parents when recommending (the step that prepares the form text).
PARENT_TEXT = {
    "parent_title_en": "Permission to text your child: Robotics team travel texts",
    "parent_body_en": "Staff text team members about bus times.\n\nYou may withdraw it.",
    "parent_title_es": "Permiso para enviar mensajes de texto: viajes del equipo de robótica",
    "parent_body_es": "El personal envía mensajes sobre los autobuses.\n\nPuede retirarlo.",
}


def draft(requester, school, **fields) -> ExceptionRequest:
    return services.exception_create(
        requester=requester, school=school, fields={**FIELDS, **fields}
    )


def after_commit():
    """Runs what the code queued for after commit (the emails, the decision PDF) when the
    test's transaction would have committed: tests run inside one that never does."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def step(request, user, name, comment=""):
    parent_text = PARENT_TEXT if name == "recommend" else None
    with after_commit():
        services.exception_transition(
            request_pk=request.pk, by=user, name=name, comment=comment, parent_text=parent_text
        )
    request.refresh_from_db()
    return request


# The people who take each step, by the status the request is in.
ROUTE = [
    ("teacher_a", "submit"),
    ("principal_a", "endorse"),
    ("its_reviewer", "recommend"),
    ("ceo_office", "approve"),
]


def walk(request, people, until: str):
    """Takes the route's steps in order up to and including ``until``."""
    for person, name in ROUTE:
        step(request, people[person], name)
        if name == until:
            return request
    raise ValueError(until)


@pytest.fixture
def people(teacher_a, principal_a, principal_b, its_reviewer, cio, ceo_office, administrator):
    return {
        "teacher_a": teacher_a,
        "principal_a": principal_a,
        "principal_b": principal_b,
        "its_reviewer": its_reviewer,
        "cio": cio,
        "ceo_office": ceo_office,
        "administrator": administrator,
    }


@pytest.fixture
def request_draft(teacher_a, school_a, school_year):
    return draft(teacher_a, school_a)
