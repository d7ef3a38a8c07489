"""The admin shows platforms and audits read-only to ITS (changes go through /platforms/)."""

from django.urls import reverse

from tests.platforms.conftest import flagged


def test_its_reads_platforms_in_the_admin_but_cannot_change_them(client, its_reviewer):
    platform = flagged(its_reviewer)
    client.force_login(its_reviewer)

    listing = client.get(reverse("admin:platforms_platform_changelist"))
    page = client.get(reverse("admin:platforms_platform_change", args=[platform.pk]))
    audit = client.get(reverse("admin:platforms_audit_change", args=[platform.audits.get().pk]))
    saved = client.post(
        reverse("admin:platforms_platform_change", args=[platform.pk]), {"status": "approved"}
    )

    platform.refresh_from_db()
    assert (listing.status_code, page.status_code, audit.status_code) == (200, 200, 200)
    assert "Classchat" in listing.content.decode()
    assert saved.status_code == 403
    assert platform.status == "flagged"
