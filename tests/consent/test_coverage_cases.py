"""Two families the pages used to disagree about, through the public pages: a decline followed
by a new request, and a refused countersignature followed by a new request."""

import csv
import io

from consent.models import ConsentLink, ConsentRequest, IssueBatch, RequestStatus
from consent.services.countersigning import consent_countersign
from consent.services.designations import activity_create, designation_add
from tests.consent.conftest import plain_text
from tests.consent.test_issuing import issue
from tests.consent.test_records import sign


def _link(student, program):
    return ConsentLink.objects.filter(
        request__student=student, request__program=program, request__status=RequestStatus.OPEN
    ).first()


def _check_answer(client, student, slug):
    response = client.get("/consent/check/", {"student_id": student.student_id})
    return next(
        (coverage.code, coverage.label)
        for program, coverage in response.context["answers"]
        if program.slug == slug
    ), plain_text(response)


def _dashboard_row(client, slug, student):
    response = client.get("/consent/", {"program": slug})
    program = next(p for p in response.context["programs"] if p.slug == slug)
    row = next(s for s in response.context["page"].object_list if s.pk == student.pk)
    return program, row, plain_text(response)


def test_declined_then_asked_again_reads_the_same_everywhere(
    client, principal_a, family, bulk_alerts, safety_meetup, reengagement, school_year
):
    student, _mother, _father = family
    client.force_login(principal_a)
    issue(client, bulk_alerts, school_year, student.school)
    sign(_link(student, bulk_alerts), decision="decline", student_mobile="")

    issue(client, bulk_alerts, school_year, student.school)

    assert IssueBatch.objects.order_by("pk").last().issued_count == 1
    (code, label), check_text = _check_answer(client, student, "bulk-alerts")
    assert (code, label) == ("asked_again", "Asked again")
    assert "Asked again." in check_text
    program, row, dashboard_text = _dashboard_row(client, "bulk-alerts", student)
    assert (row.coverage_code, row.status_label) == ("asked_again", "Asked again")
    assert {code: n for code, n in program.statuses.items() if n} == {"asked_again": 1}
    # Issued counts requests (two), the statuses count the one student.
    assert (program.counts["issued"], program.eligible) == (2, 1)
    assert "Asked again" in dashboard_text
    csv_response = client.get("/consent/students.csv", {"program": "bulk-alerts"})
    rows = list(csv.DictReader(io.StringIO(b"".join(csv_response.streaming_content).decode())))
    assert [row["status"] for row in rows] == ["Asked again"]
    filtered = client.get("/consent/", {"program": "bulk-alerts", "status": "asked_again"})
    assert [s.pk for s in filtered.context["page"].object_list] == [student.pk]


def test_refused_countersignature_can_be_asked_again(
    client, principal_a, family, bulk_alerts, safety_meetup, reengagement, school_year
):
    student, _mother, _father = family
    client.force_login(principal_a)
    issue(client, safety_meetup, school_year, student.school)
    record = sign(_link(student, safety_meetup))
    consent_countersign(
        record=record, principal=principal_a, decision="refused", reason="No trip planned."
    )
    assert _check_answer(client, student, "safety-meetup")[0] == (
        "countersign_refused",
        "Principal declined",
    )

    issue(client, safety_meetup, school_year, student.school)

    batch = IssueBatch.objects.order_by("pk").last()
    assert (batch.issued_count, batch.skipped) == (1, {})
    assert ConsentRequest.objects.filter(student=student, status=RequestStatus.OPEN).count() == 1
    assert _check_answer(client, student, "safety-meetup")[0] == ("asked_again", "Asked again")
    program, row, _text = _dashboard_row(client, "safety-meetup", student)
    assert row.coverage_code == "asked_again"
    assert {code: n for code, n in program.statuses.items() if n} == {"asked_again": 1}

    # The family grants again and the principal countersigns: now they are covered (and the
    # principal, designated for a meet-up, may text them).
    consent_countersign(
        record=sign(_link(student, safety_meetup)),
        principal=principal_a,
        decision="countersigned",
    )
    meet = activity_create(
        user=principal_a, school=student.school, program=safety_meetup, name="Science fair"
    )
    designation_add(user=principal_a, activity_id=meet.pk, staff=principal_a)
    assert _check_answer(client, student, "safety-meetup")[0] == ("covered", "Covered")
    program, row, _text = _dashboard_row(client, "safety-meetup", student)
    assert {code: n for code, n in program.statuses.items() if n} == {"covered": 1}
    export = client.get("/consent/export/safety-meetup.csv")
    assert [
        r["student_id"]
        for r in csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode()))
    ] == [student.student_id]
