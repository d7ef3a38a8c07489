"""Reads behind the school's consent dashboard: per program, the requests issued and opened and
how many students stand at each status of the coverage rule, and each eligible student's
status, all computed in the database (fixed queries, any school size)."""

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Subquery, Value

from consent.coverage import LABELS, annotate_coverage, day_in_year
from consent.models import (
    ConsentEvent,
    ConsentLink,
    ConsentRequest,
    EventKind,
    RequestStatus,
    TextingProgram,
)
from roster.models import School, SchoolYear, Student

# The statuses a student in the program's grades can have on the dashboard, in the order
# the counts and the filter list them; the words are the coverage rule's (consent.coverage).
COLUMNS = [
    "no_consent",
    "expired",
    "awaiting_answer",
    "asked_again",
    "declined",
    "revoked",
    "awaiting_countersign",
    "countersign_refused",
    "covered",
]
COUNTERSIGN_COLUMNS = ("awaiting_countersign", "countersign_refused")
STATUSES = {code: LABELS[code] for code in [*COLUMNS, "program_inactive"]}
REQUEST_COUNTS = {"issued": 0, "opened": 0}
# The student list's order (names, then the row: a stable page).
LIST_ORDER = ("last_name", "first_name", "pk")


def request_counts(*, school: School, school_year: SchoolYear) -> dict[int, dict[str, int]]:
    """Per program id, the school's requests for the year: issued and opened (a guardian
    verified their link). One aggregate query."""
    opened = Exists(
        ConsentLink.objects.filter(request=OuterRef("pk"), first_opened_at__isnull=False)
    )
    rows = (
        ConsentRequest.objects.filter(school=school, school_year=school_year)
        .exclude(status=RequestStatus.CANCELLED)
        .order_by()
        .values("program")
        .annotate(issued=Count("pk"), opened=Count("pk", filter=Q(opened)))
    )
    return {row.pop("program"): row for row in rows}


def status_counts(
    *, school: School, programs: list[TextingProgram], school_year: SchoolYear
) -> dict[int, dict[str, int]]:
    """Per program id, how many of the students ``student_statuses`` lists have each status
    (every code of consent.coverage, zeros included): one query for all programs."""
    parts = [
        student_statuses(school=school, program=program, school_year=school_year)
        .order_by()
        .annotate(program_id=Value(program.pk))
        .values("program_id", "coverage_code")
        .annotate(n=Count("pk"))
        for program in programs
    ]
    counts = {program.pk: dict.fromkeys(LABELS, 0) for program in programs}
    if parts:
        for row in parts[0].union(*parts[1:], all=True):
            counts[row["program_id"]][row["coverage_code"]] = row["n"]
    return counts


def student_statuses(
    *, school: School, program: TextingProgram, school_year: SchoolYear, only=None
) -> QuerySet[Student]:
    """The school's active students in the program's grades (``only`` those whose ids that
    query gives, if given: a page's), each annotated with ``coverage_code`` (the coverage rule
    on the year's dashboard day: today while the year runs) and the newest answer's signer
    and time."""
    students = eligible_students(school=school, program=program)
    if only is not None:
        students = students.filter(pk__in=only)
    return annotate_coverage(students, program=program, day=day_in_year(school_year)).order_by(
        *LIST_ORDER
    )


def eligible_students(*, school: School, program: TextingProgram) -> QuerySet[Student]:
    """The school's active students in the program's grades: ``student_statuses``'s rows
    without their status (a cheap count for the list's pages when no status is asked)."""
    return Student.objects.filter(
        school=school,
        active=True,
        grade__gte=program.lowest_grade,
        grade__lte=program.highest_grade,
    )


def with_last_reminded(
    students: QuerySet[Student], *, program: TextingProgram, school_year: SchoolYear
) -> QuerySet[Student]:
    """``students`` annotated with ``last_reminded_at``: when the school last reminded a
    guardian of the student's request for the program and year (the "reminded" event that
    consent_remind writes when it queues the email). A subquery: no query per row."""
    reminded = (
        ConsentEvent.objects.filter(
            kind=EventKind.REMINDED,
            request__student=OuterRef("pk"),
            request__program=program,
            request__school_year=school_year,
        )
        .order_by()
        .values("request__student")
        .annotate(last=Max("at"))
        .values("last")
    )
    return students.annotate(last_reminded_at=Subquery(reminded))
