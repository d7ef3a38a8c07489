"""A decision queues its PDF task in the decision's own transaction (the database queue)."""

import pytest
from django.db import transaction

from exceptions import services
from exceptions.models import ExceptionEvent, Status
from tests.exceptions.conftest import walk


class Abandoned(Exception):
    """Raised after the service returns, to roll its transaction back."""


def _recommended(request_draft, people, queued_tasks):
    request = walk(request_draft, people, until="recommend")
    queued_tasks.delete()  # the route's emails so far
    return request


def _approve(request, people):
    return services.exception_transition(
        request_pk=request.pk, by=people["ceo_office"], name="approve"
    )


def test_decision_queues_its_pdf_task_once(queued_tasks, request_draft, people):
    request = _recommended(request_draft, people, queued_tasks)

    event = _approve(request, people)

    assert sorted((t.task_path, t.args_kwargs["kwargs"]["event_id"]) for t in queued_tasks) == [
        ("exceptions.tasks.file_decision_pdf", event.pk),
        ("exceptions.tasks.notify_transition", event.pk),
    ]


def test_decision_rolled_back_leaves_no_task(queued_tasks, request_draft, people):
    request = _recommended(request_draft, people, queued_tasks)

    with pytest.raises(Abandoned), transaction.atomic():
        _approve(request, people)
        raise Abandoned

    request.refresh_from_db()
    assert request.status == Status.RECOMMENDED
    assert (
        ExceptionEvent.objects.filter(to_status=Status.APPROVED).count(),
        queued_tasks.count(),
    ) == (0, 0)
