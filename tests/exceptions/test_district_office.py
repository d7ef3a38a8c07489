"""District-office staff (re-engagement outreach) request exceptions too; their department
head, not a principal, takes the endorsement stage, as the transition table says."""

import pytest

from exceptions import selectors, services, workflow
from exceptions.models import Route, Status
from roster.models import Role
from tests.exceptions.conftest import after_commit, draft, form_data, step
from tests.factories import staff_user


@pytest.fixture
def outreach(db):
    return staff_user(Role.DISTRICT_STAFF, username="outreach", first_name="Tomas")


@pytest.fixture
def department_head(db):
    return staff_user(Role.DEPARTMENT_HEAD, username="outreachhead")


def test_district_staff_request_goes_through_their_department_head_to_approval(
    client, people, outreach, department_head, school_a, school_year, mailoutbox
):
    # Arrange: outreach writes the request on the portal's form.
    client.force_login(outreach)
    response = client.post("/exceptions/new/", form_data(school=school_a.pk))
    request = outreach.exception_requests.get()
    assert (response.status_code, request.route) == (302, Route.DISTRICT)

    # Act
    step(request, outreach, "submit")
    principal_steps = workflow.allowed_transitions(request, people["principal_a"])
    waiting_for_principal = list(selectors.waiting_for(people["principal_a"]))
    waiting_for_head = list(selectors.waiting_for(department_head))
    submitted_mail = [m.to for m in mailoutbox]
    for person, name in [
        (department_head, "endorse"),
        (people["its_reviewer"], "recommend"),
        (people["ceo_office"], "approve"),
    ]:
        step(request, person, name)

    # Assert
    assert (principal_steps, waiting_for_principal, waiting_for_head) == ([], [], [request])
    assert submitted_mail == [["outreachhead@district.example.org"]]
    assert list(request.events.values_list("actor_role", "to_status")) == [
        ("requester", "submitted"),
        ("department_head", "endorsed"),
        ("its_reviewer", "recommended"),
        ("ceo_office", "approved"),
    ]
    assert (request.status, request.program.school) == (Status.APPROVED, school_a)


def test_waiting_label_names_the_department_head(outreach, school_a, school_year):
    request = step(draft(outreach, school_a), outreach, "submit")

    assert request.status_label == "Waiting for the department head"


def test_principal_cannot_endorse_a_district_office_request(
    client, people, outreach, school_a, school_year
):
    # Arrange
    request = step(draft(outreach, school_a), outreach, "submit")
    client.force_login(people["principal_a"])

    # Act
    response = client.post(
        f"/exceptions/{request.pk}/act/",
        {"transition": "endorse", "comment": "", "seen_status": "submitted"},
    )

    # Assert
    request.refresh_from_db()
    assert (response.status_code, request.status) == (403, Status.SUBMITTED)


def test_department_head_cannot_endorse_a_school_request(
    people, department_head, school_a, school_year
):
    # Arrange
    request = step(draft(people["teacher_a"], school_a), people["teacher_a"], "submit")

    # Act
    with pytest.raises(workflow.TransitionRefused) as refused, after_commit():
        services.exception_transition(request_pk=request.pk, by=department_head, name="endorse")

    # Assert
    assert (refused.value.code, list(selectors.waiting_for(department_head))) == ("role", [])


def test_district_staff_see_only_their_own_requests(
    client, people, outreach, school_a, school_year
):
    # Arrange: a teacher's submitted request at school A.
    request = step(draft(people["teacher_a"], school_a), people["teacher_a"], "submit")
    client.force_login(outreach)

    # Act / Assert
    assert client.get(f"/exceptions/{request.pk}/").status_code == 404
    assert client.get("/consent/").status_code == 403


def test_department_heads_queue_lists_the_request_and_its_page_offers_endorse(
    client, outreach, department_head, school_a, school_year
):
    # Arrange
    request = step(draft(outreach, school_a), outreach, "submit")
    client.force_login(department_head)

    # Act
    queue = client.get("/exceptions/")
    page = client.get(f"/exceptions/{request.pk}/").content.decode()

    # Assert
    assert [item.pk for item in queue.context["waiting"].annotated] == [request.pk]
    assert "Waiting for the department head" in queue.content.decode()
    assert 'name="transition" value="endorse"' in page
