"""The covered-today list the district's bulk-texting system receives (CSV for staff, JSON
through the API); the views log each release per student through
roster.services.record_access_log."""

from dataclasses import dataclass
from itertools import islice

from django.utils import timezone

from consent.coverage import annotate_coverage
from consent.models import ConsentRecord, TextingProgram
from roster.models import School, Student
from roster.services import record_access_log

CHUNK = 2000  # rows read at a time

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


def covered_queryset(*, program: TextingProgram, school: School, day=None):
    """The school's active students whom staff may text today under ``program``, by name
    (the coverage rule's queryset form, one query).

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
    return (
        students.filter(coverage_code="covered")
        .select_related("school")
        .order_by("last_name", "first_name", "student_id")
    )


def in_chunks(students, ids: list[int], *, chunk_size: int = CHUNK):
    """``students`` (an ordered queryset) whose ids are ``ids`` (as log_release returns
    them), as lists of ``chunk_size``: one query whatever the number of rows (on PostgreSQL a
    server-side cursor fetches ``chunk_size`` rows at a time), constant memory, and the first
    rows come before the list's last is read."""
    rows = students.filter(pk__in=ids).iterator(chunk_size=chunk_size)
    while chunk := list(islice(rows, chunk_size)):
        yield chunk


def iter_covered(students, ids: list[int], *, chunk_size: int = CHUNK):
    """CoveredStudent of each of ``covered_queryset``'s students, in chunks (in_chunks):
    per chunk, one query for the students and one for their answers' phones."""
    for chunk in in_chunks(students, ids, chunk_size=chunk_size):
        yield from _with_records(chunk)


def _with_records(students):
    if not students:
        return
    records = ConsentRecord.objects.with_current_phones().in_bulk(
        [s.coverage_record_id for s in students]
    )
    for student in students:
        yield CoveredStudent(student=student, record=records[student.coverage_record_id])


def covered_students(*, program: TextingProgram, school: School, day=None) -> list[CoveredStudent]:
    """covered_queryset's students with their answers, as a list (two queries)."""
    students = list(covered_queryset(program=program, school=school, day=day))
    return list(_with_records(students))


def log_release(students, *, action: str, **log) -> list[int]:
    """record_access_log for each of ``students`` (a queryset), reading only their ids; one
    query each for the ids and the rows, whatever their number. ``action`` may name
    ``{count}``, the number of students. Returns the ids: what in_chunks then reads, so the
    rows sent are the rows logged."""
    ids = list(students.values_list("pk", flat=True))
    record_access_log(
        students=[Student(pk=pk) for pk in ids], action=action.format(count=len(ids)), **log
    )
    return ids
