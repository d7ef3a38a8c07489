"""Coverage for many students at once, and the covered-today list the district's bulk-texting
system receives (CSV for staff, JSON through the API), with its release logged per student."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from consent.models import (
    ConsentRecord,
    ConsentRequest,
    Decision,
    RequestStatus,
    TextingProgram,
)
from consent.selectors import Coverage, coverage_before_consent, coverage_from_consent
from roster.models import AccessPurpose, RecordAccess, School, Student
from roster.selectors import school_year_on

EXPORT_COLUMNS = [
    "student_id",
    "first_name",
    "last_name",
    "grade",
    "school_code",
    "school_name",
    "student_mobile",
    "parent_mobile",
]


def coverages_for(
    *, students: QuerySet[Student], program: TextingProgram, day=None
) -> list[tuple[Student, Coverage]]:
    """Each student with the same answer as ``selectors.coverage_for`` for each student, in a
    fixed number of queries (four) whatever the number of students.

    The order of the checks mirrors coverage_for exactly; tests/consent/test_export.py holds
    the two to the same answers on a varied data set."""
    day = day or timezone.localdate()
    students = list(students.select_related("school"))
    year = school_year_on(day)
    ids = [s.pk for s in students]
    latest, waiting, expired = {}, set(), set()
    if year is not None and program.runs_on(day) and ids:
        requests = ConsentRequest.objects.filter(program=program, student__in=ids)
        records = (
            ConsentRecord.objects.filter(request__in=requests.filter(school_year=year))
            .select_related("revocation", "countersignature", "request")
            .order_by("request__student", "-signed_at")
        )
        for record in records:
            latest.setdefault(record.request.student_id, record)
        waiting = set(
            requests.filter(school_year=year, status=RequestStatus.OPEN).values_list(
                "student", flat=True
            )
        )
        expired = set(
            ConsentRecord.objects.filter(
                request__in=requests.filter(school_year__last_day__lt=year.first_day),
                decision=Decision.GRANT,
            ).values_list("request__student", flat=True)
        )
    return [
        (s, _coverage_of(s, program, day, year, latest.get(s.pk), waiting, expired))
        for s in students
    ]


def _coverage_of(student, program, day, year, record, waiting, expired) -> Coverage:
    return coverage_before_consent(
        student=student, program=program, day=day
    ) or coverage_from_consent(
        program=program,
        year=year,
        record=record,
        awaiting_answer=student.pk in waiting,
        granted_before=student.pk in expired,
    )


@dataclass(frozen=True)
class CoveredStudent:
    student: Student
    record: ConsentRecord

    def row(self, program: TextingProgram) -> dict[str, str | int]:
        """One line of the export: the parent's mobile only where they chose duplicates."""
        student, record = self.student, self.record
        duplicates = program.allows_duplicate_alerts and record.duplicate_alerts
        return {
            "student_id": student.student_id,
            "first_name": student.first_name,
            "last_name": student.last_name,
            "grade": student.grade,
            "school_code": student.school.code,
            "school_name": student.school.name,
            "student_mobile": str(record.student_mobile),
            "parent_mobile": str(record.parent_mobile) if duplicates else "",
        }


def covered_students(*, program: TextingProgram, school: School, day=None) -> list[CoveredStudent]:
    """The school's active students whom staff may text today under ``program``, by name.

    Only students in the program's grade band are considered: no one else can be covered."""
    students = Student.objects.filter(
        school=school,
        active=True,
        grade__gte=program.lowest_grade,
        grade__lte=program.highest_grade,
    ).order_by("last_name", "first_name", "student_id")
    return [
        CoveredStudent(student=student, record=coverage.record)
        for student, coverage in coverages_for(students=students, program=program, day=day)
        if coverage.allowed
    ]


def export_log(
    *, program: TextingProgram, covered: list[CoveredStudent], user=None, system="", ip=None
) -> int:
    """Records the release of each exported student's mobile number(s) to the texting system.

    One RecordAccess row per student (so each student's access history shows the release),
    written in one query; the action names the program and how many rows the export held.
    Side effects: len(covered) RecordAccess rows. Returns that number."""
    action = f"exported for {program.name} ({len(covered)} students)"
    now = timezone.now()
    RecordAccess.objects.bulk_create(
        RecordAccess(
            student=item.student,
            user=user if user is not None and user.is_authenticated else None,
            system=system,
            action=action[:120],
            purpose=AccessPurpose.TEXTING_EXPORT,
            ip_address=ip,
            at=now,
        )
        for item in covered
    )
    return len(covered)
