"""Reads behind the school's consent dashboard: counts per program, and each eligible
student's status for one program, computed in the database (fixed queries, any school size)."""

from django.db.models import Case, Count, Exists, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models import CharField as CharFieldType

from consent.models import (
    ConsentLink,
    ConsentRecord,
    ConsentRequest,
    Countersignature,
    CountersignDecision,
    Decision,
    RequestStatus,
    Revocation,
    TextingProgram,
)
from roster.models import School, SchoolYear, Student

COUNT_NAMES = [
    "issued",
    "opened",
    "waiting",
    "granted",
    "declined",
    "revoked",
    "awaiting_countersign",
    "covered",
]
NO_COUNTS = dict.fromkeys(COUNT_NAMES, 0)

# A student's status for one program and school year, in the order the filter lists them.
STATUSES = {
    "not_issued": "Not asked yet",
    "waiting": "No answer yet",
    "declined": "Declined",
    "revoked": "Withdrawn",
    "awaiting_countersign": "Awaiting countersign",
    "countersign_refused": "Principal declined",
    "covered": "Covered",
}


def consent_counts(*, school: School, school_year: SchoolYear) -> dict[int, dict[str, int]]:
    """Per program id, how the school's requests for the year stand: one aggregate query
    over that school's requests only."""
    granted = Q(record__decision=Decision.GRANT)
    standing = granted & Q(record__revocation__isnull=True)
    needs_countersign = Q(program__requires_principal_countersign=True)
    opened = Exists(
        ConsentLink.objects.filter(request=OuterRef("pk"), first_opened_at__isnull=False)
    )
    rows = (
        ConsentRequest.objects.filter(school=school, school_year=school_year)
        .exclude(status=RequestStatus.CANCELLED)
        .order_by()
        .values("program")
        .annotate(
            issued=Count("pk"),
            opened=Count("pk", filter=Q(opened)),
            waiting=Count("pk", filter=Q(status=RequestStatus.OPEN)),
            granted=Count("pk", filter=standing),
            declined=Count("pk", filter=Q(record__decision=Decision.DECLINE)),
            revoked=Count("pk", filter=granted & Q(record__revocation__isnull=False)),
            awaiting_countersign=Count(
                "pk", filter=standing & needs_countersign & Q(record__countersignature__isnull=True)
            ),
            covered=Count(
                "pk",
                filter=standing
                & (
                    ~needs_countersign
                    | Q(record__countersignature__decision=CountersignDecision.COUNTERSIGNED)
                ),
            ),
        )
    )
    return {row.pop("program"): row for row in rows}


def eligible_counts(*, school: School, programs: list[TextingProgram]) -> dict[int, int]:
    """Per program id, how many of the school's active students are in its grades."""
    per_grade = dict(
        Student.objects.filter(school=school, active=True)
        .order_by()
        .values_list("grade")
        .annotate(n=Count("pk"))
    )
    return {
        program.pk: sum(n for grade, n in per_grade.items() if program.admits_grade(grade))
        for program in programs
    }


def student_statuses(
    *, school: School, program: TextingProgram, school_year: SchoolYear
) -> QuerySet[Student]:
    """The school's active students in the program's grades, each annotated with
    ``consent_status`` (a key of STATUSES) and the answer's signer and time."""
    same = {"program": program, "school_year": school_year}
    requests = ConsentRequest.objects.filter(student=OuterRef("pk"), **same)
    records = ConsentRecord.objects.filter(
        request__student=OuterRef("pk"), request__program=program, request__school_year=school_year
    ).order_by("-signed_at", "-pk")
    when_answered = [
        When(has_open_request=True, then=Value("waiting")),
        When(record_pk__isnull=True, then=Value("not_issued")),
        When(decision=Decision.DECLINE, then=Value("declined")),
        When(revoked=True, then=Value("revoked")),
    ]
    if program.requires_principal_countersign:
        when_answered += [
            When(countersign__isnull=True, then=Value("awaiting_countersign")),
            When(countersign=CountersignDecision.REFUSED, then=Value("countersign_refused")),
        ]
    return (
        Student.objects.filter(
            school=school,
            active=True,
            grade__gte=program.lowest_grade,
            grade__lte=program.highest_grade,
        )
        .annotate(
            has_open_request=Exists(requests.filter(status=RequestStatus.OPEN)),
            record_pk=Subquery(records.values("pk")[:1]),
            decision=Subquery(records.values("decision")[:1]),
            signer_name=Subquery(records.values("signer_name")[:1]),
            signed_at=Subquery(records.values("signed_at")[:1]),
            revoked=Exists(Revocation.objects.filter(record_id=OuterRef("record_pk"))),
            countersign=Subquery(
                Countersignature.objects.filter(record_id=OuterRef("record_pk")).values("decision")[
                    :1
                ]
            ),
        )
        .annotate(
            consent_status=Case(
                *when_answered, default=Value("covered"), output_field=CharFieldType()
            )
        )
        .order_by("last_name", "first_name", "pk")
    )
