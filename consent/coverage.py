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
    F,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber
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
    """(program, Coverage) for each program, for one student, in one query whatever the
    number of programs: the student's requests for them, each with its school year, answer
    (and what became of it) and activity, and the id of the school year that includes the
    day. A second query (that school year) only when the student has no such request."""
    day = day or timezone.localdate()
    early = {p.pk: _early(student=student, program=p, day=day) for p in programs}
    open_ids = [p.pk for p in programs if early[p.pk] is None]
    in_session = SchoolYear.objects.filter(first_day__lte=day, last_day__gte=day)
    year_id = None
    requests = []
    if open_ids:
        requests = list(
            ConsentRequest.objects.filter(student=student, program__in=open_ids)
            .select_related(
                "school_year",
                "activity",
                "record__revocation",
                "record__countersignature",
            )
            .annotate(year_in_session=Subquery(in_session.values("pk")[:1]))
        )
        if requests:
            year_id = requests[0].year_in_session
        else:
            year_id = in_session.values_list("pk", flat=True).first()
    records, waiting, granted_before = {}, set(), set()
    for request in requests:
        record = getattr(request, "record", None)
        if request.school_year_id == year_id:
            if record is not None:
                record.request = request
                records.setdefault(request.program_id, []).append(record)
            if request.status == RequestStatus.OPEN:
                waiting.add(request.program_id)
        # Years never overlap: one that ended before the day is earlier than the one in
        # session.
        elif (
            record is not None
            and record.decision == Decision.GRANT
            and request.school_year.last_day < day
        ):
            granted_before.add(request.program_id)
    answers = []
    for program in programs:
        code = early[program.pk] or ("no_school_year" if year_id is None else None)
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

    One SQL query, set-based, whatever the number of students: the year's newest answer of
    each of ``students`` is picked once over their requests (a window, ranked by newest
    ``signed_at`` then record), and joined to the student's row with what became of it; the
    open request is a join too (one open request per student, program and year at most, a
    constraint). Only "expired" (no answer and nothing open this year) asks a subquery, and
    only of the students it may concern."""
    # The year (a subquery run once): the requests' joins name it by id, so each student's
    # requests for the program and year are one index range.
    year = SchoolYear.objects.filter(first_day__lte=day, last_day__gte=day).values("pk")[:1]
    # The year's newest answer of each student (newest ``signed_at``, then record): its
    # request's id. A window over the students' answers, ranked once.
    newest_requests = (
        ConsentRecord.objects.filter(
            request__program=program,
            request__school_year=Subquery(year),
            request__student__in=students.order_by().values("pk"),
        )
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("request__student"),
                order_by=[F("signed_at").desc(), F("pk").desc()],
            )
        )
        # "<= 1", not "= 1": the same rows, but the planner's guess for an equality on a
        # window's output is a handful of rows, and it then joins them to every student by
        # a nested loop instead of a hash.
        .filter(rank__lte=1)
        .values("request_id")
    )
    students = students.annotate(
        newest=FilteredRelation(
            "consent_requests",
            condition=Q(consent_requests__pk__in=Subquery(newest_requests)),
        ),
        waiting=FilteredRelation(
            "consent_requests",
            condition=Q(
                consent_requests__program=program,
                consent_requests__status=RequestStatus.OPEN,
                consent_requests__school_year=Subquery(year),
            ),
        ),
    )
    record = "newest__record"
    answered = Q(**{f"{record}__pk__isnull": False})
    is_open = Q(waiting__pk__isnull=False)
    granted = Q(**{f"{record}__decision": Decision.GRANT, f"{record}__revocation__isnull": True})
    if program.requires_principal_countersign:
        granted &= Q(**{f"{record}__countersignature__decision": CountersignDecision.COUNTERSIGNED})
    # Years never overlap (an exclusion constraint), so once a year includes the day, every
    # year that ended before the day is an earlier one.
    granted_before = ConsentRecord.objects.filter(
        request__student=OuterRef("pk"),
        request__program=program,
        request__school_year__last_day__lt=day,
        decision=Decision.GRANT,
    )
    # The program's own conditions are known here: the same row the Python form reads.
    early = [When(school__kind=SchoolKind.CHARTER, then=Value("charter_school"))]
    if not program.runs_on(day):
        early.append(When(Q(pk__isnull=False), then=Value("program_inactive")))
    if program.school_id is not None:
        early.append(When(~Q(school=program.school_id), then=Value("other_school")))
    early.append(
        When(
            ~Q(grade__gte=program.lowest_grade, grade__lte=program.highest_grade),
            then=Value("grade_not_eligible"),
        )
    )
    return students.annotate(
        coverage_record_id=F(f"{record}__pk"),
        signer_name=F(f"{record}__signer_name"),
        signed_at=F(f"{record}__signed_at"),
        coverage_code=Case(
            *early,
            When(
                ~Exists(SchoolYear.objects.filter(first_day__lte=day, last_day__gte=day)),
                then=Value("no_school_year"),
            ),
            When(granted, then=Value("covered")),
            When(answered & is_open, then=Value("asked_again")),
            When(is_open, then=Value("awaiting_answer")),
            When(Q(**{f"{record}__decision": Decision.DECLINE}), then=Value("declined")),
            When(Q(**{f"{record}__revocation__isnull": False}), then=Value("revoked")),
            When(
                Q(**{f"{record}__countersignature__isnull": False}),
                then=Value("countersign_refused"),
            ),
            When(answered, then=Value("awaiting_countersign")),
            When(Exists(granted_before), then=Value("expired")),
            default=Value("no_consent"),
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
