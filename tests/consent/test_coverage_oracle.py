"""The coverage oracle: random consent histories, made through the real services, and every
reader of the coverage rule must give the same answer for every student — the Python rule, the
queryset rule, the dashboard's counts and list (page and selectors), the covered-today export
(CSV and API) and issuing's skip decision."""

import datetime
import os
from collections import Counter

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import example as hypothesis_example
from hypothesis import strategies as st

from consent import dashboard
from consent.coverage import (
    CODES,
    EARLY_CODES,
    annotate_coverage,
    coverage_by_program,
)
from consent.exports import covered_students
from consent.models import (
    ConsentFormText,
    ConsentLink,
    ConsentRecord,
    ConsentRequest,
    ProgramKind,
    RequestStatus,
    TextingProgram,
)
from consent.services.countersigning import consent_countersign
from consent.services.errors import ConsentError
from consent.services.forms_text import current_form_text
from consent.services.issuing import SKIP_CODES, consent_issue
from consent.services.paper import consent_paper_record
from consent.services.signing import consent_link_verify, consent_revoke, consent_sign
from roster.models import Student
from roster.selectors import school_year_on
from tests.factories import (
    GuardianFactory,
    SchoolYearFactory,
    StudentFactory,
    StudentGuardianFactory,
)
from tests.helpers import pdf_file

# The first part of a history happens in the 2026-27 school year; a rollover continues it in
# 2027-28; the answer is read on the last day the history reached, or in the summer between.
FIRST_DAY = datetime.datetime(2026, 10, 14, 15, 0, tzinfo=datetime.UTC)
ROLLOVER_DAY = datetime.datetime(2027, 9, 15, 15, 0, tzinfo=datetime.UTC)
SUMMER_DAY = datetime.datetime(2027, 7, 1, 15, 0, tzinfo=datetime.UTC)
LOCAL_PROGRAM_ENDS = datetime.date(2027, 6, 30)
SCAN = pdf_file()
STUDENTS_PER_EXAMPLE = 32
# 16 examples of 32 students: 512 histories a run (the checks cost per example, the students
# little). A longer hunt (nightly, bench) raises it.
EXAMPLES = int(os.environ.get("COVERAGE_ORACLE_EXAMPLES", "16"))

# Each family's history is about one program and goes in rounds: the school issues (or not),
# the family may open the link and answer (online or on paper), and then may withdraw, or
# the principal countersign or refuse.
round_ = st.tuples(
    st.sampled_from(["issue", "issue", "issue", None]),
    st.sampled_from(["open", None]),
    st.sampled_from(["grant", "grant", "decline", "paper_grant", "paper_decline", None]),
    st.sampled_from(["withdraw", "countersign", "refuse", "refuse", None]),
)
steps = st.lists(round_, max_size=2).map(
    lambda rounds: [op for one in rounds for op in one if op is not None]
)
PROGRAMS = ["bulk-alerts", "safety-meetup", "robotics"]
history = st.fixed_dictionaries(
    {
        "school": st.sampled_from(["a", "a", "b"]),
        "grade": st.sampled_from([4, 8, 9, 10, 11, 12]),
        "program": st.sampled_from(PROGRAMS),
        "first_year": steps,
        "next_year": steps,
    }
)
example = st.fixed_dictionaries(
    {
        "students": st.lists(history, min_size=STUDENTS_PER_EXAMPLE, max_size=STUDENTS_PER_EXAMPLE),
        # Read in the same year, after a rollover into the next, or in the summer between.
        "ending": st.sampled_from(["same_year", "same_year", "rollover", "summer"]),
        "local_program_ends": st.booleans(),
        "page_program": st.sampled_from(PROGRAMS),
    }
)


def _family(program, steps, *, school="a", grade=10, next_year=()):
    return {
        "school": school,
        "grade": grade,
        "program": program,
        "first_year": list(steps),
        "next_year": list(next_year),
    }


# Every run also plays these: between them they reach every answer of the rule, whatever
# the random examples happen to reach.
EVERY_ANSWER = {
    "students": [
        _family("bulk-alerts", ["issue", "grant"]),
        _family("bulk-alerts", ["issue", "decline"]),
        _family("bulk-alerts", ["issue", "grant", "withdraw"]),
        _family("bulk-alerts", ["issue", "open"]),
        _family("bulk-alerts", ["issue", "decline", "issue"]),
        _family("safety-meetup", ["issue", "grant"]),
        _family("safety-meetup", ["issue", "paper_grant", "refuse"]),
        _family("safety-meetup", ["issue", "grant", "countersign"]),
        _family("safety-meetup", ["issue", "grant", "refuse", "issue"]),
        _family("safety-meetup", ["issue"], grade=4),
        _family("robotics", ["issue", "grant"], school="b"),
        _family("robotics", ["issue", "grant"]),
        _family("bulk-alerts", []),
    ],
    "ending": "same_year",
    "local_program_ends": False,
    "page_program": "safety-meetup",
}
ROLLED_OVER = {
    **EVERY_ANSWER,
    "students": [
        _family("bulk-alerts", ["issue", "grant"]),
        _family("bulk-alerts", ["issue", "grant"], next_year=["issue"]),
        _family("robotics", ["issue", "grant"]),
    ],
    "ending": "rollover",
    "local_program_ends": True,
}
SUMMER = {**EVERY_ANSWER, "ending": "summer", "page_program": "bulk-alerts"}


@pytest.fixture
def world(
    school_a,
    school_b,
    charter_school,
    principal_a,
    principal_b,
    school_year,
    bulk_alerts,
    safety_meetup,
):
    """Two district schools and a charter school, their principals, two school years, the
    standard programs and a CEO-approved program limited to school A (grades 7-12)."""
    robotics = TextingProgram.objects.create(
        slug="robotics",
        name="Robotics team travel",
        kind=ProgramKind.CEO_APPROVED,
        summary="Texts about the robotics team's trips.",
        staff_rules="Group texts only.",
        lowest_grade=7,
        highest_grade=12,
        school=school_a,
    )
    ConsentFormText.objects.create(program=robotics, version=1, title="Robotics", body="Texts.")
    SchoolYearFactory(start=2027)
    return {
        "schools": {"a": school_a, "b": school_b},
        "charter": charter_school,
        "principals": {school_a.pk: principal_a, school_b.pk: principal_b},
        "programs": {p.slug: p for p in (bulk_alerts, safety_meetup, robotics)},
    }


def _newest_record(student, program, year):
    return (
        ConsentRecord.objects.filter(
            request__student=student, request__program=program, request__school_year=year
        )
        .select_related("request")
        .order_by("-signed_at", "-pk")
        .first()
    )


def _apply(op, *, student, program, principal, year):
    """One step of a history, through the service a person would use. A step the rules
    refuse (answering without an open request, countersigning a decline…) changes nothing."""
    open_link = (
        ConsentLink.objects.filter(
            request__student=student,
            request__program=program,
            request__school_year=year,
            request__status=RequestStatus.OPEN,
        )
        .select_related("request", "guardian")
        .first()
    )
    try:
        if op == "issue":
            consent_issue(
                issued_by=principal,
                program=program,
                school_year=year,
                school=student.school,
                student_ids=[student.student_id],
            )
        elif op == "open" and open_link:
            consent_link_verify(link=open_link, date_of_birth=student.date_of_birth, ip=None)
        elif op in ("grant", "decline") and open_link:
            consent_sign(
                link=open_link,
                form_text=current_form_text(program),
                decision=op,
                signer_name=open_link.guardian.full_name,
                relationship="mother",
                student_mobile="+17735550142" if op == "grant" else "",
                esign_agreed=True,
            )
        elif op in ("paper_grant", "paper_decline") and open_link:
            decision = op.removeprefix("paper_")
            consent_paper_record(
                request=open_link.request,
                recorded_by=principal,
                guardian=open_link.guardian,
                relationship="mother",
                decision=decision,
                form_date=timezone.localdate(),
                scan=SCAN,
                student_mobile="+17735550142" if decision == "grant" else "",
            )
        elif op in ("withdraw", "countersign", "refuse"):
            record = _newest_record(student, program, year)
            if record is None:
                return
            if op == "withdraw":
                consent_revoke(record=record, guardian=record.guardian, reason="No.")
            else:
                consent_countersign(
                    record=record,
                    principal=principal,
                    decision="countersigned" if op == "countersign" else "refused",
                    reason="" if op == "countersign" else "Not this term.",
                )
    except ConsentError:
        pass


def _live(example, world, clock):
    """Creates the students and plays their histories; returns the students and the day
    their coverage is read on."""
    programs = world["programs"]
    if example["local_program_ends"]:
        TextingProgram.objects.filter(slug="robotics").update(ends_on=LOCAL_PROGRAM_ENDS)
    for program in programs.values():  # as the previous example's rollback left them
        program.refresh_from_db()
    students = []
    for item in example["students"]:
        student = StudentFactory(school=world["schools"][item["school"]], grade=item["grade"])
        StudentGuardianFactory(student=student, guardian=GuardianFactory())
        students.append((student, item))
    # A charter school's student has no history: the portal records nothing for them.
    students.append((StudentFactory(school=world["charter"], grade=10), None))
    phases = [("first_year", FIRST_DAY)]
    if example["ending"] == "rollover":
        phases.append(("next_year", ROLLOVER_DAY))
    for phase, moment in phases:
        clock.move_to(moment)
        year = school_year_on(moment.date())
        longest = max(len(item[phase]) for _student, item in students if item)
        # The families' steps interleave, as they would in a real school.
        for index in range(longest):
            for student, item in students:
                if item is None or index >= len(item[phase]):
                    continue
                op, slug = item[phase][index], item["program"]
                principal = world["principals"][student.school_id]
                _apply(op, student=student, program=programs[slug], principal=principal, year=year)
                clock.shift(datetime.timedelta(minutes=7))
    if example["ending"] == "summer":
        clock.move_to(SUMMER_DAY)
    return [student for student, _item in students], timezone.localdate()


def _check(students, world, day, client, page_program, seen):
    programs = list(world["programs"].values())
    ids = [s.pk for s in students]
    by_pk = {s.pk: s for s in Student.objects.filter(pk__in=ids).select_related("school")}
    # The Python rule, one student at a time: what every other reader must say.
    rule = {}
    for student in by_pk.values():
        for program, coverage in coverage_by_program(student=student, programs=programs, day=day):
            rule[student.pk, program.pk] = coverage
    record_of = {key: (c.record.pk if c.record else None) for key, c in rule.items()}
    seen.update(c.code for c in rule.values())

    for program in programs:
        # The queryset rule, all students at once.
        for student in annotate_coverage(
            Student.objects.filter(pk__in=ids), program=program, day=day
        ):
            coverage = rule[student.pk, program.pk]
            assert student.coverage_code == coverage.code, (student, program)
            if coverage.code not in EARLY_CODES:
                assert student.coverage_record_id == record_of[student.pk, program.pk]

    year = school_year_on(day)
    # The charter school's student is held to the two rules above; its school has no
    # dashboard, and issuing there is refused before any student is looked at.
    for school in world["schools"].values():
        mine = [s for s in by_pk.values() if s.school_id == school.pk]
        if year is not None:
            counts = dashboard.status_counts(school=school, programs=programs, school_year=year)
        for program in programs:
            in_band = [s for s in mine if program.admits_grade(s.grade)]
            # The covered-today export (CSV and API share covered_students).
            exported = {
                (item.student.pk, item.record.pk)
                for item in covered_students(program=program, school=school, day=day)
            }
            assert exported == {
                (s.pk, record_of[s.pk, program.pk])
                for s in in_band
                if rule[s.pk, program.pk].allowed
            }
            if year is None:
                continue
            # The dashboard's list and counts for the year.
            listed = dashboard.student_statuses(school=school, program=program, school_year=year)
            assert {s.pk: s.coverage_code for s in listed} == {
                s.pk: rule[s.pk, program.pk].code for s in in_band
            }
            expected = Counter(rule[s.pk, program.pk].code for s in in_band)
            assert {code: n for code, n in counts[program.pk].items() if n} == dict(expected)
            _check_issuing(school, program, year, in_band, mine, rule, world)

    if year is not None:
        program = world["programs"][page_program]
        _check_dashboard_page(client, world, year, program, list(by_pk.values()), rule)


def _check_issuing(school, program, year, in_band, mine, rule, world):
    """Issuing to the whole school skips exactly the students the rule says to, by code."""
    principal = world["principals"][school.pk]
    with transaction.atomic():
        try:
            batch = consent_issue(
                issued_by=principal, program=program, school_year=year, school=school
            )
        except ConsentError as error:
            if error.code == "nothing_to_issue":  # every student skipped: no batch
                assert all(rule[s.pk, program.pk].code in SKIP_CODES for s in mine)
                transaction.set_rollback(True)
                return
            # Only a program that does not run today, or runs elsewhere, refuses outright.
            assert {rule[s.pk, program.pk].code for s in mine} <= {
                "program_inactive",
                "other_school",
            }
            assert program.school_id not in (None, school.pk) or not program.runs_on(
                timezone.localdate()
            )
            transaction.set_rollback(True)
            return
        codes = {s.pk: rule[s.pk, program.pk].code for s in mine}
        asked = set(ConsentRequest.objects.filter(batch=batch).values_list("student", flat=True))
        assert asked == {pk for pk, code in codes.items() if code not in SKIP_CODES}
        assert batch.skipped == dict(Counter(code for code in codes.values() if code in SKIP_CODES))
        transaction.set_rollback(True)


def _check_dashboard_page(client, world, year, program, students, rule):
    """The dashboard page itself: its counts and its list say what the rule says."""
    school = world["schools"]["a"]
    client.force_login(world["principals"][school.pk])
    response = client.get(
        "/consent/", {"school": school.code, "year": year.label, "program": program.slug}
    )
    assert response.status_code == 200
    shown = {s.pk: s.status_label for s in response.context["page"].object_list}
    assert shown == {
        pk: dashboard.STATUSES[rule[pk, program.pk].code]
        for pk in shown  # one page: the page size is larger than any example's school
    }
    in_band = [s for s in students if s.school_id == school.pk and program.admits_grade(s.grade)]
    assert set(shown) == {s.pk for s in in_band}
    row = next(p for p in response.context["programs"] if p.pk == program.pk)
    expected = Counter(rule[s.pk, program.pk].code for s in in_band)
    assert {code: n for code, n in row.statuses.items() if n} == dict(expected)
    assert row.eligible == len(in_band)


def test_every_reader_agrees_with_the_coverage_rule(world, client):
    histories, seen = [], Counter()

    @settings(
        max_examples=EXAMPLES,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(example=example)
    @hypothesis_example(example=EVERY_ANSWER)
    @hypothesis_example(example=ROLLED_OVER)
    @hypothesis_example(example=SUMMER)
    def run(example):
        with time_machine.travel(FIRST_DAY, tick=False) as clock, transaction.atomic():
            students, day = _live(example, world, clock)
            _check(students, world, day, client, example["page_program"], seen)
            histories.extend(students[:-1])
            transaction.set_rollback(True)

    run()

    assert len(histories) >= 500
    # The histories reach every answer the rule can give.
    assert set(seen) == set(CODES), Counter(seen)
