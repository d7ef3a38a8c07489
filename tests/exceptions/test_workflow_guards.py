"""The workflow's own refusals, for callers that skip the page's form: a step without the
comment it needs, a step from another state, a page that showed a status the request never had."""

import pytest
from django.urls import reverse

from exceptions import services, workflow
from exceptions.models import ExceptionEvent, Status
from tests.exceptions.conftest import walk


@pytest.fixture
def submitted(request_draft, people):
    return walk(request_draft, people, until="submit")


def test_act_with_a_status_the_page_never_showed_changes_nothing(client, submitted, people):
    # Arrange
    client.force_login(people["principal_a"])
    events = ExceptionEvent.objects.count()

    # Act
    response = client.post(
        reverse("exceptions:act", args=[submitted.pk]),
        {"transition": "decline", "comment": "", "seen_status": "not-a-status"},
        follow=True,
    )

    # Assert
    submitted.refresh_from_db()
    assert response.status_code == 200
    assert submitted.status == Status.SUBMITTED
    assert ExceptionEvent.objects.count() == events
    [message] = [str(m) for m in response.context["messages"]]
    assert "Nothing was changed; the page shows where it stands now." in message


def test_service_refuses_a_decline_without_a_comment(submitted, people):
    # Arrange
    events = ExceptionEvent.objects.count()

    # Act
    with pytest.raises(workflow.TransitionRefused) as refused:
        services.exception_transition(
            request_pk=submitted.pk, by=people["principal_a"], name="decline", comment="  "
        )

    # Assert
    submitted.refresh_from_db()
    assert refused.value.message == "Say why: a comment is required for this step."
    assert refused.value.forbidden is False
    assert submitted.status == Status.SUBMITTED
    assert ExceptionEvent.objects.count() == events


def test_apply_refuses_a_step_from_another_state(request_draft, people):
    # Arrange: endorsing is a step from "submitted"; the request is still a draft.
    endorse = workflow.transition_for(Status.SUBMITTED, "endorse")

    # Act
    with pytest.raises(workflow.TransitionRefused) as refused:
        workflow.apply(request_draft, people["principal_a"], endorse)

    # Assert
    request_draft.refresh_from_db()
    assert refused.value.message == "The request is not in a state that allows this step."
    assert request_draft.status == Status.DRAFT
    assert not ExceptionEvent.objects.filter(request=request_draft).exists()
