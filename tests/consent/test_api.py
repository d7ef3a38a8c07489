"""The texting system's JSON API: key authentication (missing, wrong, revoked, right), the
per-key rate limit, the coverage answer, the covered list with its log rows, and key admin."""

import hashlib
import json

import pytest
from django.core.cache import cache

from consent.models import TextingSystemKey
from consent.services.keys import texting_key_create, texting_key_revoke
from roster.models import AccessPurpose, RecordAccess
from tests.consent.test_check import signed
from tests.factories import StudentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_counters():
    # The counters live in the (per-process, in-memory) cache: start every test at zero.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_key(its_reviewer):
    row, key = texting_key_create(name="District alerts", created_by=its_reviewer)
    return row, key


def call(client, url, key=None, **params):
    """The answer, read whole (a streamed one too, so that its queries count here)."""
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    response = client.get(url, params, headers=headers)
    if response.streaming:
        body = b"".join(response.streaming_content)
        response.json = lambda: json.loads(body)
    return response


def coverage_url(student_id):
    return f"/consent/api/v1/students/{student_id}/coverage"


COVERED_URL = "/consent/api/v1/programs/bulk-alerts/covered"
UNAUTHORIZED = {
    "error": "unauthorized",
    "detail": "Send a valid API key as 'Authorization: Bearer <key>'.",
}


def test_api_key_is_stored_only_as_its_hash(api_key):
    row, key = api_key

    stored = TextingSystemKey.objects.get(pk=row.pk)
    assert (stored.key_hash, stored.prefix) == (hashlib.sha256(key.encode()).hexdigest(), key[:12])
    assert key not in str(TextingSystemKey.objects.values().get(pk=row.pk))


@pytest.mark.parametrize(
    "authorization",
    [None, "", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer aupk_not-a-real-key", "Token x"],
)
def test_api_refuses_missing_or_wrong_key(client, api_key, student_a, bulk_alerts, authorization):
    headers = {"Authorization": authorization} if authorization is not None else {}

    response = client.get(coverage_url(student_a.student_id), headers=headers)

    assert (response.status_code, response.json()) == (401, UNAUTHORIZED)
    assert response["WWW-Authenticate"] == 'Bearer realm="aup-portal"'
    assert RecordAccess.objects.count() == 0


def test_api_refuses_revoked_key(client, api_key, student_a, bulk_alerts):
    row, key = api_key
    assert texting_key_revoke(key=row) is True

    response = call(client, coverage_url(student_a.student_id), key)

    assert (response.status_code, response.json()) == (401, UNAUTHORIZED)
    assert texting_key_revoke(key=row) is False


def test_api_refuses_session_user_without_key(client, its_reviewer, student_a, bulk_alerts):
    client.force_login(its_reviewer)

    response = call(client, coverage_url(student_a.student_id))

    assert response.status_code == 401


def test_api_coverage_answers_with_right_key(
    client, api_key, student_a, bulk_alerts, safety_meetup, school_year
):
    row, key = api_key
    signed(student_a, bulk_alerts, school_year)

    response = call(client, coverage_url(student_a.student_id), key)

    assert response.status_code == 200
    assert response["Cache-Control"] == ("max-age=0, no-cache, no-store, must-revalidate, private")
    assert response.json() == {
        "student_id": student_a.student_id,
        "school_code": "1001",
        "date": "2026-10-14",
        "staff": None,
        "programs": [
            {
                "program": "bulk-alerts",
                "name": "Bulk text notifications and alerts",
                "allowed": True,
                "reason_code": "covered",
                "status": "Covered",
                "reason": "Covered: a parent or guardian granted consent for this school year.",
                "designated_staff_only": False,
                "activity": None,
            },
            {
                "program": "safety-meetup",
                "name": "Safety meet-up communications",
                "allowed": False,
                "reason_code": "no_consent",
                "status": "Not asked yet",
                "reason": "No consent on file for this school year.",
                "designated_staff_only": True,
                "activity": None,
            },
            {
                "program": "reengagement",
                "name": "Re-engagement programs",
                "allowed": False,
                "reason_code": "no_consent",
                "status": "Not asked yet",
                "reason": "No consent on file for this school year.",
                "designated_staff_only": False,
                "activity": None,
            },
        ],
    }
    assert TextingSystemKey.objects.get(pk=row.pk).last_used_at is not None


def test_api_coverage_is_logged_with_the_system(client, api_key, student_a, bulk_alerts):
    _row, key = api_key

    call(client, coverage_url(student_a.student_id), key)

    assert list(RecordAccess.objects.values_list("student", "user", "system", "purpose")) == [
        (student_a.pk, None, "District alerts", AccessPurpose.TEXTING_CHECK)
    ]


@pytest.mark.parametrize("student_id", ["99999999", "12ab", "x" * 40])
def test_api_coverage_unknown_or_malformed_student_is_404(client, api_key, bulk_alerts, student_id):
    _row, key = api_key

    response = call(client, coverage_url(student_id), key)

    assert (response.status_code, response.json()["error"]) == (404, "not_found")


def test_api_refuses_post(client, api_key, student_a):
    _row, key = api_key

    response = client.post(
        coverage_url(student_a.student_id), headers={"Authorization": f"Bearer {key}"}
    )

    assert response.status_code == 405


def test_api_rate_limit_answers_429_with_retry_after(
    client, api_key, its_reviewer, student_a, bulk_alerts, settings, frozen_today
):
    settings.TEXTING_API_RATE_PER_MINUTE = 3
    _row, key = api_key
    _other_row, other_key = texting_key_create(name="Other system", created_by=its_reviewer)
    frozen_today.move_to("2026-10-14T15:00:20Z", tick=False)

    statuses = [call(client, coverage_url(student_a.student_id), key).status_code for _ in range(3)]
    refused = call(client, coverage_url(student_a.student_id), key)
    other = call(client, coverage_url(student_a.student_id), other_key)
    frozen_today.move_to("2026-10-14T15:01:00Z", tick=False)
    next_minute = call(client, coverage_url(student_a.student_id), key)

    assert statuses == [200, 200, 200]
    assert (refused.status_code, refused["Retry-After"], refused.json()) == (
        429,
        "40",
        {
            "error": "rate_limited",
            "detail": "More than 3 calls this minute; retry in 40 seconds.",
        },
    )
    assert (other.status_code, next_minute.status_code) == (200, 200)
    assert RecordAccess.objects.count() == 5  # refused calls read nothing


def test_api_covered_lists_students_and_logs_release(
    client, api_key, school_a, school_b, bulk_alerts, school_year
):
    _row, key = api_key
    maya = StudentFactory(school=school_a, grade=10, first_name="Maya", last_name="Lopez")
    signed(
        maya,
        bulk_alerts,
        school_year,
        student_mobile="+17735550142",
        parent_mobile="+17735550199",
        duplicate_alerts=True,
    )
    signed(StudentFactory(school=school_b, grade=10), bulk_alerts, school_year)

    response = call(client, COVERED_URL, key, school="1001")

    assert response.json() == {
        "program": "bulk-alerts",
        "school_code": "1001",
        "date": "2026-10-14",
        "count": 1,
        "students": [
            {
                "student_id": maya.student_id,
                "first_name": "Maya",
                "last_name": "Lopez",
                "grade": 10,
                "school_code": "1001",
                "school_name": "Northside Community Academy",
                "student_mobile": "+17735550142",
                "parent_mobile": "+17735550199",
            }
        ],
    }
    assert list(RecordAccess.objects.values_list("student", "system", "purpose", "action")) == [
        (
            maya.pk,
            "District alerts",
            AccessPurpose.TEXTING_EXPORT,
            "exported for Bulk text notifications and alerts (1 students)",
        )
    ]


@pytest.mark.parametrize(
    ("url", "params", "status", "error"),
    [
        (COVERED_URL, {}, 400, "school_required"),
        (COVERED_URL, {"school": "0000"}, 404, "not_found"),
        ("/consent/api/v1/programs/nope/covered", {"school": "1001"}, 404, "not_found"),
    ],
)
def test_api_covered_bad_input(client, api_key, school_a, bulk_alerts, url, params, status, error):
    _row, key = api_key

    response = call(client, url, key, **params)

    assert (response.status_code, response.json()["error"]) == (status, error)


@pytest.mark.parametrize("students", [1, 3])
def test_api_covered_query_count(
    client, api_key, school_a, bulk_alerts, school_year, students, django_assert_num_queries
):
    _row, key = api_key
    for _ in range(students):
        signed(StudentFactory(school=school_a, grade=10), bulk_alerts, school_year)

    with django_assert_num_queries(8):
        response = call(client, COVERED_URL, key, school="1001")

    assert response.json()["count"] == students


# --- The admin ----------------------------------------------------------------------------


def test_admin_creates_key_and_shows_it_once(client, its_reviewer):
    client.force_login(its_reviewer)

    response = client.post(
        "/admin/consent/textingsystemkey/add/", {"name": "Blackboard Connect"}, follow=True
    )

    row = TextingSystemKey.objects.get()
    shown = [str(m) for m in response.context["messages"] if "shown only this once" in str(m)]
    assert len(shown) == 1
    key = shown[0].split(" is ", 1)[1].split(" ", 1)[0]
    assert (row.name, row.created_by, row.key_hash) == (
        "Blackboard Connect",
        its_reviewer,
        hashlib.sha256(key.encode()).hexdigest(),
    )
    assert (
        key not in client.get(f"/admin/consent/textingsystemkey/{row.pk}/change/").content.decode()
    )


def test_admin_revokes_keys(client, its_reviewer, api_key):
    row, _key = api_key
    client.force_login(its_reviewer)

    client.post(
        "/admin/consent/textingsystemkey/",
        {"action": "revoke_keys", "_selected_action": [row.pk]},
    )

    assert TextingSystemKey.objects.get(pk=row.pk).revoked_at is not None


KEY_ADMINS = {"its_reviewer", "cio", "administrator"}


def test_admin_key_pages_open_only_for_its(client, persona):
    name, user = persona
    client.force_login(user)

    response = client.get("/admin/consent/textingsystemkey/add/")

    assert response.status_code == (
        200 if name in KEY_ADMINS else 403 if name == "content_editor" else 302
    )


@pytest.mark.parametrize("programs", [1, 3])
def test_api_coverage_query_count(
    client,
    api_key,
    student_a,
    bulk_alerts,
    safety_meetup,
    reengagement,
    school_year,
    programs,
    django_assert_num_queries,
):
    # The rule for every program the student's school offers at once: the same number of
    # queries for 1 and 3 programs (the answer itself: one query, consent.coverage).
    _row, key = api_key
    for program in [safety_meetup, reengagement][: 3 - programs]:
        program.active = False
        program.save()
    for program in [bulk_alerts, safety_meetup, reengagement][:programs]:
        signed(student_a, program, school_year)

    # Fixed whatever the number of programs.
    with django_assert_num_queries(6):
        response = call(client, coverage_url(student_a.student_id), key)

    assert len(response.json()["programs"]) == programs
    assert response.json()["programs"][0]["allowed"] is True
