"""Exceptions tied to platforms (E10): the request chooses its platform from the approved list
(or "not listed"), ITS cannot recommend while it is unapproved, and a platform losing its
approval flags the approved exceptions (and their programs) that use it, for ITS."""

import datetime

import pytest
from django.db import transaction

from exceptions.models import ExceptionEvent, Status
from exceptions.services import platform_flags
from platforms.models import Platform, PlatformStatus
from platforms.signals import approval_lost
from tests.exceptions.conftest import after_commit, draft, form_data, step, walk


@pytest.fixture
def zephyr(db):
    """A product a school named, still under audit."""
    return Platform.objects.create(
        vendor="Zephyr Labs", product="Zephyr Chat", status=PlatformStatus.UNDER_AUDIT
    )


def _approve(platform):
    """What ITS's approval in the platforms app leaves behind."""
    platform.status = PlatformStatus.APPROVED
    platform.approved_until = datetime.date(2027, 8, 31)
    platform.save()


def _lose_approval(platform, actor, reason="Encryption at rest does not meet the standard."):
    """As the platforms workflow does: the status changes and the signal is sent in the
    same transaction."""
    with after_commit(), transaction.atomic():
        platform.status = PlatformStatus.FLAGGED
        platform.save()
        approval_lost.send(sender=Platform, platform=platform, actor=actor, reason=reason)


def test_form_offers_only_approved_platforms_and_not_listed(
    client, teacher_a, school_a, school_year, remind, zephyr
):
    client.force_login(teacher_a)

    page = client.get("/exceptions/new/").content.decode()

    assert (
        "Remind (Remind101)</option>" in page,
        "Zephyr Chat" in page,
        "Not listed — needs an audit" in page,
    ) == (True, False, True)


def test_not_listed_requires_a_product_name_and_keeps_the_input(
    client, teacher_a, school_a, school_year
):
    client.force_login(teacher_a)

    response = client.post(
        "/exceptions/new/",
        form_data(school=school_a.pk, listed_platform="", platform=""),
    )

    form = response.context["form"]
    assert (response.status_code, list(form.errors), form["title"].value()) == (
        200,
        ["platform"],
        "Robotics team travel texts",
    )


def test_listed_platform_is_saved_with_its_name(client, teacher_a, school_a, school_year, remind):
    client.force_login(teacher_a)

    client.post(
        "/exceptions/new/",
        form_data(school=school_a.pk, listed_platform=remind.pk, platform="whatever"),
    )

    saved = teacher_a.exception_requests.get()
    assert (saved.listed_platform, saved.platform) == (remind, "Remind")


def test_its_cannot_recommend_until_the_platform_is_approved(
    client, people, school_a, school_year, zephyr
):
    request = walk(draft(people["teacher_a"], school_a, platform="Zephyr Chat"), people, "endorse")
    client.force_login(people["its_reviewer"])

    page = client.get(f"/exceptions/{request.pk}/").content.decode()
    refused = client.post(
        f"/exceptions/{request.pk}/act/",
        {"transition": "recommend", "seen_status": "endorsed", "comment": ""},
        follow=True,
    ).content.decode()
    request.refresh_from_db()
    status_while_unapproved = request.status
    _approve(zephyr)
    step(request, people["its_reviewer"], "recommend")

    assert (
        'value="recommend" class="btn btn-primary" disabled' in page,
        "is not on the approved platforms list" in page,
        "is not on the approved platforms list" in refused,
        status_while_unapproved,
        request.status,
        request.listed_platform,
    ) == (True, True, True, Status.ENDORSED, Status.RECOMMENDED, zephyr)


@pytest.fixture
def approved(people, school_a, school_year):
    return walk(draft(people["teacher_a"], school_a), people, "approve")


def test_losing_approval_flags_approved_exceptions_and_emails_once(
    approved, people, remind, mailoutbox, school_a
):
    mailoutbox.clear()

    _lose_approval(remind, people["its_reviewer"])
    _lose_approval(remind, people["its_reviewer"], "Again")  # a second signal: no new flag

    approved.refresh_from_db()
    flags = ExceptionEvent.objects.filter(request=approved, transition="platform_flagged")
    assert (
        approved.status,
        approved.is_platform_flagged,
        approved.platform_flag_reason,
        approved.platform_flag_emailed_at is not None,
        flags.count(),
        sorted(m.to[0] for m in mailoutbox),
    ) == (
        Status.APPROVED,
        True,
        "Encryption at rest does not meet the standard.",
        True,
        1,
        sorted([people["teacher_a"].email, people["principal_a"].email]),
    )
    assert "no longer on the district's approved platforms list" in mailoutbox[0].body
    # The task run again (a retry) sends nothing more.
    assert not platform_flags.platform_flag_mark_emailed(request_pk=approved.pk, send=print)


def test_losing_approval_leaves_other_platforms_and_open_requests_alone(
    people, school_a, school_year, remind, zephyr
):
    in_review = walk(draft(people["teacher_a"], school_a), people, "endorse")
    _approve(zephyr)
    other = walk(draft(people["teacher_a"], school_a, platform="Zephyr Chat"), people, "approve")

    _lose_approval(remind, people["its_reviewer"])

    in_review.refresh_from_db()
    other.refresh_from_db()
    assert (in_review.is_platform_flagged, other.is_platform_flagged) == (False, False)


def test_its_queue_and_request_page_show_the_flag(client, approved, people, remind):
    _lose_approval(remind, people["its_reviewer"])

    client.force_login(people["its_reviewer"])
    queue = client.get("/exceptions/").content.decode()
    client.force_login(people["teacher_a"])
    page = client.get(f"/exceptions/{approved.pk}/").content.decode()

    assert ("flagged-heading" in queue, approved.title in queue) == (True, True)
    assert ("Platform no longer approved" in page, "Clear the flag" in page) == (True, False)


def test_clear_flag_only_by_its_once_the_platform_is_approved_again(
    client, approved, people, remind
):
    _lose_approval(remind, people["its_reviewer"])
    url = f"/exceptions/{approved.pk}/clear-flag/"
    client.force_login(people["teacher_a"])
    teacher = client.post(url).status_code
    client.force_login(people["principal_b"])
    other_school = client.post(url).status_code
    client.force_login(people["its_reviewer"])
    too_early = client.post(url, follow=True).content.decode()
    approved.refresh_from_db()
    still_flagged = approved.is_platform_flagged
    button_while_unapproved = (
        "Clear the flag" in client.get(f"/exceptions/{approved.pk}/").content.decode()
    )

    _approve(remind)
    button_once_approved = (
        "Clear the flag" in client.get(f"/exceptions/{approved.pk}/").content.decode()
    )
    client.post(url)

    approved.refresh_from_db()
    assert (teacher, other_school, "is still not approved" in too_early, still_flagged) == (
        403,
        404,
        True,
        True,
    )
    assert (
        button_while_unapproved,
        button_once_approved,
        approved.is_platform_flagged,
        approved.events.filter(transition="flag_cleared").count(),
    ) == (False, True, False, 1)


def test_revoking_a_flagged_exception_ends_its_program(client, approved, people, remind):
    _lose_approval(remind, people["its_reviewer"])

    step(approved, people["its_reviewer"], "revoke", "Platform lost its approval.")

    approved.program.refresh_from_db()
    assert (approved.status, approved.program.active) == (Status.REVOKED, False)
