"""ITS's campaign pages: choices → the confirmation page's counts → Send → the campaign's
page and its progress JSON; nobody else may start or see one."""

import pytest

from consent.models import Campaign, ConsentRequest
from tests.consent.conftest import plain_text
from tests.factories import GuardianFactory, SchoolFactory, StudentFactory, StudentGuardianFactory


def pupil(school, email="parent@example.com", **fields):
    student = StudentFactory(school=school, grade=10, **fields)
    StudentGuardianFactory(student=student, guardian=GuardianFactory(email=email))
    return student


@pytest.fixture
def district(school_a, school_b, charter_school):
    pupil(school_a, email="a@example.com")
    pupil(school_a, email="")  # a printed letter
    pupil(school_b, email="b@example.com")
    pupil(charter_school, email="c@example.com")
    for n in range(3):  # nobody holds educational rights
        StudentFactory(school=school_b, grade=9, first_name="Solo", last_name=f"Nobody{n}")
    return school_a, school_b


def choices(program, school_year, **fields):
    return {"program": program.pk, "school_year": school_year.pk, "reach": "every", **fields}


def test_campaign_preview_counts_every_eligible_school_and_caps_the_skipped_list(
    client, its_reviewer, district, bulk_alerts, school_year, monkeypatch
):
    monkeypatch.setattr("consent.views.campaigns.SKIPPED_LISTED", 2)
    client.force_login(its_reviewer)

    response = client.post("/consent/campaigns/new/", choices(bulk_alerts, school_year))

    assert response.status_code == 200
    plan = response.context["plan"]
    assert (plan.schools, plan.students, plan.by_email, plan.by_letter) == (2, 3, 2, 1)
    text = plain_text(response)
    assert "No guardian with educational rights on the roster (3):" in text
    assert "and 1 more" in text
    assert "Send to 3 guardians" in text
    assert not Campaign.objects.exists()


def test_campaign_send_lands_on_its_page_and_a_second_send_finds_it(
    client, its_reviewer, district, bulk_alerts, school_year
):
    client.force_login(its_reviewer)
    preview = client.post("/consent/campaigns/new/", choices(bulk_alerts, school_year))
    token = preview.context["form"].data["token"]
    send = {**choices(bulk_alerts, school_year), "token": token, "send": "1"}

    first = client.post("/consent/campaigns/new/", send)
    second = client.post("/consent/campaigns/new/", send)

    campaign = Campaign.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == f"/consent/campaigns/{campaign.pk}/"
    assert ConsentRequest.objects.count() == 3
    page = client.get(first["Location"])
    assert page.status_code == 200
    assert "Every school is done" in plain_text(page)


def test_campaign_to_chosen_schools_only(client, its_reviewer, district, bulk_alerts, school_year):
    school_a, _school_b = district
    client.force_login(its_reviewer)
    fields = choices(bulk_alerts, school_year, reach="chosen", schools=[school_a.pk])
    preview = client.post("/consent/campaigns/new/", fields)

    client.post(
        "/consent/campaigns/new/",
        {**fields, "token": preview.context["form"].data["token"], "send": "1"},
    )

    assert set(ConsentRequest.objects.values_list("school", flat=True)) == {school_a.pk}


def test_campaign_chosen_reach_needs_a_school(client, its_reviewer, bulk_alerts, school_year):
    client.force_login(its_reviewer)

    response = client.post(
        "/consent/campaigns/new/", choices(bulk_alerts, school_year, reach="chosen")
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"schools": ["Choose at least one school."]}


def test_campaign_progress_json(client, its_reviewer, district, bulk_alerts, school_year):
    from consent.services.campaigns import campaign_issue

    campaign = campaign_issue(program=bulk_alerts, school_year=school_year, actor=its_reviewer)
    client.force_login(its_reviewer)

    response = client.get(f"/consent/campaigns/{campaign.pk}/progress.json")

    assert response.json() == {
        "schools_total": 2,
        "schools_done": 2,
        "requests_created": 3,
        "emails_queued": 2,
        "letters": 1,
        "done": True,
    }


def test_campaign_progress_json_while_the_worker_has_not_started(
    queued_tasks, client, its_reviewer, district, bulk_alerts, school_year
):
    from consent.services.campaigns import campaign_issue

    campaign = campaign_issue(program=bulk_alerts, school_year=school_year, actor=its_reviewer)
    client.force_login(its_reviewer)

    response = client.get(f"/consent/campaigns/{campaign.pk}/progress.json")

    assert response.json()["schools_done"] == 0
    assert response.json()["done"] is False


@pytest.mark.parametrize("name", ["principal_a", "teacher_a", "ceo_office", "content_editor"])
def test_campaign_pages_are_its_only(
    client, request, name, its_reviewer, district, bulk_alerts, school_year
):
    campaign = Campaign.objects.create(
        program=bulk_alerts, school_year=school_year, issued_by=its_reviewer, scope="x"
    )
    client.force_login(request.getfixturevalue(name))

    new = client.post("/consent/campaigns/new/", choices(bulk_alerts, school_year))
    page = client.get(f"/consent/campaigns/{campaign.pk}/")
    progress = client.get(f"/consent/campaigns/{campaign.pk}/progress.json")

    assert (new.status_code, page.status_code, progress.status_code) == (403, 404, 404)
    assert not ConsentRequest.objects.exists()


@pytest.mark.parametrize("schools", [1, 3])
def test_campaign_page_queries_do_not_grow_with_schools(
    client, its_reviewer, bulk_alerts, school_year, schools, django_assert_num_queries
):
    from consent.services.campaigns import campaign_issue

    for n in range(schools):
        pupil(SchoolFactory(), email=f"p{n}@example.com")
    campaign = campaign_issue(program=bulk_alerts, school_year=school_year, actor=its_reviewer)
    client.force_login(its_reviewer)
    client.get(f"/consent/campaigns/{campaign.pk}/")  # the session and grants, warmed

    with django_assert_num_queries(5):
        response = client.get(f"/consent/campaigns/{campaign.pk}/")

    assert response.status_code == 200
    assert len(response.context["done"]) == schools


@pytest.mark.parametrize(("name", "linked"), [("its_reviewer", True), ("principal_a", False)])
def test_issue_page_links_to_campaigns_for_its_only(db, client, request, name, linked):
    client.force_login(request.getfixturevalue(name))

    response = client.get("/consent/issue/")

    assert ('href="/consent/campaigns/new/"' in response.content.decode()) is linked
