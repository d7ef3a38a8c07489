"""Every step refused for the wrong role, the wrong school's principal, the requester
themself, from the wrong state, and for someone who already acted at another stage."""

import pytest

from exceptions import services, workflow
from exceptions.models import ExceptionEvent, Status
from tests.exceptions.conftest import draft, step, walk

# (status the request is in, the step, who may not take it, what they get over HTTP)
REFUSED = [
    ("draft", "submit", "principal_a", 404),
    ("draft", "submit", "its_reviewer", 404),
    ("submitted", "endorse", "teacher_a", 403),  # the requester themself
    ("submitted", "endorse", "principal_b", 404),  # another school's principal
    ("submitted", "endorse", "its_reviewer", 403),
    ("submitted", "endorse", "ceo_office", 403),
    ("submitted", "return", "its_reviewer", 403),
    ("submitted", "decline", "ceo_office", 403),
    ("endorsed", "recommend", "teacher_a", 403),
    ("endorsed", "recommend", "principal_a", 403),  # endorsed already: another stage
    ("endorsed", "recommend", "principal_b", 404),
    ("endorsed", "recommend", "ceo_office", 403),
    ("endorsed", "decline", "principal_a", 403),
    ("recommended", "approve", "teacher_a", 403),
    ("recommended", "approve", "principal_a", 403),
    ("recommended", "approve", "its_reviewer", 403),  # recommended already
    ("recommended", "approve", "cio", 403),
    ("recommended", "return", "cio", 403),
    ("approved", "revoke", "teacher_a", 403),
    ("approved", "revoke", "principal_a", 403),
    ("endorsed", "withdraw", "its_reviewer", 403),
    ("submitted", "withdraw", "principal_a", 403),
    ("submitted", "resubmit", "teacher_a", 302),  # wrong state: a message, nothing changes
    ("submitted", "approve", "ceo_office", 302),
    ("endorsed", "endorse", "principal_a", 302),
    ("recommended", "recommend", "cio", 302),
    ("approved", "approve", "ceo_office", 302),
    ("approved", "submit", "teacher_a", 302),
    ("draft", "endorse", "teacher_a", 302),
]
UNTIL = {
    "submitted": "submit",
    "endorsed": "endorse",
    "recommended": "recommend",
    "approved": "approve",
}


@pytest.mark.parametrize(("status", "name", "person", "http_status"), REFUSED)
def test_step_refused(client, people, school_a, school_year, status, name, person, http_status):
    # Arrange
    request = draft(people["teacher_a"], school_a)
    if status != "draft":
        walk(request, people, until=UNTIL[status])
    events_before = ExceptionEvent.objects.count()
    client.force_login(people[person])

    # Act
    response = client.post(
        f"/exceptions/{request.pk}/act/",
        {"transition": name, "comment": "Because.", "seen_status": status},
    )

    # Assert
    request.refresh_from_db()
    assert (response.status_code, request.status, ExceptionEvent.objects.count()) == (
        http_status,
        status,
        events_before,
    )


@pytest.mark.parametrize(("status", "name", "person", "http_status"), REFUSED)
def test_step_refused_by_the_service_too(
    people, school_a, school_year, status, name, person, http_status
):
    # Arrange: the admin and any other caller go through the same service.
    request = draft(people["teacher_a"], school_a)
    if status != "draft":
        walk(request, people, until=UNTIL[status])

    # Act / Assert
    with pytest.raises(workflow.TransitionRefused):
        services.exception_transition(
            request_pk=request.pk, by=people[person], name=name, comment="x"
        )


def test_administrator_cannot_take_two_stages_of_one_request(people, school_a, school_year):
    # Arrange: the administrator holds every role, but acts once per request.
    request = walk(draft(people["teacher_a"], school_a), people, until="submit")
    step(request, people["administrator"], "endorse")

    # Act
    steps = [t.name for t in workflow.allowed_transitions(request, people["administrator"])]

    # Assert
    assert (request.status, steps) == (Status.ENDORSED, [])


def test_requester_who_is_principal_cannot_endorse_own_request(
    people, principal_a, school_a, school_year
):
    # Arrange
    request = draft(principal_a, school_a)
    step(request, principal_a, "submit")

    # Act
    steps = [t.name for t in workflow.allowed_transitions(request, principal_a)]

    # Assert
    assert steps == ["withdraw"]


def test_transition_table_has_one_role_per_step():
    # Assert: the table is the route of the issue, literally: a district-office employee's
    # request is endorsed by their department head, a school's by its principal.
    table = [
        (
            t.source.value,
            t.name,
            t.target.value if t.target else None,
            str(t.allowed),
            t.route and t.route.value,
            t.needs_confirmation,
        )
        for t in workflow.TRANSITIONS
    ]
    assert table == [
        ("draft", "submit", "submitted", "requester", None, False),
        ("submitted", "endorse", "endorsed", "endorse_exception", "school", False),
        ("submitted", "return", "returned", "endorse_exception", "school", False),
        ("submitted", "decline", "declined", "endorse_exception", "school", True),
        ("submitted", "endorse", "endorsed", "endorse_district_exception", "district", False),
        ("submitted", "return", "returned", "endorse_district_exception", "district", False),
        ("submitted", "decline", "declined", "endorse_district_exception", "district", True),
        ("endorsed", "recommend", "recommended", "review_exception", None, False),
        ("endorsed", "return", "returned", "review_exception", None, False),
        ("endorsed", "decline", "declined", "review_exception", None, True),
        ("recommended", "approve", "approved", "decide_exception", None, False),
        ("recommended", "return", "returned", "decide_exception", None, False),
        ("recommended", "decline", "declined", "decide_exception", None, True),
        ("returned", "resubmit", None, "requester", None, False),
        ("draft", "delete", "deleted", "requester", None, True),
        ("submitted", "withdraw", "withdrawn", "requester", None, True),
        ("endorsed", "withdraw", "withdrawn", "requester", None, True),
        ("recommended", "withdraw", "withdrawn", "requester", None, True),
        ("returned", "withdraw", "withdrawn", "requester", None, True),
        ("approved", "revoke", "revoked", "revoke_exception", None, True),
        # Annual re-attestation: "yes" starts a renewal that skips endorsement.
        ("approved", "reattest", "approved", "requester", None, False),
        ("draft", "renew", "endorsed", "requester", None, False),
        ("approved", "end", "ended", "requester", None, True),
        ("approved", "lapse", "lapsed", "system", None, False),
    ]
    assert [t.name for t in workflow.TRANSITIONS if t.prepares_parent_text] == ["recommend"]


@pytest.mark.parametrize(
    ("person", "steps"),
    [
        # Final steps are links to their confirmation page, not buttons.
        ("teacher_a", ["confirm:withdraw"]),
        ("principal_a", ["endorse", "return", "confirm:decline"]),
        ("principal_b", None),
        ("its_reviewer", []),
        ("ceo_office", []),
    ],
)
def test_detail_shows_only_the_steps_the_viewer_may_take(
    client, people, school_a, school_year, person, steps
):
    # Arrange
    request = walk(draft(people["teacher_a"], school_a), people, until="submit")
    client.force_login(people[person])

    # Act
    response = client.get(f"/exceptions/{request.pk}/")

    # Assert
    if steps is None:
        assert response.status_code == 404
        return
    page = response.content.decode()
    shown = [name for name in workflow.NAMES if f'name="transition" value="{name}"' in page]
    shown += [
        f"confirm:{name}"
        for name in workflow.NAMES
        if f'href="/exceptions/{request.pk}/confirm/{name}/"' in page
    ]
    assert sorted(shown) == sorted(steps)


def test_refusal_names_its_reason_by_code(people, school_a, school_year):
    # Arrange
    request = walk(draft(people["teacher_a"], school_a), people, until="submit")

    # Act
    with pytest.raises(workflow.TransitionRefused) as refused:
        services.exception_transition(
            request_pk=request.pk, by=people["teacher_a"], name="endorse", comment="x"
        )

    # Assert
    assert (refused.value.code, refused.value.forbidden, refused.value.message) == (
        "own_request",
        True,
        "Nobody may act on their own request.",
    )
