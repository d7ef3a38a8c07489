"""The demo's platforms: each state of the review, the schools using them, and what the
overview and the public list show from them."""

from django.urls import reverse

from platforms.demo import seed_platforms_demo
from platforms.models import Platform, PlatformUse
from tests.factories import SchoolFactory


def test_demo_platforms_in_each_state(client, its_reviewer, school_year):
    schools = [SchoolFactory() for _ in range(3)]

    seed_platforms_demo(its=its_reviewer, schools=schools, school_year=school_year)

    statuses = dict(Platform.objects.values_list("product", "status"))
    assert statuses == {
        "Bellbird": "approved",
        "Lanternpost": "approved",
        "Hallway": "under_audit",
        "Classchat": "remediation",
        "Pingboard Kids": "procurement",
        "Chalkline": "reaudit",
        "Pocketnote": "surveyed",
    }
    assert PlatformUse.objects.count() == 10
    public = client.get(reverse("guidance:platforms")).content.decode()
    assert ("Bellbird" in public, "Lanternpost" in public, "Classchat" in public) == (
        True,
        True,
        False,
    )
    client.force_login(its_reviewer)
    counts = client.get(reverse("platforms:overview")).context["counts"]
    assert [a.platform.product for a in counts["overdue_actions"]] == ["Classchat"]
    assert counts["schools_on_flagged"] == 3  # Classchat (two schools) and Pingboard Kids
