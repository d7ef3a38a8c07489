"""The school's consent dashboard: counts, the student list with filters and CSV, reminders
with their three-day throttle, and the renewal campaign for next school year."""

import csv
import datetime
import io

import pytest

from consent.models import ConsentEvent, ConsentRequest, EventKind, IssueBatch
from consent.services.signing import consent_revoke
from roster.models import RecordAccess
from tests.consent.conftest import make_link, plain_text
from tests.consent.test_records import sign
from tests.factories import (
    GuardianFactory,
    SchoolYearFactory,
    StudentFactory,
    StudentGuardianFactory,
)


def pupil(school, grade=10, email="parent@example.com", **fields):
    student = StudentFactory(school=school, grade=grade, **fields)
    guardian = StudentGuardianFactory(
        student=student, guardian=GuardianFactory(email=email)
    ).guardian
    return student, guardian


@pytest.fixture
def classroom(school_a, bulk_alerts, school_year):
    """Five students of school A in each state: covered, declined, withdrawn, waiting, not asked."""
    states = {}
    for name, homeroom in [
        ("Covered", "10A"),
        ("Declined", "10A"),
        ("Withdrawn", "10B"),
        ("Waiting", "10B"),
        ("Unasked", "10B"),
    ]:
        student, guardian = pupil(school_a, last_name=name, homeroom=homeroom)
        states[name] = (student, guardian)
        if name == "Unasked":
            continue
        link, _token = make_link(
            student=student, guardian=guardian, program=bulk_alerts, school_year=school_year
        )
        if name == "Covered":
            sign(link)
        elif name == "Declined":
            sign(link, decision="decline", student_mobile="")
        elif name == "Withdrawn":
            record = sign(link)
            consent_revoke(record=record, guardian=guardian, reason="No longer wanted")
    return states


def test_dashboard_counts_and_percentage_covered(client, principal_a, classroom):
    client.force_login(principal_a)

    response = client.get("/consent/?program=bulk-alerts")

    # Issued and opened count requests; then students by status: not asked, expired,
    # awaiting answer, asked again, declined, withdrawn, the two countersign columns (not
    # needed by this program), covered (%).
    assert (
        "Bulk text notifications and alerts Grades Pre-K–12 · 5 students "
        "4 0 1 0 1 0 1 1 — — 1 (20%)" in plain_text(response)
    )


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["Covered", "Declined", "Unasked", "Waiting", "Withdrawn"]),
        ({"status": "covered"}, ["Covered"]),
        ({"status": "no_consent"}, ["Unasked"]),
        ({"status": "awaiting_answer"}, ["Waiting"]),
        ({"status": "revoked"}, ["Withdrawn"]),
        ({"homeroom": "10A"}, ["Covered", "Declined"]),
        ({"q": "withdr"}, ["Withdrawn"]),
    ],
)
def test_dashboard_student_list_filters(client, principal_a, classroom, filters, expected):
    client.force_login(principal_a)

    response = client.get("/consent/", {"program": "bulk-alerts", **filters})

    names = [student.last_name for student in response.context["page"].object_list]
    assert names == expected


def test_dashboard_search_by_student_id(client, principal_a, classroom):
    student, _guardian = classroom["Waiting"]
    client.force_login(principal_a)

    response = client.get("/consent/", {"program": "bulk-alerts", "q": student.student_id})

    assert [s.pk for s in response.context["page"].object_list] == [student.pk]


def test_dashboard_csv_is_exactly_the_filtered_list_and_is_logged(client, principal_a, classroom):
    client.force_login(principal_a)

    response = client.get("/consent/students.csv", {"program": "bulk-alerts", "homeroom": "10B"})

    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [(row["last_name"], row["status"]) for row in rows] == [
        ("Unasked", "Not asked yet"),
        ("Waiting", "Awaiting answer"),
        ("Withdrawn", "Withdrawn"),
    ]
    assert RecordAccess.objects.filter(user=principal_a).count() == 3


@pytest.mark.parametrize("item_count", [1, 3])
def test_dashboard_student_list_query_count_is_fixed(
    client, principal_a, school_a, bulk_alerts, school_year, item_count, django_assert_num_queries
):
    for _ in range(item_count):
        student, guardian = pupil(school_a)
        link, _token = make_link(
            student=student, guardian=guardian, program=bulk_alerts, school_year=school_year
        )
        sign(link)
    client.force_login(principal_a)

    with django_assert_num_queries(17):
        response = client.get("/consent/", {"program": "bulk-alerts"})

    assert len(response.context["page"].object_list) == item_count


def test_dashboard_other_school_code_is_not_found(client, principal_a, school_b, classroom):
    client.force_login(principal_a)

    response = client.get("/consent/", {"school": school_b.code, "program": "bulk-alerts"})

    assert response.status_code == 404


def test_dashboard_its_finds_a_school_by_name(
    client, its_reviewer, school_a, school_b, school_year
):
    client.force_login(its_reviewer)

    response = client.get("/consent/", {"find": "lakefront"})

    assert [s.code for s in response.context["found"]] == [school_b.code]


def test_remind_everyone_skips_guardians_reminded_in_three_days(
    client, principal_a, classroom, mailoutbox, frozen_today, django_capture_on_commit_callbacks
):
    client.force_login(principal_a)
    data = {"school": "1001", "year": "2026-27", "program": "bulk-alerts"}

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post("/consent/remind/", data, follow=True)
        second = client.post("/consent/remind/", data, follow=True)
    frozen_today.shift(datetime.timedelta(days=3, minutes=1))
    client.force_login(principal_a)  # a staff session lasts hours, not days
    with django_capture_on_commit_callbacks(execute=True):
        later = client.post("/consent/remind/", data, follow=True)

    assert "1 reminder queued." in plain_text(first)
    assert "0 reminders queued. 1 skipped: guardian was reminded in the last 3 days." in plain_text(
        second
    )
    assert "1 reminder queued." in plain_text(later)
    # The classroom's answers sent their receipts; what follows them is the reminders.
    reminders = [m for m in mailoutbox if "receipt" not in m.subject]
    assert [m.subject.split(":")[0] for m in reminders] == ["Reminder", "Reminder"]
    assert ConsentEvent.objects.filter(kind=EventKind.REMINDED).count() == 2


def test_remind_one_student(
    client, principal_a, classroom, mailoutbox, django_capture_on_commit_callbacks
):
    student, guardian = classroom["Waiting"]
    client.force_login(principal_a)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/consent/remind/",
            {
                "school": "1001",
                "year": "2026-27",
                "program": "bulk-alerts",
                "student_id": student.student_id,
            },
        )

    assert [m.to for m in mailoutbox if "receipt" not in m.subject] == [[guardian.email]]


def test_remind_refused_for_roles_that_cannot_issue(client, teacher_a, classroom):
    client.force_login(teacher_a)

    response = client.post("/consent/remind/", {"program": "bulk-alerts"})

    assert response.status_code == 403
    assert not ConsentEvent.objects.filter(kind=EventKind.REMINDED).exists()


def test_renewal_asks_covered_students_for_next_year_once(client, principal_a, classroom):
    next_year = SchoolYearFactory(start=2027)
    covered, _guardian = classroom["Covered"]
    client.force_login(principal_a)
    data = {
        "school": "1001",
        "year": "2026-27",
        "program": "bulk-alerts",
        "to_year": next_year.label,
    }

    first = client.post("/consent/renew/", data)
    second = client.post("/consent/renew/", data)

    batches = list(IssueBatch.objects.filter(school_year=next_year).order_by("pk"))
    assert first.status_code == 302
    assert [(b.issued_count, b.skipped, b.scope) for b in batches] == [
        (1, {}, "Renewal of 2026-27"),
    ]
    assert second.status_code == 302  # nobody left to ask: a message, no empty batch
    assert list(
        ConsentRequest.objects.filter(school_year=next_year).values_list("student", flat=True)
    ) == [covered.pk]


@pytest.mark.parametrize("active_programs", [1, 3])
def test_dashboard_query_count_is_the_same_for_one_and_three_programs(
    client,
    principal_a,
    classroom,
    safety_meetup,
    reengagement,
    active_programs,
    django_assert_num_queries,
):
    for program in [safety_meetup, reengagement][: 3 - active_programs]:
        program.active = False
        program.save()
    client.force_login(principal_a)

    with django_assert_num_queries(17):
        response = client.get("/consent/", {"program": "bulk-alerts"})

    assert len(response.context["programs"]) == active_programs
