"""Schools moving off a platform: ITS asks every school using it this year; each school's
principal sees only their own moves, on their school's page, until marked done."""

import datetime

import pytest
from django.urls import reverse

from platforms import services
from platforms.models import SchoolTransition
from platforms.workflow import PlatformRefused
from tests.factories import SchoolYearFactory
from tests.platforms.conftest import approved, flagged, used_by

DEADLINE = datetime.date(2027, 1, 15)


@pytest.fixture
def moving(its_reviewer, school_year, school_a, school_b):
    """Classchat (flagged) is used by school A this year and by school B last year only; ITS
    asks its schools to move to Bellbird (approved)."""
    bad, good = flagged(its_reviewer), approved(its_reviewer)
    used_by(bad, school_a, school_year, used_for="Club chats")
    used_by(bad, school_b, SchoolYearFactory(start=2025))
    return bad, good


def test_move_schools_asks_this_years_schools_once(client, its_reviewer, moving, school_a):
    bad, good = moving
    client.force_login(its_reviewer)
    url = reverse("platforms:move_schools", args=[bad.pk])
    data = {"target": good.pk, "deadline": DEADLINE.isoformat()}

    client.post(url, data)
    client.post(url, data)  # a double submit

    assert list(SchoolTransition.objects.values_list("school", "target", "deadline")) == [
        (school_a.pk, good.pk, DEADLINE)
    ]


def test_move_only_to_an_approved_platform(its_reviewer, moving):
    bad, _good = moving
    other = flagged(its_reviewer, "Other", "Vendor")

    with pytest.raises(PlatformRefused) as refused:
        services.transitions_plan(user=its_reviewer, platform=bad, target=other, deadline=DEADLINE)

    assert refused.value.code == "target"


def test_move_form_offers_approved_platforms_only(client, its_reviewer, moving):
    bad, good = moving
    client.force_login(its_reviewer)

    response = client.get(reverse("platforms:detail", args=[bad.pk]))

    assert list(response.context["plan_form"].fields["target"].queryset) == [good]


def test_principal_sees_their_schools_move_until_done(
    client, its_reviewer, principal_a, principal_b, moving
):
    bad, good = moving
    services.transitions_plan(user=its_reviewer, platform=bad, target=good, deadline=DEADLINE)
    move = SchoolTransition.objects.get()

    client.force_login(principal_b)
    page_b = client.get(reverse("platforms:school")).content.decode()
    refused = client.post(reverse("platforms:transition_done", args=[move.pk]))
    client.force_login(principal_a)
    page_a = client.get(reverse("platforms:school")).content.decode()
    client.post(reverse("platforms:transition_done", args=[move.pk]))
    after = client.get(reverse("platforms:school"))

    move.refresh_from_db()
    assert "to <strong>Bellbird</strong>" in page_a
    assert "Club chats" in page_a
    assert "Bellbird" not in page_b
    assert refused.status_code == 404
    assert (move.done_by, after.context["transitions"]) == (principal_a, [])


def test_principal_cannot_name_another_school(client, principal_b, school_a):
    client.force_login(principal_b)

    response = client.get(reverse("platforms:school"), {"school": school_a.code})

    assert response.status_code == 404


def test_teacher_has_no_school_platform_page(client, teacher_a):
    client.force_login(teacher_a)

    assert client.get(reverse("platforms:school")).status_code == 403


@pytest.mark.parametrize("item_count", [1, 3])
def test_school_page_query_count_fixed(
    client, its_reviewer, principal_a, school_a, school_year, item_count, django_assert_num_queries
):
    good = approved(its_reviewer)
    for n in range(item_count):
        bad = flagged(its_reviewer, f"Tool {n}", "Vendor", evidence=False)
        used_by(bad, school_a, school_year)
        services.transitions_plan(user=its_reviewer, platform=bad, target=good, deadline=DEADLINE)
    client.force_login(principal_a)

    with django_assert_num_queries(11):
        response = client.get(reverse("platforms:school"))

    assert len(response.context["transitions"]) == item_count


def test_schools_move_only_off_a_flagged_platform(its_reviewer, moving):
    _bad, good = moving
    other = approved(its_reviewer, "Lanternpost", "Harborlight Systems")

    with pytest.raises(PlatformRefused) as refused:
        services.transitions_plan(user=its_reviewer, platform=other, target=good, deadline=DEADLINE)

    assert (refused.value.code, SchoolTransition.objects.count()) == ("not_flagged", 0)
