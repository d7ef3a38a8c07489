"""The covered-today export for the bulk-texting system: the coverage rule's queryset form
agrees with coverage_for, the CSV's content and scope, its log rows, and a query count that
doesn't grow."""

import csv
import datetime
import io

import pytest
import time_machine

from consent.coverage import (
    CODES,
    EARLY_CODES,
    annotate_coverage,
    coverage_by_program,
    coverage_for,
)
from consent.exports import covered_students
from consent.links import hash_token, new_nonce, token_for_nonce
from consent.models import ConsentLink, ConsentRequest
from consent.services.countersigning import consent_countersign
from consent.services.forms_text import current_form_text
from consent.services.signing import consent_revoke, consent_sign
from roster.models import AccessPurpose, RecordAccess, Student
from tests.consent.conftest import make_link
from tests.consent.test_check import LAST_SPRING, signed
from tests.factories import GuardianFactory, StudentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def varied(
    school_a,
    school_b,
    charter_school,
    bulk_alerts,
    safety_meetup,
    reengagement,
    school_year,
    previous_year,
    principal_a,
    principal_b,
):
    """Students of three schools in every state the coverage rule knows, for every program."""
    students = []
    for school, principal in [(school_a, principal_a), (school_b, principal_b)]:
        for grade in (4, 6, 8, 10, 12):
            students.append(StudentFactory(school=school, grade=grade))
        grant, decline, revoke, waiting, expired, refused, countersigned, twice, asked = (
            StudentFactory(school=school, grade=11) for _ in range(9)
        )
        students += [grant, decline, revoke, waiting, expired, refused, countersigned, twice]
        students.append(asked)
        for program in (bulk_alerts, safety_meetup, reengagement):
            signed(grant, program, school_year)
            signed(decline, program, school_year, decision="decline", student_mobile="")
            record = signed(revoke, program, school_year)
            consent_revoke(record=record, guardian=record.guardian, reason="No more.")
            make_link(
                student=waiting,
                guardian=GuardianFactory(),
                program=program,
                school_year=school_year,
            )
            with time_machine.travel(LAST_SPRING, tick=False):
                signed(expired, program, previous_year)
        consent_countersign(
            record=signed(refused, safety_meetup, school_year),
            principal=principal,
            decision="refused",
            reason="Not this term.",
        )
        consent_countersign(
            record=signed(countersigned, safety_meetup, school_year),
            principal=principal,
            decision="countersigned",
        )
        # A declined request cancelled and answered again: the latest answer counts.
        signed(twice, bulk_alerts, school_year, decision="decline", student_mobile="")
        first = twice.consent_requests.get()
        first.status = "cancelled"
        first.save()
        again = ConsentRequest.objects.create(
            program=bulk_alerts, school_year=school_year, student=twice, school=school
        )
        nonce = new_nonce()
        link = ConsentLink.objects.create(
            request=again,
            guardian=first.record.guardian,
            nonce=nonce,
            token_hash=hash_token(token_for_nonce(nonce)),
        )
        consent_sign(
            link=link,
            form_text=current_form_text(bulk_alerts),
            decision="grant",
            signer_name="Second Answer",
            relationship="mother",
            student_mobile="+17735550177",
            esign_agreed=True,
        )
        # Declined, then asked again: a new open request after the answer.
        signed(asked, bulk_alerts, school_year, decision="decline", student_mobile="")
        ConsentRequest.objects.create(
            program=bulk_alerts, school_year=school_year, student=asked, school=school
        )
    students.append(StudentFactory(school=charter_school, grade=10))
    return students


def test_annotate_coverage_agrees_with_coverage_for(
    varied, bulk_alerts, safety_meetup, reengagement, school_a
):
    ended = reengagement
    ended.ends_on = datetime.date(2026, 9, 30)
    ended.save()
    own_school = safety_meetup
    own_school.school = school_a
    own_school.save()
    students = Student.objects.filter(pk__in=[s.pk for s in varied])

    seen = set()
    for day in (datetime.date(2026, 10, 14), datetime.date(2026, 7, 1)):
        for program in (bulk_alerts, own_school, ended):
            # The answer on file matters once the rule gets past its early reasons.
            many = {
                s.pk: (
                    s.coverage_code,
                    None if s.coverage_code in EARLY_CODES else s.coverage_record_id,
                )
                for s in annotate_coverage(students, program=program, day=day)
            }
            one = {}
            for student in students:
                coverage = coverage_for(student=student, program=program, day=day)
                record_id = coverage.record.pk if coverage.record else None
                one[student.pk] = (coverage.code, record_id)
            assert many == one
            seen |= {code for code, _record in many.values()}
        # One student across every program at once (the check page) gives the same answers.
        programs = [bulk_alerts, own_school, ended]
        for student in students:
            at_once = coverage_by_program(student=student, programs=programs, day=day)
            assert [(p.pk, c.code) for p, c in at_once] == [
                (p.pk, coverage_for(student=student, program=p, day=day).code) for p in programs
            ]
    # The data set is varied enough to reach every answer the rule can give.
    assert seen == set(CODES)


def rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_export_csv_lists_covered_students_with_mobiles(
    client, principal_a, school_a, bulk_alerts, school_year
):
    maya = StudentFactory(school=school_a, grade=10, first_name="Maya", last_name="Lopez")
    signed(
        maya,
        bulk_alerts,
        school_year,
        student_mobile="+17735550142",
        parent_mobile="+17735550199",
        duplicate_alerts=True,
    )
    ana = StudentFactory(school=school_a, grade=9, first_name="Ana", last_name="Diaz")
    signed(ana, bulk_alerts, school_year, student_mobile="+17735550143")
    declined = StudentFactory(school=school_a, grade=9)
    signed(declined, bulk_alerts, school_year, decision="decline", student_mobile="")
    client.force_login(principal_a)

    response = client.get("/consent/export/bulk-alerts.csv")

    assert response["Content-Disposition"] == (
        'attachment; filename="bulk-alerts-1001-2026-10-14.csv"'
    )
    school = ("1001", "Northside Community Academy")
    assert rows(response) == [
        dict(
            zip(
                [
                    "student_id",
                    "first_name",
                    "last_name",
                    "grade",
                    "school_code",
                    "school_name",
                    "student_mobile",
                    "parent_mobile",
                ],
                values,
                strict=True,
            )
        )
        for values in [
            (ana.student_id, "Ana", "Diaz", "9", *school, "+17735550143", ""),
            (maya.student_id, "Maya", "Lopez", "10", *school, "+17735550142", "+17735550199"),
        ]
    ]


def test_export_logs_one_row_per_student_with_the_count(
    client, principal_a, school_a, bulk_alerts, school_year
):
    students = [StudentFactory(school=school_a, grade=10) for _ in range(2)]
    for student in students:
        signed(student, bulk_alerts, school_year)
    StudentFactory(school=school_a, grade=10)  # not covered: not released, not logged
    client.force_login(principal_a)

    client.get("/consent/export/bulk-alerts.csv")

    logged = RecordAccess.objects.order_by("student__pk").values_list(
        "student", "user", "purpose", "action"
    )
    action = "exported for Bulk text notifications and alerts (2 students)"
    assert list(logged) == [
        (s.pk, principal_a.pk, AccessPurpose.TEXTING_EXPORT, action) for s in students
    ]


EXPORT_ALLOWED = {"principal_a", "principal_b", "its_reviewer", "cio", "administrator"}


def test_export_csv_permissions(client, persona, school_a, bulk_alerts, school_year):
    name, user = persona
    signed(StudentFactory(school=school_a, grade=10), bulk_alerts, school_year)
    client.force_login(user)

    response = client.get("/consent/export/bulk-alerts.csv", {"school": "1001"})

    expected = {"principal_a": 200, "principal_b": 404, "its_reviewer": 200, "cio": 200}
    expected["administrator"] = 200
    assert response.status_code == expected.get(name, 403)
    if response.status_code == 200:
        assert len(rows(response)) == 1


def test_export_csv_district_user_must_choose_school(
    client, its_reviewer, school_a, school_b, bulk_alerts
):
    client.force_login(its_reviewer)

    response = client.get("/consent/export/bulk-alerts.csv")

    assert response.status_code == 400
    assert response.context["form"].errors["school"] == ["Choose the school whose list you want."]


def test_export_form_redirects_to_the_csv(client, its_reviewer, school_a, bulk_alerts):
    client.force_login(its_reviewer)

    response = client.get("/consent/export/", {"program": "bulk-alerts", "school": "1001"})

    assert response.url == "/consent/export/bulk-alerts.csv?school=1001"


def test_export_form_refuses_other_school(client, principal_a, school_b, bulk_alerts):
    client.force_login(principal_a)

    response = client.get("/consent/export/", {"program": "bulk-alerts", "school": "1002"})

    assert response.status_code == 200
    assert response.context["form"].errors["school"][0].startswith("Select a valid choice.")


def test_export_unknown_program_is_404(client, principal_a):
    client.force_login(principal_a)

    assert client.get("/consent/export/no-such-program.csv").status_code == 404


def test_export_of_charter_school_is_empty(client, its_reviewer, charter_school, bulk_alerts):
    StudentFactory(school=charter_school, grade=10)
    client.force_login(its_reviewer)

    response = client.get("/consent/export/bulk-alerts.csv", {"school": "1009"})

    assert (response.status_code, rows(response)) == (200, [])


@pytest.mark.parametrize("students", [1, 3])
def test_export_query_count(
    client,
    its_reviewer,
    school_a,
    bulk_alerts,
    school_year,
    students,
    django_assert_num_queries,
):
    for _ in range(students):
        signed(StudentFactory(school=school_a, grade=10), bulk_alerts, school_year)
    client.force_login(its_reviewer)

    # The students' ids (logged, before the first byte: one insert), the students streamed,
    # their answers' phones: the same for 1 and 3 students.
    with django_assert_num_queries(12):
        response = client.get("/consent/export/bulk-alerts.csv", {"school": "1001"})
        assert len(rows(response)) == students


def test_covered_students_matches_coverage_for(varied, bulk_alerts, school_a):
    covered = covered_students(program=bulk_alerts, school=school_a)

    expected = [
        s
        for s in Student.objects.filter(school=school_a).order_by(
            "last_name", "first_name", "student_id"
        )
        if coverage_for(student=s, program=bulk_alerts).allowed
    ]
    assert [item.student for item in covered] == expected


def test_export_form_permissions(client, persona, school_a, school_b, bulk_alerts):
    name, user = persona
    client.force_login(user)

    response = client.get("/consent/export/")

    assert response.status_code == (200 if name in EXPORT_ALLOWED else 403)
    if response.status_code == 200:
        schools = [code for code, _label in response.context["form"].fields["school"].choices]
        expected = {"principal_a": ["1001"], "principal_b": ["1002"]}
        assert schools == expected.get(name, ["", "1002", "1001"])
