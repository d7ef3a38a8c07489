"""Re-attestation on real threads and connections: two runs of the daily command, or two
"yes" answers, at the same moment ask once and renew once."""

import datetime

import pytest

from exceptions import services, workflow
from exceptions.models import ExceptionEvent, ExceptionRequest
from exceptions.services.reattest import reattest_ask_due
from tests.exceptions.conftest import draft, walk
from tests.factories import SchoolYearFactory
from tests.helpers import at_once

pytestmark = pytest.mark.django_db(transaction=True)

ASK_DAY = datetime.date(2027, 6, 1)  # ten days before the 2026-27 year's last day


@pytest.fixture
def approved(people, school_a, school_year):
    SchoolYearFactory(start=2027)
    return walk(
        draft(people["teacher_a"], school_a, ends_on=datetime.date(2027, 6, 11)), people, "approve"
    )


def test_two_runs_at_once_ask_once(approved):
    outcomes = at_once(
        lambda: reattest_ask_due(today=ASK_DAY), lambda: reattest_ask_due(today=ASK_DAY)
    )

    assert (
        sorted(value for _, value in outcomes),
        ExceptionEvent.objects.filter(request=approved, transition="reattest_asked").count(),
    ) == ([0, 1], 1)


def test_two_yes_answers_at_once_make_one_renewal(approved, people):
    reattest_ask_due(today=ASK_DAY)

    def answer():
        return services.exception_transition(
            request_pk=approved.pk, by=people["teacher_a"], name="reattest"
        )

    outcomes = at_once(answer, answer)

    loser = next(value for kind, value in outcomes if kind == "raised")
    assert (
        sorted(kind for kind, _ in outcomes),
        ExceptionRequest.objects.filter(renews=approved).count(),
        isinstance(loser, workflow.TransitionRefused) and loser.code,
    ) == (["raised", "returned"], 1, "not_available")
