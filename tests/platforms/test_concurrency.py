"""Two people acting on one audit at the same moment: one outcome, one step, one event."""

import pytest

from platforms import services
from platforms.models import Outcome, PlatformStatus
from platforms.workflow import PlatformRefused
from tests.helpers import at_once
from tests.platforms.conftest import NEXT_YEAR, all_meet, register

pytestmark = pytest.mark.django_db(transaction=True)


def test_approve_and_flag_at_once_one_wins(its_reviewer, cio):
    audit = services.audit_start(user=its_reviewer, platform=register(its_reviewer))
    all_meet(audit, its_reviewer)

    outcomes = at_once(
        lambda: services.audit_finish(
            user=its_reviewer, audit=audit, outcome=Outcome.APPROVE, approved_until=NEXT_YEAR
        ),
        lambda: services.audit_finish(user=cio, audit=audit, outcome=Outcome.FLAG, reason="No."),
    )

    platform = audit.platform
    platform.refresh_from_db()
    kinds = sorted(kind for kind, _ in outcomes)
    loser = next(value for kind, value in outcomes if kind == "raised")
    assert kinds == ["raised", "returned"]
    assert isinstance(loser, PlatformRefused)
    assert loser.code == "finished"
    assert platform.status in (PlatformStatus.APPROVED, PlatformStatus.FLAGGED)
    assert platform.events.filter(to_status=platform.status).count() == 1
