"""Two people acting on one request at the same moment, on real threads and connections: the
row lock in exceptions.services lets one win, and the other is told what happened."""

import pytest

from consent.models import TextingProgram
from exceptions import services, workflow
from exceptions.models import ExceptionEvent, Status
from roster.models import Role
from tests.exceptions.conftest import draft, walk
from tests.factories import staff_user
from tests.helpers import at_once

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_ceo_office_approvals_at_once_make_one_transition_and_one_program(
    people, school_a, school_year
):
    # Arrange: two people in the CEO's office open the same recommended request.
    request = walk(draft(people["teacher_a"], school_a), people, until="recommend")
    second_ceo = staff_user(Role.CEO_OFFICE, username="ceo2")

    def approve(user):
        return lambda: services.exception_transition(
            request_pk=request.pk, by=user, name="approve", seen_status=Status.RECOMMENDED
        )

    # Act
    outcomes = at_once(approve(people["ceo_office"]), approve(second_ceo))

    # Assert
    kinds = sorted(kind for kind, _ in outcomes)
    loser = next(value for kind, value in outcomes if kind == "raised")
    request.refresh_from_db()
    assert (
        kinds,
        request.status,
        ExceptionEvent.objects.filter(request=request, to_status=Status.APPROVED).count(),
        TextingProgram.objects.filter(kind="ceo_approved").count(),
    ) == (["raised", "returned"], Status.APPROVED, 1, 1)
    assert isinstance(loser, workflow.TransitionRefused)
    assert loser.code == "moved_meanwhile"
    assert "already moved this request to “Approved”" in loser.message


def test_its_and_cio_recommend_and_decline_at_once_one_wins(people, school_a, school_year):
    # Arrange
    request = walk(draft(people["teacher_a"], school_a), people, until="endorse")

    # Act
    outcomes = at_once(
        lambda: services.exception_transition(
            request_pk=request.pk,
            by=people["its_reviewer"],
            name="recommend",
            seen_status="endorsed",
        ),
        lambda: services.exception_transition(
            request_pk=request.pk,
            by=people["cio"],
            name="decline",
            comment="No.",
            seen_status="endorsed",
        ),
    )

    # Assert
    request.refresh_from_db()
    assert (
        sorted(kind for kind, _ in outcomes),
        ExceptionEvent.objects.filter(request=request, from_status="endorsed").count(),
        request.status in ("recommended", "declined"),
    ) == (["raised", "returned"], 1, True)
