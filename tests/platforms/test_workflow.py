"""The review's transition table: every allowed step, the refusals, the event each step
writes, and ``approval_lost`` whenever a platform leaves approved."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from platforms import services, workflow
from platforms.models import Outcome, PlatformEvent, PlatformStatus
from platforms.signals import approval_lost
from platforms.workflow import PlatformRefused
from tests.platforms.conftest import NEXT_YEAR, all_meet, approved, flagged, register

S = PlatformStatus


@pytest.fixture
def lost():
    """The approval_lost signals sent during the test: (platform pk, actor, reason)."""
    sent = []

    def receiver(sender, platform, actor, reason, **kwargs):
        sent.append((platform.pk, actor, reason))

    approval_lost.connect(receiver)
    yield sent
    approval_lost.disconnect(receiver)


def steps(platform):
    return list(
        PlatformEvent.objects.filter(platform=platform).values_list(
            "transition", "from_status", "to_status"
        )
    )


def test_platform_register_writes_surveyed_event(its_reviewer):
    platform = register(its_reviewer)

    assert (platform.status, steps(platform)) == (S.SURVEYED, [("register", "", S.SURVEYED)])


def test_audit_then_approve_writes_each_step(its_reviewer, lost):
    platform = approved(its_reviewer)

    assert (platform.status, platform.approved_until) == (S.APPROVED, NEXT_YEAR)
    assert steps(platform)[1:] == [
        ("start_audit", S.SURVEYED, S.UNDER_AUDIT),
        ("approve", S.UNDER_AUDIT, S.APPROVED),
    ]
    assert lost == []


def test_flag_remediate_reaudit_approve(its_reviewer):
    platform = flagged(its_reviewer)
    services.remediation_action_add(
        user=its_reviewer, platform=platform, description="Encrypt.", due_on=NEXT_YEAR
    )
    services.platform_transition(user=its_reviewer, platform=platform, name="remediate")
    audit = services.audit_start(user=its_reviewer, platform=platform)
    all_meet(audit, its_reviewer)
    services.audit_finish(
        user=its_reviewer, audit=audit, outcome=Outcome.APPROVE, approved_until=NEXT_YEAR
    )

    platform.refresh_from_db()
    assert platform.status == S.APPROVED
    assert [name for name, *_ in steps(platform)] == [
        "register",
        "start_audit",
        "flag",
        "remediate",
        "start_audit",
        "approve",
    ]
    event = platform.events.get(transition="flag")
    assert (event.actor, event.reason) == (its_reviewer, "No encryption at rest.")


def test_remediate_refused_without_a_plan(its_reviewer):
    platform = flagged(its_reviewer)

    with pytest.raises(PlatformRefused) as refused:
        services.platform_transition(user=its_reviewer, platform=platform, name="remediate")

    platform.refresh_from_db()
    assert (refused.value.code, platform.status) == ("no_plan", S.FLAGGED)


@pytest.mark.parametrize("source", ["flagged", "remediation"])
def test_procurement_flag_from_flagged_or_remediation(its_reviewer, source):
    platform = flagged(its_reviewer)
    if source == "remediation":
        services.remediation_action_add(
            user=its_reviewer, platform=platform, description="Fix.", due_on=NEXT_YEAR
        )
        services.platform_transition(user=its_reviewer, platform=platform, name="remediate")

    services.platform_transition(
        user=its_reviewer, platform=platform, name="procurement", reason="Vendor unwilling."
    )

    platform.refresh_from_db()
    assert (platform.status, steps(platform)[-1]) == (
        S.PROCUREMENT,
        ("procurement", source, S.PROCUREMENT),
    )


def test_revoke_sends_approval_lost_and_needs_a_reason(its_reviewer, cio, lost):
    platform = approved(its_reviewer)

    with pytest.raises(PlatformRefused) as refused:
        services.platform_transition(user=cio, platform=platform, name="revoke", reason=" ")
    services.platform_transition(user=cio, platform=platform, name="revoke", reason="Breach.")

    platform.refresh_from_db()
    assert refused.value.code == "reason_needed"
    assert platform.status == S.FLAGGED
    assert lost == [(platform.pk, cio, "Breach.")]


def test_retire_from_approved_sends_approval_lost(its_reviewer, lost):
    platform = approved(its_reviewer)

    services.platform_transition(
        user=its_reviewer, platform=platform, name="retire", reason="No school uses it."
    )

    platform.refresh_from_db()
    assert (platform.status, len(lost)) == (S.RETIRED, 1)


@pytest.mark.parametrize(
    ("status", "name"),
    [
        (S.SURVEYED, "approve"),
        (S.SURVEYED, "remediate"),
        (S.APPROVED, "start_audit"),
        (S.APPROVED, "procurement"),
        (S.UNDER_AUDIT, "revoke"),
        (S.RETIRED, "retire"),
        (S.PROCUREMENT, "start_audit"),
        (S.FLAGGED, "no_such_step"),
    ],
)
def test_steps_not_in_the_table_are_refused(status, name):
    assert workflow.transition_for(status, name) is None


def test_refused_step_changes_nothing(its_reviewer):
    platform = register(its_reviewer)

    with pytest.raises(PlatformRefused) as refused:
        services.platform_transition(
            user=its_reviewer, platform=platform, name="revoke", reason="x"
        )

    platform.refresh_from_db()
    assert (refused.value.code, platform.status, len(steps(platform))) == (
        "not_allowed",
        S.SURVEYED,
        1,
    )


def test_only_auditors_take_steps(its_reviewer, principal_a, teacher_a):
    platform = approved(its_reviewer)

    for user in (principal_a, teacher_a):
        with pytest.raises(PermissionDenied):
            services.platform_transition(user=user, platform=platform, name="revoke", reason="x")
        with pytest.raises(PermissionDenied):
            services.audit_start(user=user, platform=register(its_reviewer, "Other", "Vendor"))


def test_reaudit_due_then_audit_again(its_reviewer, lost):
    platform = approved(its_reviewer, until=datetime.date(2026, 10, 15))

    moved = services.platforms_reaudit_due(on=datetime.date(2026, 10, 16))
    services.audit_start(user=its_reviewer, platform=platform)

    platform.refresh_from_db()
    assert (moved, platform.status) == (1, S.UNDER_AUDIT)
    assert steps(platform)[-2:] == [
        ("reaudit_due", S.APPROVED, S.REAUDIT),
        ("start_audit", S.REAUDIT, S.UNDER_AUDIT),
    ]
    assert platform.events.get(transition="reaudit_due").actor is None
    assert len(lost) == 1


def test_no_status_is_assigned_outside_the_workflow():
    """The table names every status it moves to; each status but "surveyed" (a platform's
    first) is the target of some step."""
    targets = {t.target for t in workflow.TRANSITIONS}

    assert targets == set(S) - {S.SURVEYED}


def test_step_message_names_the_new_status(client, its_reviewer):
    platform = flagged(its_reviewer)
    services.remediation_action_add(
        user=its_reviewer, platform=platform, description="Fix.", due_on=NEXT_YEAR
    )
    client.force_login(its_reviewer)

    response = client.post(
        reverse("platforms:act", args=[platform.pk]), {"transition": "remediate"}, follow=True
    )

    assert "the platform is now “In remediation with the vendor”" in response.content.decode()
