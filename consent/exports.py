"""The covered-today list the district's bulk-texting system receives (CSV for staff, JSON
through the API); the views log each release per student through
roster.services.record_access_log."""

from dataclasses import dataclass

from django.utils import timezone

from consent.coverage import annotate_coverage
from consent.models import ConsentRecord, TextingProgram
from roster.models import School, Student

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


@dataclass(frozen=True)
class CoveredStudent:
    student: Student
    record: ConsentRecord

    def row(self, program: TextingProgram) -> dict[str, str | int]:
        """One line of the export: the newest numbers (after any phone change), the parent's
        mobile only where they chose duplicates."""
        student, record = self.student, self.record
        duplicates = program.allows_duplicate_alerts and record.duplicate_alerts
        return {
            "student_id": student.student_id,
            "first_name": student.first_name,
            "last_name": student.last_name,
            "grade": student.grade,
            "school_code": student.school.code,
            "school_name": student.school.name,
            "student_mobile": str(record.current_student_mobile),
            "parent_mobile": str(record.current_parent_mobile) if duplicates else "",
        }


def covered_students(*, program: TextingProgram, school: School, day=None) -> list[CoveredStudent]:
    """The school's active students whom staff may text today under ``program``, by name
    (the coverage rule's queryset form; two queries whatever the number of students).

    Only students in the program's grade band are considered: no one else can be covered."""
    students = annotate_coverage(
        Student.objects.filter(
            school=school,
            active=True,
            grade__gte=program.lowest_grade,
            grade__lte=program.highest_grade,
        ),
        program=program,
        day=day or timezone.localdate(),
    )
    covered = list(
        students.filter(coverage_code="covered")
        .select_related("school")
        .order_by("last_name", "first_name", "student_id")
    )
    records = ConsentRecord.objects.with_current_phones().in_bulk(
        [s.coverage_record_id for s in covered]
    )
    return [
        CoveredStudent(student=student, record=records[student.coverage_record_id])
        for student in covered
    ]
