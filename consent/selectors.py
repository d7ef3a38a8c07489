"""Reads of consent data that more than one view needs, already scoped and joined."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from consent.models import (
    ConsentRecord,
    ConsentRequest,
    CountersignDecision,
    Decision,
    RequestStatus,
    TextingProgram,
)
from roster.access import Action, schools_for
from roster.models import SchoolYear, Student


def programs_published() -> QuerySet[TextingProgram]:
    """The active programs staff may use, in display order (the public guidance page)."""
    today = timezone.localdate()
    return (
        TextingProgram.objects.filter(active=True)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("school")
        .order_by("position", "name")
    )


@dataclass(frozen=True)
class Coverage:
    """May staff text this student under this program on this day, and if not, why."""

    allowed: bool
    code: str
    reason: str
    record: ConsentRecord | None = None


REASONS = {
    "covered": "Covered: a parent or guardian granted consent for this school year.",
    "charter_school": "Charter school: this portal does not issue consent forms or record "
    "consent for charter schools.",
    "program_inactive": "This program is not running on this date (inactive or ended).",
    "other_school": "This program is limited to another school.",
    "grade_not_eligible": "The student's grade is not eligible for this program.",
    "no_school_year": "No school year is in session on this date.",
    "no_consent": "No consent on file for this school year.",
    "awaiting_answer": "A consent request was sent; the family has not answered yet.",
    "declined": "The parent or guardian declined.",
    "revoked": "The parent or guardian withdrew their consent.",
    "expired": "The consent on file was for an earlier school year; consent is valid only "
    "for the school year in which it is signed.",
    "awaiting_countersign": "The parent or guardian granted consent; the principal has not "
    "countersigned yet.",
    "countersign_refused": "The principal declined to countersign.",
}


def _coverage(code: str, record=None) -> Coverage:
    return Coverage(allowed=code == "covered", code=code, reason=REASONS[code], record=record)


def coverage_before_consent(*, student: Student, program: TextingProgram, day) -> Coverage | None:
    """The reasons that need no consent record to answer "no" (first part of the rule)."""
    if student.school.is_exempt_from_policy:
        return _coverage("charter_school")
    if not program.runs_on(day):
        return _coverage("program_inactive")
    if program.school_id is not None and program.school_id != student.school_id:
        return _coverage("other_school")
    if not program.admits_grade(student.grade):
        return _coverage("grade_not_eligible")
    return None


def coverage_from_consent(
    *, program: TextingProgram, year, record, awaiting_answer: bool, granted_before: bool
) -> Coverage:
    """The rest of the rule, from what is on file for the school year ``year``: the newest
    record, whether a request waits for an answer, whether an earlier year was granted."""
    if year is None:
        return _coverage("no_school_year")
    if record is None:
        if awaiting_answer:
            return _coverage("awaiting_answer")
        return _coverage("expired" if granted_before else "no_consent")
    if record.decision == Decision.DECLINE:
        return _coverage("declined", record)
    if hasattr(record, "revocation"):
        return _coverage("revoked", record)
    if program.requires_principal_countersign:
        countersignature = getattr(record, "countersignature", None)
        if countersignature is None:
            return _coverage("awaiting_countersign", record)
        if countersignature.decision != CountersignDecision.COUNTERSIGNED:
            return _coverage("countersign_refused", record)
    return _coverage("covered", record)


def coverage_for(*, student: Student, program: TextingProgram, day=None) -> Coverage:
    """The one rule for "covered" (DESIGN.md, Records and evidence)."""
    return coverage_by_program(student=student, programs=[program], day=day)[0][1]


def coverage_by_program(*, student: Student, programs, day=None) -> list[tuple]:
    """(program, Coverage) for each program, for one student, in at most four queries
    whatever the number of programs."""
    day = day or timezone.localdate()
    early = {p.pk: coverage_before_consent(student=student, program=p, day=day) for p in programs}
    open_ids = [p.pk for p in programs if early[p.pk] is None]
    year = SchoolYear.objects.containing(day) if open_ids else None
    records, awaiting, granted_before = {}, set(), set()
    if year is not None:
        requests = ConsentRequest.objects.filter(student=student, program__in=open_ids)
        for record in (
            ConsentRecord.objects.filter(request__in=requests.filter(school_year=year))
            .select_related("revocation", "countersignature", "request")
            .order_by("-signed_at", "-pk")
        ):
            records.setdefault(record.request.program_id, record)
        awaiting = set(
            requests.filter(school_year=year, status=RequestStatus.OPEN).values_list(
                "program", flat=True
            )
        )
        granted_before = set(
            ConsentRecord.objects.filter(
                request__in=requests.filter(school_year__last_day__lt=year.first_day),
                decision=Decision.GRANT,
            ).values_list("request__program", flat=True)
        )
    return [
        (
            program,
            early[program.pk]
            or coverage_from_consent(
                program=program,
                year=year,
                record=records.get(program.pk),
                awaiting_answer=program.pk in awaiting,
                granted_before=program.pk in granted_before,
            ),
        )
        for program in programs
    ]


def countersign_queue(user) -> QuerySet[ConsentRecord]:
    """Granted consents awaiting the countersignature of a principal who may give it."""
    return (
        ConsentRecord.objects.filter(
            request__school__in=schools_for(user, Action.COUNTERSIGN_CONSENT),
            request__program__requires_principal_countersign=True,
            decision=Decision.GRANT,
            revocation__isnull=True,
            countersignature__isnull=True,
        )
        .select_related("request__student", "request__program", "request__school_year")
        .select_related("request__school", "guardian")
        .order_by("signed_at", "pk")
    )
