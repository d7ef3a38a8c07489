"""/guidance/platforms/: the approved platforms only (never flagged ones, never past their
date), what approval means, and how to ask for a consult (the Service Desk's Contact row),
in English and Spanish."""

import datetime

import pytest
from django.urls import reverse

from faq.models import Contact
from platforms import services
from tests.platforms.conftest import approved, flagged

URL = "/guidance/platforms/"


def test_public_page_lists_approved_platforms_only(client, its_reviewer, frozen_today):
    approved(its_reviewer, "Bellbird", "Northwind Messaging Co.")
    approved(its_reviewer, "Chalkline", "Meridian EdTech", until=datetime.date(2026, 10, 15))
    flagged(its_reviewer, "Classchat", "Brightwave Learning Ltd.")
    frozen_today.move_to(datetime.datetime(2026, 10, 16, 15, tzinfo=datetime.UTC))

    content = client.get(URL).content.decode()

    assert "Bellbird" in content
    assert "Class announcements to families" in content  # what it is approved for
    assert "Chalkline" not in content  # approval past its date, even before the daily run
    assert "Classchat" not in content
    assert "No encryption at rest." not in content


def test_revoked_platform_leaves_the_public_page(client, its_reviewer):
    platform = approved(its_reviewer)
    services.platform_transition(
        user=its_reviewer, platform=platform, name="revoke", reason="Breach."
    )

    assert "Bellbird" not in client.get(URL).content.decode()


def test_consult_uses_the_service_desk_contact(client, db):
    Contact.objects.filter(key="service_desk").update(value="773-555-0150")

    content = client.get(URL).content.decode()

    assert "773-555-0150" in content
    assert "Acceptable Use Policy consult" in content
    assert "not meant to be punitive" in content


def test_public_page_in_spanish(client, its_reviewer):
    approved(its_reviewer)

    response = client.get(URL, {"lang": "es"})

    assert response["Content-Language"] == "es"
    assert "Plataformas de mensajería aprobadas" in response.content.decode()
    assert "Bellbird" in response.content.decode()


@pytest.mark.parametrize("item_count", [1, 3])
def test_public_page_query_count_fixed(client, its_reviewer, item_count, django_assert_num_queries):
    for n in range(item_count):
        approved(its_reviewer, f"Tool {n}", "Vendor")

    with django_assert_num_queries(2):
        response = client.get(reverse("guidance:platforms"))

    assert len(response.context["platforms"]) == item_count
