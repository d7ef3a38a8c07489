"""factory_boy factories that keep relations consistent: a student's guardians are linked
to that student, and school-scoped roles carry a school."""

import datetime

import factory

from roster.models import (
    Guardian,
    Relationship,
    Role,
    School,
    SchoolKind,
    SchoolYear,
    StaffRole,
    Student,
    StudentGuardian,
    User,
)

PASSWORD = "correct-horse-battery-staple"


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"{1000 + n}")
    name = factory.Sequence(lambda n: f"School {n} High School")
    kind = SchoolKind.DISTRICT_RUN


def school_year_start_today() -> int:
    """The first calendar year of the school year that is current today (in the summer break,
    the one about to start): for tests that must run on the real clock, such as sign-in
    through a real identity provider whose tokens carry real times."""
    today = datetime.date.today()
    return today.year if (today.month, today.day) > (6, 11) else today.year - 1


class SchoolYearFactory(factory.django.DjangoModelFactory):
    """The 2026-27 year unless told otherwise; ``start`` picks another."""

    class Meta:
        model = SchoolYear
        django_get_or_create = ["label"]

    class Params:
        start = 2026

    label = factory.LazyAttribute(lambda o: f"{o.start}-{(o.start + 1) % 100:02d}")
    first_day = factory.LazyAttribute(lambda o: datetime.date(o.start, 8, 24))
    last_day = factory.LazyAttribute(lambda o: datetime.date(o.start + 1, 6, 11))


class StudentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Student

    student_id = factory.Sequence(lambda n: f"{60000000 + n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    grade = 10
    date_of_birth = factory.LazyAttribute(lambda o: datetime.date(2026 - o.grade - 6, 3, 14))
    school = factory.SubFactory(SchoolFactory)


class GuardianFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guardian

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.Sequence(lambda n: f"guardian{n}@example.com")
    mobile_phone = factory.Sequence(lambda n: f"+1773555{n % 10000:04d}")


class StudentGuardianFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StudentGuardian

    student = factory.SubFactory(StudentFactory)
    guardian = factory.SubFactory(
        GuardianFactory, last_name=factory.SelfAttribute("..student.last_name")
    )
    relationship = Relationship.MOTHER
    has_educational_rights = True


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda o: f"{o.username}@district.example.org")
    password = factory.django.Password(PASSWORD)


class StaffRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffRole

    user = factory.SubFactory(UserFactory)
    role = Role.TEACHER
    school = factory.Maybe(
        factory.LazyAttribute(lambda o: o.role in (Role.TEACHER, Role.PRINCIPAL)),
        yes_declaration=factory.SubFactory(SchoolFactory),
        no_declaration=None,
    )


def staff_user(role: Role, school: School | None = None, **user_fields) -> User:
    """A staff account holding one role (at ``school`` for teachers and principals)."""
    user = UserFactory(**user_fields)
    StaffRoleFactory(user=user, role=role, school=school)
    return user
