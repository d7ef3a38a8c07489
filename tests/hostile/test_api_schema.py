"""The texting system's API against its own OpenAPI description (consent/openapi.py), fuzzed
by schemathesis through the project's WSGI application: every generated call, with the key
and without, answers within the description (status, JSON body, headers) and never 5xx."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from consent import openapi
from consent.services.keys import texting_key_create
from tests.consent.conftest import make_link, standard_program
from tests.consent.test_records import sign
from tests.factories import StudentFactory, StudentGuardianFactory

# The description (checked below to be what the URL serves), called through the project's
# WSGI application in this process, so the calls see the test's database transaction.
schema = schemathesis.openapi.from_dict(openapi.description())
schema.app = get_wsgi_application()


@pytest.fixture
def world(db, frozen_today, school_a, school_year, its_reviewer, school_b):
    """The covered student the description's examples name (60012345 at school 1001); the
    test's database connection kept open
    between calls as the Django test client does (a request's end would close it)."""
    student = StudentFactory(school=school_a, grade=10, student_id="60012345")
    mother = StudentGuardianFactory(student=student).guardian
    link, _token = make_link(
        student=student,
        guardian=mother,
        program=standard_program("bulk-alerts"),
        school_year=school_year,
    )
    sign(link)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_key(its_reviewer, settings):
    settings.TEXTING_API_RATE_PER_MINUTE = 100_000  # the fuzz is about answers, not the limit
    return texting_key_create(name="Fuzz", created_by=its_reviewer)[1]


@schema.parametrize()
@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,  # the same calls on every run; raise max_examples to explore
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_answers_as_its_description_says(world, case, api_key):
    case.call_and_validate(headers={"Authorization": f"Bearer {api_key}"})


def test_description_is_served_as_json(client, db):
    response = client.get("/consent/api/v1/openapi.json")

    assert response.status_code == 200
    assert response.json() == openapi.description()
    assert set(response.json()["paths"]) == {
        "/consent/api/v1/students/{student_id}/coverage",
        "/consent/api/v1/programs/{slug}/covered",
    }
