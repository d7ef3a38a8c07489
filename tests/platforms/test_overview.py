"""ITS's overview and a platform's page: the counts that matter, overdue vendor actions,
approvals due for re-audit, and a fixed number of queries whatever the number of rows."""

import datetime

import pytest
from django.urls import reverse

from platforms import services
from tests.factories import SchoolFactory
from tests.platforms.conftest import NEXT_YEAR, approved, flagged, register, used_by

YESTERDAY = datetime.date(2026, 10, 13)


def many(its, count, school_year):
    """``count`` flagged platforms, each used by a new school, with an overdue vendor action,
    and ``count`` approved ones."""
    for n in range(count):
        platform = flagged(its, f"Flagged {n}", "Vendor", evidence=False)
        used_by(platform, SchoolFactory(), school_year)
        services.remediation_action_add(
            user=its, platform=platform, description=f"Fix {n}.", due_on=YESTERDAY
        )
        approved(its, f"Approved {n}", "Vendor")


def test_overview_counts(client, its_reviewer, school_year, school_a, school_b):
    bad = flagged(its_reviewer)
    used_by(bad, school_a, school_year)
    used_by(bad, school_b, school_year)
    services.remediation_action_add(
        user=its_reviewer, platform=bad, description="Encrypt backups.", due_on=YESTERDAY
    )
    services.remediation_action_add(
        user=its_reviewer, platform=bad, description="Sign the agreement.", due_on=NEXT_YEAR
    )
    approved(its_reviewer)
    register(its_reviewer, "Pocketnote", "Ferncliff Software")
    client.force_login(its_reviewer)

    response = client.get(reverse("platforms:overview"))

    counts = response.context["counts"]
    assert {status.value: n for status, n in counts["by_status"]} == {
        "surveyed": 1,
        "under_audit": 0,
        "approved": 1,
        "flagged": 1,
        "remediation": 0,
        "reaudit": 0,
        "procurement": 0,
        "retired": 0,
    }
    assert counts["schools_on_flagged"] == 2
    assert [a.description for a in counts["overdue_actions"]] == ["Encrypt backups."]
    assert "Encrypt backups." in response.content.decode()


def test_overview_lists_approvals_past_their_date(client, its_reviewer, frozen_today):
    platform = approved(
        its_reviewer, "Chalkline", "Meridian EdTech", until=datetime.date(2026, 10, 15)
    )
    frozen_today.move_to(datetime.datetime(2026, 10, 16, 15, tzinfo=datetime.UTC))
    client.force_login(its_reviewer)

    response = client.get(reverse("platforms:overview"))

    assert response.context["counts"]["reaudit_due"] == [platform]


def test_done_action_is_not_overdue(client, its_reviewer):
    platform = flagged(its_reviewer)
    action = services.remediation_action_add(
        user=its_reviewer, platform=platform, description="Encrypt.", due_on=YESTERDAY
    )
    client.force_login(its_reviewer)

    client.post(reverse("platforms:action_done", args=[action.pk]))
    client.post(reverse("platforms:action_done", args=[action.pk]))  # a double click

    action.refresh_from_db()
    response = client.get(reverse("platforms:overview"))
    assert (action.done_by, response.context["counts"]["overdue_actions"]) == (its_reviewer, [])


@pytest.mark.parametrize("item_count", [1, 3])
def test_overview_query_count_fixed(
    client, its_reviewer, school_year, item_count, django_assert_num_queries
):
    many(its_reviewer, item_count, school_year)
    client.force_login(its_reviewer)

    with django_assert_num_queries(16):  # the survey's and consults' counts included
        response = client.get(reverse("platforms:overview"))

    assert len(response.context["platforms"]) == 2 * item_count


@pytest.mark.parametrize("item_count", [1, 3])
def test_detail_query_count_fixed(
    client, its_reviewer, school_year, item_count, django_assert_num_queries
):
    platform = flagged(its_reviewer)
    target = approved(its_reviewer)
    for n in range(item_count):
        used_by(platform, SchoolFactory(), school_year)
        services.remediation_action_add(
            user=its_reviewer, platform=platform, description=f"Fix {n}.", due_on=NEXT_YEAR
        )
    services.transitions_plan(
        user=its_reviewer, platform=platform, target=target, deadline=NEXT_YEAR
    )
    client.force_login(its_reviewer)

    with django_assert_num_queries(17):
        response = client.get(reverse("platforms:detail", args=[platform.pk]))

    assert response.status_code == 200
    assert len(response.context["platform"].transitions_away.all()) == item_count


def test_add_action_bad_input_kept_beside_the_field(client, its_reviewer):
    platform = flagged(its_reviewer)
    client.force_login(its_reviewer)

    response = client.post(
        reverse("platforms:action_add", args=[platform.pk]),
        {"description": "Encrypt backups.", "due_on": "not a date"},
    )

    assert response.status_code == 400
    assert "Enter a valid date." in response.content.decode()
    assert "Encrypt backups." in response.content.decode()
    assert platform.actions.count() == 0


def test_action_refused_on_an_approved_platform(client, its_reviewer):
    platform = approved(its_reviewer)
    client.force_login(its_reviewer)

    response = client.post(
        reverse("platforms:action_add", args=[platform.pk]),
        {"description": "Encrypt.", "due_on": "2026-12-01"},
        follow=True,
    )

    assert "Only a flagged platform has a remediation plan." in response.content.decode()
    assert platform.actions.count() == 0
