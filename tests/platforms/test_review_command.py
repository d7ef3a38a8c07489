"""manage.py platforms_review: approvals past their date become due for re-audit, once."""

import datetime
import io

from django.core.management import call_command

from platforms.models import PlatformStatus
from tests.platforms.conftest import approved


def test_review_moves_past_approvals_once(its_reviewer, frozen_today):
    past = approved(its_reviewer, "Chalkline", "Meridian EdTech", until=datetime.date(2026, 10, 15))
    current = approved(its_reviewer)
    frozen_today.move_to(datetime.datetime(2026, 10, 16, 15, tzinfo=datetime.UTC))
    first, second = io.StringIO(), io.StringIO()

    call_command("platforms_review", stdout=first)
    call_command("platforms_review", stdout=second)

    past.refresh_from_db()
    current.refresh_from_db()
    assert (past.status, current.status) == (PlatformStatus.REAUDIT, PlatformStatus.APPROVED)
    assert past.events.filter(transition="reaudit_due").count() == 1
    assert first.getvalue() == "Approvals past their date, now due for re-audit: 1.\n"
    assert second.getvalue() == "Approvals past their date, now due for re-audit: 0.\n"


def test_review_keeps_an_approval_on_its_last_day(its_reviewer, frozen_today):
    platform = approved(its_reviewer, until=datetime.date(2026, 10, 15))
    frozen_today.move_to(datetime.datetime(2026, 10, 15, 15, tzinfo=datetime.UTC))

    call_command("platforms_review", stdout=io.StringIO())

    platform.refresh_from_db()
    assert platform.status == PlatformStatus.APPROVED
