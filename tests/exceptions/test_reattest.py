"""Annual re-attestation (E9): before the school year's last day the requester of an
approved exception that runs to it is asked once; "yes" starts the renewal on the shortened
route of the workflow table, "no" ends it, and an unanswered one lapses after the last day,
its program leaving /guidance/programs/."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from exceptions.models import ExceptionRequest, Status
from exceptions.services import exception_transition
from exceptions.workflow import TransitionRefused
from tests.exceptions.conftest import after_commit, draft, step, walk
from tests.factories import SchoolYearFactory

LAST_DAY = datetime.date(2027, 6, 11)  # of the 2026-27 year (tests/factories.py)


def _at(traveller, day: datetime.date):
    traveller.move_to(datetime.datetime.combine(day, datetime.time(15), tzinfo=datetime.UTC))


def _run():
    with after_commit():
        call_command("exceptions_reattest", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture
def approved(people, school_a, school_year):
    SchoolYearFactory(start=2027)
    return walk(draft(people["teacher_a"], school_a, ends_on=LAST_DAY), people, "approve")


@pytest.fixture
def asked(approved, frozen_today, mailoutbox, settings):
    _at(frozen_today, LAST_DAY - datetime.timedelta(days=settings.EXCEPTION_REATTEST_DAYS))
    mailoutbox.clear()
    _run()
    approved.refresh_from_db()
    return approved


def test_not_asked_before_the_window(approved, frozen_today, mailoutbox, settings):
    days = settings.EXCEPTION_REATTEST_DAYS + 1
    _at(frozen_today, LAST_DAY - datetime.timedelta(days=days))
    mailoutbox.clear()

    _run()

    approved.refresh_from_db()
    assert (approved.reattest_asked_at, len(mailoutbox)) == (None, 0)


def test_asked_once_with_an_email_and_a_task_on_the_list(
    asked, client, people, mailoutbox, frozen_today
):
    frozen_today.shift(datetime.timedelta(days=1))
    _run()  # the next day's run: nothing more

    client.force_login(people["teacher_a"])
    page = client.get("/exceptions/").content.decode()
    assert (
        asked.reattest_asked_at is not None,
        [m.to for m in mailoutbox],
        "Still needed next year?" in mailoutbox[0].subject,
        asked.events.filter(transition="reattest_asked").count(),
        "reattest-heading" in page,
    ) == (True, [[people["teacher_a"].email]], True, 1, True)


def test_exception_ending_before_the_year_end_is_not_asked(
    people, school_a, school_year, frozen_today
):
    early = walk(draft(people["teacher_a"], school_a), people, "approve")  # ends May 28
    _at(frozen_today, LAST_DAY - datetime.timedelta(days=5))

    _run()

    early.refresh_from_db()
    assert early.reattest_asked_at is None


def test_yes_starts_the_renewal_straight_at_its_review(asked, client, people, mailoutbox):
    mailoutbox.clear()
    client.force_login(people["teacher_a"])

    with after_commit():
        client.post(
            f"/exceptions/{asked.pk}/act/",
            {"transition": "reattest", "seen_status": "approved", "comment": ""},
        )

    renewal = ExceptionRequest.objects.get(renews=asked)
    asked.refresh_from_db()
    client.force_login(people["its_reviewer"])
    queue = client.get("/exceptions/").content.decode()
    assert (
        asked.status,
        renewal.status,
        (renewal.starts_on, renewal.ends_on),
        [e.transition for e in renewal.events.all()],
        (renewal.platform, renewal.listed_platform_id, renewal.school_id),
        f'href="/exceptions/{renewal.pk}/"' in queue,
        people["its_reviewer"].email in [m.to[0] for m in mailoutbox],
    ) == (
        Status.APPROVED,
        Status.ENDORSED,
        (datetime.date(2027, 8, 24), datetime.date(2028, 6, 11)),
        ["renew"],
        (asked.platform, asked.listed_platform_id, asked.school_id),
        True,
        True,
    )


def test_yes_twice_makes_one_renewal(asked, client, people):
    client.force_login(people["teacher_a"])
    data = {"transition": "reattest", "seen_status": "approved", "comment": ""}

    client.post(f"/exceptions/{asked.pk}/act/", data)
    client.post(f"/exceptions/{asked.pk}/act/", data)

    assert ExceptionRequest.objects.filter(renews=asked).count() == 1


def test_only_the_requester_answers(asked, client, people):
    client.force_login(people["principal_a"])

    response = client.post(
        f"/exceptions/{asked.pk}/act/",
        {"transition": "reattest", "seen_status": "approved", "comment": ""},
    )

    assert (response.status_code, ExceptionRequest.objects.filter(renews=asked).count()) == (403, 0)


def test_not_asked_means_no_answer(approved, client, people):
    client.force_login(people["teacher_a"])

    page = client.get(f"/exceptions/{approved.pk}/").content.decode()
    client.post(
        f"/exceptions/{approved.pk}/act/",
        {"transition": "reattest", "seen_status": "approved", "comment": ""},
    )

    assert (
        "Yes: still needed" in page,
        ExceptionRequest.objects.filter(renews=approved).count(),
    ) == (
        False,
        0,
    )


def _published(client) -> str:
    return client.get(reverse("guidance:programs")).content.decode()


def test_no_ends_the_exception_and_its_program(asked, client, people):
    client.force_login(people["teacher_a"])
    before = _published(client)

    with after_commit():
        client.post(f"/exceptions/{asked.pk}/confirm/end/", {"seen_status": "approved"})

    asked.refresh_from_db()
    assert (
        asked.program.name in before,
        asked.status,
        asked.program.active,
        asked.program.name in _published(client),
    ) == (True, Status.ENDED, False, False)


def test_unanswered_lapses_after_the_last_day_and_leaves_the_guidance_page(
    asked, client, frozen_today, mailoutbox
):
    _at(frozen_today, LAST_DAY)
    _run()
    asked.refresh_from_db()
    on_last_day = asked.status

    _at(frozen_today, LAST_DAY + datetime.timedelta(days=1))
    _run()
    _run()  # rerun: nothing more

    asked.refresh_from_db()
    assert (
        on_last_day,
        asked.status,
        asked.program.active,
        asked.events.filter(transition="lapse").count(),
        asked.events.get(transition="lapse").actor,
        asked.program.name in _published(client),
    ) == (Status.APPROVED, Status.LAPSED, False, 1, None, False)


def test_renewed_exception_does_not_lapse(asked, frozen_today, people):
    step(asked, people["teacher_a"], "reattest")

    _at(frozen_today, LAST_DAY + datetime.timedelta(days=1))
    _run()

    asked.refresh_from_db()
    assert asked.status == Status.APPROVED


def test_nobody_takes_the_portals_lapse_step_by_hand(asked, frozen_today, people):
    _at(frozen_today, LAST_DAY + datetime.timedelta(days=1))  # when the portal would take it

    with pytest.raises(TransitionRefused) as refused:
        exception_transition(request_pk=asked.pk, by=people["ceo_office"], name="lapse")

    asked.refresh_from_db()
    assert (refused.value.code, refused.value.forbidden, asked.status) == (
        "system_only",
        True,
        Status.APPROVED,
    )
