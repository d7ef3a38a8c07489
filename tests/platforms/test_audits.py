"""Audits through ITS's pages: ratings saved, "approve" refused unless every criterion meets,
evidence checked by its content and streamed only to auditors."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from platforms import services
from platforms.models import AuditEvidence, Criterion, PlatformStatus, Rating
from platforms.workflow import PlatformRefused
from tests.helpers import pdf_file
from tests.platforms.conftest import NEXT_YEAR, all_meet, flagged, register


@pytest.fixture
def audit(its_reviewer):
    return services.audit_start(user=its_reviewer, platform=register(its_reviewer))


def ratings_form(failing=None, **extra):
    data = {"summary": "Reviewed with the vendor."}
    for c in Criterion:
        data[f"{c.value}_rating"] = Rating.PARTLY if c == failing else Rating.MEETS
        data[f"{c.value}_findings"] = f"About {c.value}."
    return {**data, **extra}


def test_audit_page_saves_ratings_and_evidence(client, its_reviewer, audit):
    client.force_login(its_reviewer)
    upload = SimpleUploadedFile("architecture.pdf", pdf_file(), content_type="application/pdf")

    response = client.post(
        reverse("platforms:audit", args=[audit.pk]), ratings_form(evidence=[upload])
    )

    assert response.status_code == 302
    assert dict(audit.findings.values_list("criterion", "rating")) == {
        c.value: Rating.MEETS for c in Criterion
    }
    evidence = audit.evidence.get()
    assert (evidence.original_name, evidence.content_type) == (
        "architecture.pdf",
        "application/pdf",
    )


def test_evidence_checked_by_content_keeps_the_ratings_typed(client, its_reviewer, audit):
    client.force_login(its_reviewer)
    fake = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 a program", content_type="application/pdf")

    response = client.post(
        reverse("platforms:audit", args=[audit.pk]),
        ratings_form(evidence=[fake], summary="Typed summary"),
    )

    assert response.status_code == 200
    assert "report.pdf is not a file we accept" in response.content.decode()
    assert "Typed summary" in response.content.decode()
    assert AuditEvidence.objects.count() == 0


def test_approve_refused_unless_every_criterion_meets(client, its_reviewer, audit):
    client.force_login(its_reviewer)
    client.post(
        reverse("platforms:audit", args=[audit.pk]), ratings_form(failing=Criterion.RECOVERY)
    )

    response = client.post(
        reverse("platforms:audit_finish", args=[audit.pk]),
        {"outcome": "approve", "approved_until": NEXT_YEAR.isoformat()},
    )

    audit.refresh_from_db()
    audit.platform.refresh_from_db()
    assert response.status_code == 400
    assert "approved only when every criterion meets" in response.content.decode()
    assert (audit.is_open, audit.platform.status) == (True, PlatformStatus.UNDER_AUDIT)


def test_approve_refused_in_the_service_too(its_reviewer, audit):
    services.audit_rate(
        user=its_reviewer, audit=audit, ratings={Criterion.ARCHITECTURE: (Rating.MEETS, "")}
    )

    with pytest.raises(PlatformRefused) as refused:
        services.audit_finish(
            user=its_reviewer, audit=audit, outcome="approve", approved_until=NEXT_YEAR
        )

    assert refused.value.code == "criteria_not_met"


def test_finish_without_reset_date_is_an_error_beside_the_field(client, its_reviewer, audit):
    all_meet(audit, its_reviewer)
    client.force_login(its_reviewer)

    response = client.post(
        reverse("platforms:audit_finish", args=[audit.pk]), {"outcome": "approve"}
    )

    assert response.status_code == 400
    assert "Give the re-audit date" in response.content.decode()


def test_finish_approve_and_a_second_submit_changes_nothing(client, its_reviewer, audit):
    all_meet(audit, its_reviewer)
    client.force_login(its_reviewer)
    url = reverse("platforms:audit_finish", args=[audit.pk])
    data = {"outcome": "approve", "approved_until": NEXT_YEAR.isoformat()}

    first = client.post(url, data)
    second = client.post(url, data)

    audit.platform.refresh_from_db()
    assert (first.status_code, second.status_code) == (302, 302)
    assert "This audit is finished." in client.get(second["Location"]).content.decode()
    assert audit.platform.status == PlatformStatus.APPROVED
    assert audit.platform.events.filter(transition="approve").count() == 1


def test_evidence_download_streams_to_auditors(client, cio, its_reviewer):
    platform = flagged(its_reviewer)
    audit = platform.audits.get()
    evidence = audit.evidence.get()
    client.force_login(cio)

    response = client.get(reverse("platforms:evidence", args=[audit.pk, evidence.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_file()
    assert response["Content-Disposition"] == 'attachment; filename="report.pdf"'


@pytest.mark.parametrize("persona", ["teacher_a", "principal_a", "ceo_office", "content_editor"])
def test_audit_pages_refused_to_school_staff(client, request, its_reviewer, persona):
    platform = flagged(its_reviewer)
    audit = platform.audits.get()
    client.force_login(request.getfixturevalue(persona))

    urls = [
        reverse("platforms:overview"),
        reverse("platforms:detail", args=[platform.pk]),
        reverse("platforms:audit", args=[audit.pk]),
        reverse("platforms:evidence", args=[audit.pk, audit.evidence.get().pk]),
    ]

    assert [client.get(url).status_code for url in urls] == [403] * 4


def test_evidence_of_another_audit_is_a_404(client, its_reviewer):
    first = flagged(its_reviewer).audits.get()
    other = flagged(its_reviewer, "Other", "Vendor").audits.get()
    client.force_login(its_reviewer)

    response = client.get(reverse("platforms:evidence", args=[first.pk, other.evidence.get().pk]))

    assert response.status_code == 404


def test_evidence_over_the_per_audit_number_is_refused(its_reviewer, audit):
    def report(n):
        return SimpleUploadedFile(f"report-{n}.pdf", pdf_file(), content_type="application/pdf")

    services.audit_attach(user=its_reviewer, audit=audit, files=[report(n) for n in range(10)])

    with pytest.raises(ValueError, match="at most 10 files"):
        services.audit_attach(user=its_reviewer, audit=audit, files=[report(11)])
    assert audit.evidence.count() == 10
