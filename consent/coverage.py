"""The coverage rule: may staff text this student under this program on this day, and if not,
why. Every page, export, API and service asks here; nothing else decides "covered".

The rule has two forms that answer from the same table (STATUSES): ``coverage_by_program``
(one student, Python) and ``annotate_coverage`` (many students, one SQL query). They are
written independently on purpose; tests/consent/test_coverage_oracle.py holds them, and every
page built on them, to the same answers on generated histories.

Precedence: the first that applies decides.

1. ``charter_school``: the student's school is a charter school (the portal issues charter
   schools no consent forms).
2. ``program_inactive``: the program is inactive, or ended before the day.
3. ``other_school``: the program is limited to another school.
4. ``grade_not_eligible``: the student's grade is outside the program's band.
5. ``no_school_year``: no school year includes the day.

Then, for the school year Y that includes the day, take the newest answer in Y for this
student and program (newest ``signed_at``, then newest record): **a later answer replaces an
earlier one**. "Open" means one of the student's requests for the program in Y awaits an answer.

6. ``covered``: the newest answer grants, is not withdrawn and, where the program requires it,
   the principal countersigned. Nothing else is ever covered.
7. ``asked_again``: a request is open after an answer that is not covered (a decline, a
   withdrawal, a refused or still missing countersignature).
8. ``awaiting_answer``: a request is open and nobody has answered this year.
9. ``declined``: the newest answer declines.
10. ``revoked``: the newest answer was withdrawn.
11. ``awaiting_countersign``: granted; the principal has not countersigned yet.
12. ``countersign_refused``: granted; the principal declined to countersign.
13. ``expired``: nothing this year, but a grant in an earlier school year.
14. ``no_consent``: nothing at all.
"""

import datetime
from dataclasses import dataclass

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from consent.models import (
    ConsentRecord,
    ConsentRequest,
    CountersignDecision,
    Decision,
    RequestStatus,
    TextingProgram,
)
from roster.models import SchoolKind, SchoolYear, Student
from roster.selectors import school_year_on


@dataclass(frozen=True)
class Status:
    code: str
    label: str  # a few words: dashboard filter and column, CSV, batch page
    reason: str  # one sentence: check page, API


# In order of precedence (see the module docstring). The one table of codes and words.
STATUSES = [
    Status(
        "charter_school",
        "Charter school",
        "Charter school: this portal does not issue consent forms or record consent for "
        "charter schools.",
    ),
    Status(
        "program_inactive",
        "Program not running",
        "This program is not running on this date (inactive or ended).",
    ),
    Status("other_school", "Other school's program", "This program is limited to another school."),
    Status(
        "grade_not_eligible",
        "Grade not eligible",
        "The student's grade is not eligible for this program.",
    ),
    Status("no_school_year", "No school year", "No school year is in session on this date."),
    Status(
        "covered", "Covered", "Covered: a parent or guardian granted consent for this school year."
    ),
    Status(
        "asked_again",
        "Asked again",
        "The family was asked again after an answer that does not allow texting; they have "
        "not answered the new request yet.",
    ),
    Status(
        "awaiting_answer",
        "Awaiting answer",
        "A consent request was sent; the family has not answered yet.",
    ),
    Status("declined", "Declined", "The parent or guardian declined."),
    Status("revoked", "Withdrawn", "The parent or guardian withdrew their consent."),
    Status(
        "awaiting_countersign",
        "Awaiting countersign",
        "The parent or guardian granted consent; the principal has not countersigned yet.",
    ),
    Status(
        "countersign_refused",
        "Principal declined",
        "The principal declined to countersign.",
    ),
    Status(
        "expired",
        "Expired",
        "The consent on file was for an earlier school year; consent is valid only for the "
        "school year in which it is signed.",
    ),
    Status("no_consent", "Not asked yet", "No consent on file for this school year."),
]
BY_CODE = {status.code: status for status in STATUSES}
CODES = [status.code for status in STATUSES]
LABELS = {status.code: status.label for status in STATUSES}
REASONS = {status.code: status.reason for status in STATUSES}
EARLY_CODES = CODES[:5]
# The answers a request can still change: an open request waits for the family.
OPEN_CODES = ("asked_again", "awaiting_answer")


@dataclass(frozen=True)
class Coverage:
    """May staff text this student under this program on this day, and if not, why."""

    allowed: bool
    code: str
    reason: str
    record: ConsentRecord | None = None

    @property
    def label(self) -> str:
        return LABELS[self.code]


def _coverage(code: str, record=None) -> Coverage:
    return Coverage(allowed=code == "covered", code=code, reason=REASONS[code], record=record)


# --- One student, in Python ---------------------------------------------------------------


def _early(*, student: Student, program: TextingProgram, day) -> str | None:
    if student.school.is_exempt_from_policy:
        return "charter_school"
    if not program.runs_on(day):
        return "program_inactive"
    if program.school_id is not None and program.school_id != student.school_id:
        return "other_school"
    if not program.admits_grade(student.grade):
        return "grade_not_eligible"
    return None


def _from_year(*, program: TextingProgram, records, is_open: bool, granted_before: bool) -> str:
    newest = max(records, key=lambda r: (r.signed_at, r.pk), default=None)
    if newest is None:
        if is_open:
            return "awaiting_answer"
        return "expired" if granted_before else "no_consent"
    revoked = hasattr(newest, "revocation")
    countersignature = getattr(newest, "countersignature", None)
    countersigned = (
        countersignature is not None
        and countersignature.decision == CountersignDecision.COUNTERSIGNED
    )
    if (
        newest.decision == Decision.GRANT
        and not revoked
        and (countersigned or not program.requires_principal_countersign)
    ):
        return "covered"
    if is_open:
        return "asked_again"
    if newest.decision == Decision.DECLINE:
        return "declined"
    if revoked:
        return "revoked"
    return "awaiting_countersign" if countersignature is None else "countersign_refused"


def coverage_for(*, student: Student, program: TextingProgram, day=None) -> Coverage:
    """The one rule for "covered" (DESIGN.md, Records and evidence), for one program."""
    return coverage_by_program(student=student, programs=[program], day=day)[0][1]


def coverage_by_program(*, student: Student, programs, day=None) -> list[tuple]:
    """(program, Coverage) for each program, for one student, in at most four queries
    whatever the number of programs."""
    day = day or timezone.localdate()
    early = {p.pk: _early(student=student, program=p, day=day) for p in programs}
    open_ids = [p.pk for p in programs if early[p.pk] is None]
    year = school_year_on(day) if open_ids else None
    records, waiting, granted_before = {}, set(), set()
    if year is not None:
        requests = ConsentRequest.objects.filter(student=student, program__in=open_ids)
        for record in ConsentRecord.objects.filter(
            request__in=requests.filter(school_year=year)
        ).select_related("revocation", "countersignature", "request"):
            records.setdefault(record.request.program_id, []).append(record)
        waiting = set(
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
    answers = []
    for program in programs:
        code = early[program.pk] or ("no_school_year" if year is None else None)
        mine = records.get(program.pk, [])
        if code is None:
            code = _from_year(
                program=program,
                records=mine,
                is_open=program.pk in waiting,
                granted_before=program.pk in granted_before,
            )
        newest = max(mine, key=lambda r: (r.signed_at, r.pk), default=None)
        answers.append((program, _coverage(code, newest if code not in EARLY_CODES else None)))
    return answers


# --- Many students, in SQL ------------------------------------------------------------------


def annotate_coverage(
    students: QuerySet[Student], *, program: TextingProgram, day: datetime.date
) -> QuerySet[Student]:
    """``students`` annotated with ``coverage_code`` (a code of STATUSES) under ``program`` on
    ``day``, and the newest answer's ``coverage_record_id``, ``signer_name`` and ``signed_at``.

    One SQL query, whatever the number of students: the parts of the rule are subqueries on
    the student's row, filtered by the program and the school year that includes ``day``.
    Each subquery is referenced once (SQL would repeat it at every reference)."""
    this_program = TextingProgram.objects.filter(pk=program.pk)
    in_year = {"school_year__first_day__lte": day, "school_year__last_day__gte": day}
    requests = ConsentRequest.objects.filter(program=program, status=RequestStatus.OPEN, **in_year)
    # The newest answer of the year decides, read with what became of it: the code for a
    # student who has one.
    newest = (
        ConsentRecord.objects.filter(
            request__student=OuterRef("pk"),
            request__program=program,
            **{f"request__{key}": value for key, value in in_year.items()},
        )
        .annotate(
            code=Case(
                When(
                    Q(decision=Decision.GRANT, revocation__isnull=True)
                    & (
                        Q(request__program__requires_principal_countersign=False)
                        | Q(countersignature__decision=CountersignDecision.COUNTERSIGNED)
                    ),
                    then=Value("covered"),
                ),
                When(
                    Exists(requests.filter(student=OuterRef(OuterRef("pk")))),
                    then=Value("asked_again"),
                ),
                When(decision=Decision.DECLINE, then=Value("declined")),
                When(revocation__isnull=False, then=Value("revoked")),
                When(countersignature__isnull=False, then=Value("countersign_refused")),
                default=Value("awaiting_countersign"),
                output_field=CharField(),
            )
        )
        .order_by("-signed_at", "-pk")
    )
    # Years never overlap (an exclusion constraint), so once a year includes the day, every
    # year that ended before the day is an earlier one.
    granted_before = ConsentRecord.objects.filter(
        request__student=OuterRef("pk"),
        request__program=program,
        request__school_year__last_day__lt=day,
        decision=Decision.GRANT,
    )
    unanswered = Case(
        When(Exists(requests.filter(student=OuterRef("pk"))), then=Value("awaiting_answer")),
        When(Exists(granted_before), then=Value("expired")),
        default=Value("no_consent"),
        output_field=CharField(),
    )
    in_band = this_program.filter(
        lowest_grade__lte=OuterRef("grade"), highest_grade__gte=OuterRef("grade")
    )
    return students.annotate(
        coverage_record_id=Subquery(newest.values("pk")[:1]),
        signer_name=Subquery(newest.values("signer_name")[:1]),
        signed_at=Subquery(newest.values("signed_at")[:1]),
        coverage_code=Case(
            When(school__kind=SchoolKind.CHARTER, then=Value("charter_school")),
            When(
                ~Exists(
                    this_program.filter(
                        Q(active=True), Q(ends_on__isnull=True) | Q(ends_on__gte=day)
                    )
                ),
                then=Value("program_inactive"),
            ),
            When(
                ~Exists(this_program.filter(Q(school__isnull=True) | Q(school=OuterRef("school")))),
                then=Value("other_school"),
            ),
            When(~Exists(in_band), then=Value("grade_not_eligible")),
            When(
                ~Exists(SchoolYear.objects.filter(first_day__lte=day, last_day__gte=day)),
                then=Value("no_school_year"),
            ),
            default=Coalesce(Subquery(newest.values("code")[:1]), unanswered),
            output_field=CharField(),
        ),
    )


def status_counts(students: QuerySet[Student]) -> dict[str, int]:
    """How many of ``annotate_coverage``'s students have each code (every code, zeros
    included), in one query."""
    rows = students.order_by().values("coverage_code").annotate(n=Count("pk"))
    return {**dict.fromkeys(CODES, 0), **{row["coverage_code"]: row["n"] for row in rows}}


def day_in_year(school_year: SchoolYear, today: datetime.date | None = None) -> datetime.date:
    """The day a school year's lists are answered for: today while the year runs, else its
    last day (a past year) or its first day (a year still to come)."""
    today = today or timezone.localdate()
    return min(max(today, school_year.first_day), school_year.last_day)
