"""Throwaway data for the benchmark and the load script: a school of N families and its principal.

Each student has one parent with educational rights and an address of their own, so a test can
count the mail each family gets."""

import datetime

from roster.models import Guardian, Relationship, School, StaffRole, Student, StudentGuardian, User


def school_with_families(
    *, code: str, size: int, first_id: int, password: str | None = None
) -> tuple[School, User]:
    """A district-run school ``code`` with ``size`` students in grades 6–12 (IDs from
    ``first_id``), each with one parent at ``family<n>@<code>.example.org``, and its principal
    ``<code>-principal`` (lowercase; signing in with ``password`` when given)."""
    school = School.objects.create(code=code, name=f"{code.title()} High School", kind="district")
    students = Student.objects.bulk_create(
        Student(
            student_id=f"{first_id + n}",
            first_name="Student",
            last_name=f"Number {n}",
            date_of_birth=datetime.date(2008, 1, 1) + datetime.timedelta(days=n % 1500),
            grade=6 + n % 7,
            school=school,
        )
        for n in range(size)
    )
    guardians = Guardian.objects.bulk_create(
        Guardian(
            first_name="Parent",
            last_name=f"Number {n}",
            email=f"family{n}@{code.lower()}.example.org",
        )
        for n in range(size)
    )
    StudentGuardian.objects.bulk_create(
        StudentGuardian(student=s, guardian=g, relationship=Relationship.PARENT)
        for s, g in zip(students, guardians, strict=True)
    )
    principal = User(username=f"{code.lower()}-principal")
    if password:
        principal.set_password(password)
    else:
        principal.set_unusable_password()
    principal.save()
    StaffRole.objects.create(user=principal, role="principal", school=school)
    return school, principal
