"""The dashboard's student list across pages: with no status asked, the page's students are
picked by name before their statuses are computed, and the length comes from the counts (no
filter) or from the students alone (filters); the statuses must still be each student's."""

import pytest

from consent.views.dashboard import PAGE_SIZE
from roster.models import RecordAccess
from tests.consent.conftest import make_link
from tests.consent.test_dashboard import pupil
from tests.consent.test_records import sign
from tests.factories import StudentFactory


@pytest.fixture
def many(school_a, bulk_alerts, school_year):
    """PAGE_SIZE + 2 students of school A in grade 10 (names in list order), the last one
    covered and the second last waiting; three in grade 9, never asked."""
    students = [
        StudentFactory(school=school_a, grade=10, last_name=f"Student{n:03d}")
        for n in range(PAGE_SIZE)
    ]
    waiting, guardian = pupil(school_a, last_name="Student998")
    make_link(student=waiting, guardian=guardian, program=bulk_alerts, school_year=school_year)
    covered, guardian = pupil(school_a, last_name="Student999")
    link, _token = make_link(
        student=covered, guardian=guardian, program=bulk_alerts, school_year=school_year
    )
    sign(link)
    nines = [StudentFactory(school=school_a, grade=9, last_name=f"Nine{n}") for n in range(3)]
    return {"students": students, "waiting": waiting, "covered": covered, "nines": nines}


def test_second_page_has_the_last_students_by_name_with_their_statuses(client, principal_a, many):
    client.force_login(principal_a)

    response = client.get("/consent/", {"program": "bulk-alerts", "page": 2})

    page = response.context["page"]
    assert page.paginator.count == PAGE_SIZE + 5
    assert page.paginator.num_pages == 2
    rows = {s.last_name: s.coverage_code for s in page.object_list}
    assert len(page.object_list) == 5
    assert rows["Student998"] == "awaiting_answer"
    assert rows["Student999"] == "covered"
    assert [s.last_name for s in page.object_list] == sorted(rows)


def test_first_page_is_the_first_names_in_order(client, principal_a, many):
    client.force_login(principal_a)

    response = client.get("/consent/", {"program": "bulk-alerts"})

    names = [s.last_name for s in response.context["page"].object_list]
    assert len(names) == PAGE_SIZE
    assert names == sorted(names)
    assert names[:3] == ["Nine0", "Nine1", "Nine2"]
    assert {s.coverage_code for s in response.context["page"].object_list} == {"no_consent"}


def test_a_grade_filter_counts_only_that_grade(client, principal_a, many):
    client.force_login(principal_a)

    response = client.get("/consent/", {"program": "bulk-alerts", "grade": 9})

    page = response.context["page"]
    assert page.paginator.count == 3
    assert [s.last_name for s in page.object_list] == ["Nine0", "Nine1", "Nine2"]


def test_a_status_filter_counts_only_that_status(client, principal_a, many):
    client.force_login(principal_a)

    response = client.get("/consent/", {"program": "bulk-alerts", "status": "covered"})

    page = response.context["page"]
    assert page.paginator.count == 1
    assert [s.last_name for s in page.object_list] == ["Student999"]


def test_students_csv_lists_and_logs_every_student_with_their_status(client, principal_a, many):
    client.force_login(principal_a)

    response = client.get("/consent/students.csv", {"program": "bulk-alerts"})

    lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == 1 + PAGE_SIZE + 5
    assert any(
        line.startswith(f"{many['covered'].student_id},") and ",Covered," in line for line in lines
    )
    assert RecordAccess.objects.filter(user=principal_a).count() == PAGE_SIZE + 5


def test_students_csv_with_a_status_lists_and_logs_only_those_students(client, principal_a, many):
    client.force_login(principal_a)

    response = client.get("/consent/students.csv", {"program": "bulk-alerts", "status": "covered"})

    lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == 2 and lines[1].startswith(f"{many['covered'].student_id},")
    logged = RecordAccess.objects.filter(user=principal_a)
    assert list(logged.values_list("student", flat=True)) == [many["covered"].pk]
