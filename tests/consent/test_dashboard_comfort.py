"""The dashboard's student list: names link to the student's record, and a "last reminded"
column read from the reminder events, without a query per row."""

import datetime
import re

import pytest
import time_machine
from django.utils import timezone

from tests.consent.conftest import make_link
from tests.consent.test_dashboard import pupil


@pytest.fixture
def waiting(school_a, bulk_alerts, school_year):
    student, guardian = pupil(school_a, last_name="Waiting")
    make_link(student=student, guardian=guardian, program=bulk_alerts, school_year=school_year)
    return student


def student_row(response, student) -> str:
    page = response.content.decode()
    start = page.index(f"/consent/students/{student.student_id}/")
    return page[start : page.index("</tr>", start)]


def test_student_name_links_to_their_record(client, principal_a, waiting):
    client.force_login(principal_a)

    response = client.get("/consent/", {"program": "bulk-alerts"})
    record = client.get(f"/consent/students/{waiting.student_id}/")

    assert f'href="/consent/students/{waiting.student_id}/">Waiting, ' in (
        response.content.decode()
    )
    assert record.status_code == 200


def test_last_reminded_is_empty_until_a_reminder_then_shows_its_day(
    client, principal_a, waiting, school_a, school_year
):
    client.force_login(principal_a)
    before = client.get("/consent/", {"program": "bulk-alerts"})

    client.post(
        "/consent/remind/",
        {"school": school_a.code, "year": school_year.label, "program": "bulk-alerts"},
    )
    after = client.get("/consent/", {"program": "bulk-alerts"})

    today = timezone.localdate()
    assert "<time" not in student_row(before, waiting)
    assert re.search(
        rf'data-label="Last reminded"><time datetime="{today.isoformat()}T[^"]+">'
        rf"{today:%b} {today.day}</time>",
        student_row(after, waiting),
    )


def test_last_reminded_shows_the_newest_reminder_of_this_program_only(
    client, principal_a, waiting, school_a, school_year, safety_meetup
):
    """A reminder for another program does not show; of two reminders, the newer shows."""
    make_link(
        student=waiting,
        guardian=waiting.guardians.first(),
        program=safety_meetup,
        school_year=school_year,
    )
    data = {"school": school_a.code, "year": school_year.label}
    first = timezone.now()
    client.force_login(principal_a)
    client.post("/consent/remind/", {**data, "program": "bulk-alerts"})
    shown = []
    for days, program in [(4, "safety-meetup"), (8, "bulk-alerts")]:
        with time_machine.travel(first + datetime.timedelta(days=days)):
            client.force_login(principal_a)
            client.post("/consent/remind/", {**data, "program": program})
            row = student_row(client.get("/consent/", {"program": "bulk-alerts"}), waiting)
            shown.append(re.search(r"<time[^>]*>([^<]+)</time>", row).group(1))

    day = [timezone.localtime(first + datetime.timedelta(days=d)).date() for d in (0, 8)]
    assert shown == [f"{d:%b} {d.day}" for d in day]


@pytest.mark.parametrize("item_count", [1, 3])
def test_dashboard_list_with_reminders_query_count_is_fixed(
    client,
    principal_a,
    school_a,
    bulk_alerts,
    school_year,
    item_count,
    django_assert_num_queries,
):
    for _ in range(item_count):
        student, guardian = pupil(school_a)
        make_link(student=student, guardian=guardian, program=bulk_alerts, school_year=school_year)
    client.force_login(principal_a)
    client.post(
        "/consent/remind/",
        {"school": school_a.code, "year": school_year.label, "program": "bulk-alerts"},
    )

    with django_assert_num_queries(14):
        response = client.get("/consent/", {"program": "bulk-alerts"})

    assert [s.last_reminded_at is not None for s in response.context["page"].object_list] == [
        True
    ] * item_count
