"""The queues at /exceptions/: each shows the right requests, days waited at the stage with a
highlight past the service level, and runs a fixed number of queries whatever its size."""

import datetime
import re

import pytest
import time_machine

from exceptions.selectors import working_days_between
from tests.exceptions.conftest import draft, walk

# (viewer, how far each request goes, queries for the page, the footer's contacts included;
# one for the re-attestations asked of the viewer, and for ITS one for the flagged platforms)
QUEUES = [
    ("teacher_a", "submit", 10),
    ("principal_a", "submit", 11),
    ("its_reviewer", "endorse", 12),
    ("ceo_office", "recommend", 11),
]


@pytest.mark.parametrize(("viewer", "until", "queries"), QUEUES)
@pytest.mark.parametrize("count", [1, 3])
def test_queue_query_count_is_fixed(
    client, people, school_a, school_year, django_assert_num_queries, viewer, until, queries, count
):
    # Arrange
    for _ in range(count):
        walk(draft(people["teacher_a"], school_a), people, until=until)
    client.force_login(people[viewer])

    # Act
    with django_assert_num_queries(queries):
        response = client.get("/exceptions/")

    # Assert
    assert len(set(re.findall(r'href="/exceptions/(\d+)/"', response.content.decode()))) == count


def test_waiting_queue_counts_working_days_and_highlights_overdue(
    client, people, school_a, school_year
):
    # Arrange: submitted on Wednesday, October 14.
    request = walk(draft(people["teacher_a"], school_a), people, until="submit")

    # Act: five working days later (the service level), then six.
    pages = []
    for day in (21, 22):
        with time_machine.travel(datetime.datetime(2026, 10, day, 15, 0, tzinfo=datetime.UTC)):
            client.force_login(people["principal_a"])
            page = client.get("/exceptions/").content.decode()
            pages.append(
                (f"{5 if day == 21 else 6} working days" in page, "Past the service level" in page)
            )

    # Assert
    assert (request.status, pages) == ("submitted", [(True, False), (True, True)])


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        (datetime.date(2026, 10, 14), datetime.date(2026, 10, 14), 0),
        (datetime.date(2026, 10, 16), datetime.date(2026, 10, 19), 1),  # Friday to Monday
        (datetime.date(2026, 10, 14), datetime.date(2026, 10, 21), 5),
        (datetime.date(2026, 10, 17), datetime.date(2026, 10, 18), 0),  # a weekend
    ],
)
def test_working_days_between(start, end, days):
    assert working_days_between(start, end) == days


def test_queue_refused_to_content_editor(client, content_editor):
    # Arrange
    client.force_login(content_editor)

    # Act / Assert
    assert (client.get("/exceptions/").status_code, client.get("/exceptions/new/").status_code) == (
        403,
        403,
    )


def test_queue_shows_other_schools_requests_only_to_district_roles(
    client, people, school_a, school_b, school_year
):
    # Arrange
    walk(draft(people["teacher_a"], school_a), people, until="submit")
    client.force_login(people["principal_b"])

    # Act
    page = client.get("/exceptions/").content.decode()

    # Assert
    assert ("Robotics team travel texts" in page, "Nothing is waiting for you." in page) == (
        False,
        True,
    )


# persona: (/exceptions/, /exceptions/new/)
PAGE_STATUSES = {
    "principal_a": (200, 200),
    "principal_b": (200, 200),
    "teacher_a": (200, 200),
    "its_reviewer": (200, 403),
    "cio": (200, 403),
    "ceo_office": (200, 403),
    "content_editor": (403, 403),
    "administrator": (200, 200),
}


@pytest.mark.django_db
def test_exception_pages_for_every_role(client, persona, school_a, school_year):
    # Arrange
    name, user = persona
    client.force_login(user)

    # Act
    statuses = (client.get("/exceptions/").status_code, client.get("/exceptions/new/").status_code)

    # Assert
    assert statuses == PAGE_STATUSES[name]


def test_exception_pages_send_anonymous_to_sign_in(client):
    # Act
    responses = [client.get(url) for url in ("/exceptions/", "/exceptions/new/", "/exceptions/1/")]

    # Assert
    assert [(r.status_code, r.url.split("?")[0]) for r in responses] == [
        (302, "/accounts/login/")
    ] * 3
