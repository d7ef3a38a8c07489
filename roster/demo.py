"""The demo district seed_demo builds: its schools, school years, students and guardians (a
fixed seed, so every demo database holds the same district), and its accounts."""

import datetime
import random

from django.utils import timezone

from roster.models import (
    Guardian,
    Language,
    Relationship,
    Role,
    School,
    SchoolKind,
    SchoolYear,
    Student,
    StudentGuardian,
)

# code, name, kind, lowest and highest grade, number of students
SCHOOLS = [
    ("610101", "Northside Community Academy", SchoolKind.DISTRICT_RUN, 6, 12, 20),
    ("610102", "Lakefront Magnet High School", SchoolKind.MAGNET, 9, 12, 16),
    ("610103", "Frederick Douglass Middle School", SchoolKind.DISTRICT_RUN, 6, 8, 12),
    ("610104", "Horizon Charter Academy", SchoolKind.CHARTER, 6, 12, 12),
]

# username, first name, last name, role, index into SCHOOLS for school-scoped roles
ACCOUNTS = [
    ("principal", "Maria", "Delgado", Role.PRINCIPAL, 0),
    ("principal2", "James", "Okafor", Role.PRINCIPAL, 1),
    ("teacher", "Aisha", "Rahman", Role.TEACHER, 0),
    ("coach", "Marcus", "Bell", Role.TEACHER, 0),  # designated for the demo's safety meet-up
    ("its", "Daniel", "Kowalski", Role.ITS_REVIEWER, None),
    ("cio", "Linda", "Chen", Role.CIO, None),
    ("ceo", "Robert", "Washington", Role.CEO_OFFICE, None),
    # District office: a re-engagement outreach worker and the department head who endorses
    # their exception requests.
    ("outreach", "Tomas", "Reyes", Role.DISTRICT_STAFF, None),
    ("outreachhead", "Gloria", "Bennett", Role.DEPARTMENT_HEAD, None),
    ("editor", "Sofia", "Martinez", Role.CONTENT_EDITOR, None),
    ("admin", "Kevin", "Murphy", Role.ADMINISTRATOR, None),
]

FIRST_NAMES = [
    "Amara",
    "Jayden",
    "Sofia",
    "Mateo",
    "Aaliyah",
    "Liam",
    "Ximena",
    "Darius",
    "Mia",
    "Andre",
    "Camila",
    "Malik",
    "Zoe",
    "Diego",
    "Nia",
    "Ethan",
    "Valeria",
    "Isaiah",
    "Hannah",
    "Omar",
    "Grace",
    "Luis",
    "Imani",
    "Noah",
    "Jasmine",
    "Kevin",
    "Fatima",
    "Marcus",
    "Lily",
    "Julian",
    "Destiny",
    "Adrian",
    "Emily",
    "Xavier",
    "Layla",
    "Bryan",
    "Aria",
    "Jamal",
    "Olivia",
    "Ivan",
]
LAST_NAMES = [
    "Johnson",
    "Garcia",
    "Williams",
    "Rodriguez",
    "Brown",
    "Hernandez",
    "Jackson",
    "Lopez",
    "Nowak",
    "Nguyen",
    "Davis",
    "Martinez",
    "Thompson",
    "Gonzalez",
    "Robinson",
    "Perez",
    "Wojcik",
    "Kim",
    "Harris",
    "Ramirez",
    "Walker",
    "Torres",
    "Patel",
    "Flores",
    "Young",
    "Rivera",
    "Ali",
    "Morales",
    "Scott",
    "Reyes",
]
ADULT_FIRST_NAMES = [
    "Angela",
    "Carlos",
    "Denise",
    "Miguel",
    "Tanya",
    "Anthony",
    "Rosa",
    "Michael",
    "Keisha",
    "Jorge",
    "Ewa",
    "Tomasz",
    "Yolanda",
    "Hector",
    "Monique",
    "David",
    "Lucia",
    "Brian",
    "Mei",
    "Samuel",
    "Patricia",
    "Ahmed",
    "Gloria",
    "Terrence",
]
LANGUAGES = [Language.ENGLISH] * 6 + [Language.SPANISH] * 3 + [Language.POLISH]
DEMO_CODES = {code for code, *_ in SCHOOLS}


def school_year_around(day: datetime.date) -> tuple[int, datetime.date, datetime.date]:
    """The district year that includes ``day`` or, in the summer break, starts next:
    from the Monday on or after August 20 to the Friday on or before June 15."""
    start = day.year if day.month >= 7 else day.year - 1
    first = datetime.date(start, 8, 20)
    first += datetime.timedelta(days=(7 - first.weekday()) % 7)
    last = datetime.date(start + 1, 6, 15)
    last -= datetime.timedelta(days=(last.weekday() - 4) % 7)
    return start, first, last


def ensure_school_years() -> list[SchoolYear]:
    today = timezone.localdate()
    start, first, last = school_year_around(today)
    _, prev_first, prev_last = school_year_around(datetime.date(start - 1, 9, 1))
    years = []
    for first_day, last_day in [(first, last), (prev_first, prev_last)]:
        label = f"{first_day.year}-{(first_day.year + 1) % 100:02d}"
        year, _ = SchoolYear.objects.get_or_create(
            label=label, defaults={"first_day": first_day, "last_day": last_day}
        )
        years.append(year)
    return years


def create_district(current_year: SchoolYear) -> tuple[list[School], int, int]:
    """The demo's schools, students and guardians (the same every time); (schools, number of
    students, number of guardians)."""
    # A fixed seed: every demo database holds the same district.
    rng = random.Random(20260824)  # noqa: S311 (demo data, not secrets)
    schools, students, guardian_count = [], 0, 0
    for index, (code, name, kind, low, high, count) in enumerate(SCHOOLS):
        school = School.objects.create(code=code, name=name, kind=kind)
        schools.append(school)
        previous = None
        for n in range(count):
            student = _create_student(rng, school, index, n, low, high, current_year)
            students += 1
            if previous is not None and n % 9 == 8:
                # Siblings at one school share their guardians.
                student.last_name = previous.last_name
                student.save(update_fields=["last_name"])
                for link in previous.guardian_links.all():
                    StudentGuardian.objects.create(
                        student=student,
                        guardian=link.guardian,
                        relationship=link.relationship,
                        has_educational_rights=link.has_educational_rights,
                    )
            else:
                guardian_count += _create_guardians(rng, student)
            previous = student
    return schools, students, guardian_count


def _create_student(rng, school, school_index, n, low, high, year) -> Student:
    grade = low + n % (high - low + 1)
    # On September 1 of the school year a student in grade g is g + 5 years old.
    start = year.first_day.year
    oldest = datetime.date(start - grade - 6, 9, 2)
    date_of_birth = oldest + datetime.timedelta(days=rng.randrange(365))
    homeroom = "" if school.is_exempt_from_policy else f"{grade}{'ABC'[n % 3]}"
    return Student.objects.create(
        student_id=f"5{school_index + 1}{n + 1:06d}",
        first_name=rng.choice(FIRST_NAMES),
        last_name=rng.choice(LAST_NAMES),
        date_of_birth=date_of_birth,
        grade=grade,
        school=school,
        homeroom=homeroom,
    )


def _create_guardians(rng, student) -> int:
    language = rng.choice(LANGUAGES)
    relationships = [rng.choice([Relationship.MOTHER, Relationship.FATHER])]
    if rng.random() < 0.1:
        relationships = [Relationship.LEGAL_GUARDIAN]
    elif rng.random() < 0.35:
        relationships.append(
            Relationship.FATHER if relationships[0] == Relationship.MOTHER else Relationship.MOTHER
        )
    if rng.random() < 0.08:
        # A grandparent on file who does not hold educational rights may not sign.
        relationships.append(Relationship.GRANDPARENT)
    for relationship in relationships:
        first_name = rng.choice(ADULT_FIRST_NAMES)
        # About one guardian in six has no email: they get printed letters.
        has_email = rng.random() >= 1 / 6
        guardian = Guardian.objects.create(
            first_name=first_name,
            last_name=student.last_name,
            email=(
                f"{first_name}.{student.last_name}.{student.student_id[-4:]}@example.com".lower()
                if has_email
                else ""
            ),
            mobile_phone=f"+1773555{rng.randrange(100, 200):04d}",
            preferred_language=language,
        )
        StudentGuardian.objects.create(
            student=student,
            guardian=guardian,
            relationship=relationship,
            has_educational_rights=relationship != Relationship.GRANDPARENT,
        )
    return len(relationships)
