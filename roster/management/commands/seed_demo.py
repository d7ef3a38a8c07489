"""Fill an empty database with a small, realistic demo district and one account per role."""

import datetime
import random
import secrets

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from consent.demo import demo_link_lines, demo_links_to_try, demo_mail_note, seed_consent_demo
from faq.demo import seed_faq_demo
from platforms.demo import seed_platforms_demo
from platforms.demo_survey import seed_survey_demo
from roster.models import (
    Guardian,
    Language,
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
from roster.oneroster.reader import RosterFileError
from roster.oneroster.services import RosterImportRefused, roster_import_run

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


def refuse_unless_demo(*, force: bool = False) -> None:
    """The demo commands' guards: DEBUG on (or --force), and no school but the demo's."""
    if not settings.DEBUG and not force:
        raise CommandError(
            "The demo commands add or show demo accounts and parent links, so they refuse to "
            "run when DEBUG is off. Use --force only on a database that is not production."
        )
    if not set(School.objects.values_list("code", flat=True)) <= DEMO_CODES:
        raise CommandError(
            "This database already holds schools that are not the demo district; "
            "seed_demo only fills an empty database, and only a demo database is reset."
        )


def print_demo_links(stdout) -> None:
    """Where the demo's emails go and a few parent links to try (seed_demo, demo_links)."""
    stdout.write("")
    stdout.write(demo_mail_note())
    rows = demo_links_to_try()
    if rows:
        stdout.write("Parent links to try (more: python manage.py demo_links --help):")
        for line in demo_link_lines(rows):
            stdout.write(line)


def school_year_around(day: datetime.date) -> tuple[int, datetime.date, datetime.date]:
    """The district year that includes ``day`` or, in the summer break, starts next:
    from the Monday on or after August 20 to the Friday on or before June 15."""
    start = day.year if day.month >= 7 else day.year - 1
    first = datetime.date(start, 8, 20)
    first += datetime.timedelta(days=(7 - first.weekday()) % 7)
    last = datetime.date(start + 1, 6, 15)
    last -= datetime.timedelta(days=(last.weekday() - 4) % 7)
    return start, first, last


class Command(BaseCommand):
    help = (
        "Fill an empty database with a demo district: four schools (one magnet, one charter), "
        "the current and previous school years, 60 students in grades 6-12 with guardians, "
        "one staff account per role, and demo FAQ entries. Safe to run twice. Refuses when "
        "DEBUG is off unless --force. With --roster PATH (PostgreSQL only) the schools and "
        "people come from a OneRoster export instead, such as docs/oneroster-sample."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            help="Password for every demo account (default: a random one, printed). "
            "Given on a seeded database, it resets the demo accounts' passwords.",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (and succeed) when the database already holds schools.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though DEBUG is off. Never use this on a production database.",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Empty the database first (only when it holds nothing but the demo district) "
            "and seed it anew: make demo-reset.",
        )
        parser.add_argument(
            "--roster",
            metavar="PATH",
            help="Load the schools and people from this OneRoster export (a folder or zip, "
            "e.g. docs/oneroster-sample) instead of the generated district. Needs PostgreSQL.",
        )

    def handle(
        self, *args, password=None, force=False, if_empty=False, roster=None, reset=False, **_
    ):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo adds demo accounts with known passwords, so it refuses to run when "
                "DEBUG is off. Use --force only on a database that is not production."
            )
        if if_empty and School.objects.exists():
            self.stdout.write("The database already holds schools; seed_demo left it alone.")
            return
        if roster:
            self._seed_from_roster(roster, password)
            return
        refuse_unless_demo(force=True)  # DEBUG is checked above
        if reset:
            self._reset()
        with transaction.atomic():
            years = self._ensure_school_years()
            existing_codes = set(School.objects.values_list("code", flat=True))
            if existing_codes:
                self.stdout.write("The demo district is already here; nothing was added.")
                schools = list(School.objects.filter(code__in=DEMO_CODES).order_by("code"))
            else:
                schools = self._create_district(years[0])
                added = seed_faq_demo()
                self.stdout.write(
                    f"Added {added['published']} published FAQ entries, "
                    f"{added['archived']} archived and {added['draft']} draft."
                )
            passwords = self._ensure_accounts(schools, password)
            if not existing_codes:
                seed_consent_demo(
                    principal=User.objects.get(username="principal"),
                    school=schools[0],
                    school_year=years[0],
                    designated=User.objects.get(username="coach"),
                )
                seed_platforms_demo(
                    its=User.objects.get(username="its"), schools=schools, school_year=years[0]
                )
                seed_survey_demo(
                    its=User.objects.get(username="its"),
                    principals=list(
                        User.objects.filter(username__in=["principal", "principal2"]).order_by(
                            "username"
                        )
                    ),
                    requester=User.objects.get(username="teacher"),
                    school_year=years[0],
                )

        self._print_accounts(
            [
                (username, role.label + (f" at {schools[index].name}" if index is not None else ""))
                for username, _first, _last, role, index in ACCOUNTS
            ],
            passwords,
        )
        if not existing_codes and not if_empty:  # make run (--if-empty) prints them next
            print_demo_links(self.stdout)

    def _reset(self) -> None:
        """Drops every table of the demo database (the guard above made sure it holds only
        the demo) and migrates it afresh, as removing the demo's SQLite file does."""
        if connection.vendor != "postgresql":
            raise CommandError(
                "seed_demo --reset empties a PostgreSQL demo database; for the SQLite demo, "
                "run make demo-reset (it removes the file)."
            )
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Emptied the demo database.")

    def _ensure_school_years(self) -> list[SchoolYear]:
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

    def _create_district(self, current_year: SchoolYear) -> list[School]:
        # A fixed seed: every demo database holds the same district.
        rng = random.Random(20260824)  # noqa: S311 (demo data, not secrets)
        schools, students, guardian_count = [], 0, 0
        for index, (code, name, kind, low, high, count) in enumerate(SCHOOLS):
            school = School.objects.create(code=code, name=name, kind=kind)
            schools.append(school)
            previous = None
            for n in range(count):
                student = self._create_student(rng, school, index, n, low, high, current_year)
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
                    guardian_count += self._create_guardians(rng, student)
                previous = student
        self.stdout.write(
            f"Created {len(schools)} schools, {students} students and {guardian_count} guardians."
        )
        return schools

    def _create_student(self, rng, school, school_index, n, low, high, year) -> Student:
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

    def _create_guardians(self, rng, student) -> int:
        language = rng.choice(LANGUAGES)
        relationships = [rng.choice([Relationship.MOTHER, Relationship.FATHER])]
        if rng.random() < 0.1:
            relationships = [Relationship.LEGAL_GUARDIAN]
        elif rng.random() < 0.35:
            relationships.append(
                Relationship.FATHER
                if relationships[0] == Relationship.MOTHER
                else Relationship.MOTHER
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

    def _seed_from_roster(self, path, password: str | None) -> None:
        """The demo from a OneRoster export: the roster import itself loads the schools,
        school year and people (so it needs PostgreSQL, like the import); the district-wide
        demo accounts and the FAQ are added, and the imported teachers and principals get
        the demo password so they can sign in. No consent demo data."""
        if connection.vendor != "postgresql":
            raise CommandError(
                "seed_demo --roster needs PostgreSQL: the roster import copies the files into "
                "temporary tables with COPY. Set DATABASE_URL to a PostgreSQL database, or run "
                "seed_demo without --roster for the generated demo district."
            )
        if School.objects.filter(sourced_id__isnull=True).exists():
            raise CommandError(
                "This database already holds schools that are not from a roster file; "
                "seed_demo --roster only fills an empty database (or reloads its roster)."
            )
        try:
            _plan, report = roster_import_run(path=path, dry_run=False, progress=lambda _: None)
        except (RosterFileError, RosterImportRefused) as error:
            raise CommandError(f"The roster was not loaded; nothing changed.\n{error}") from None
        for line in report[:-1]:
            self.stdout.write(f"Roster: {line}")
        with transaction.atomic():
            self._ensure_school_years()
            added = seed_faq_demo()
            self.stdout.write(f"Added {added['published']} published FAQ entries.")
            district = [a for a in ACCOUNTS if a[4] is None]
            shared = password or secrets.token_urlsafe(12)
            passwords = self._ensure_accounts([], password, district, new_password=shared)
            imported = (
                User.objects.filter(sourced_id__isnull=False, is_active=True)
                .prefetch_related("staff_roles__school")
                .order_by("username")
            )
            for user in imported:
                if password or not user.has_usable_password():
                    user.set_password(shared)
                    user.save(update_fields=["password"])
                    passwords[user.username] = shared
        rows = [(username, role.label) for username, _f, _l, role, _i in district]
        rows += [
            (
                u.username,
                ", ".join(f"{r.get_role_display()} at {r.school}" for r in u.staff_roles.all()),
            )
            for u in imported
        ]
        self._print_accounts(rows, passwords)

    def _ensure_accounts(
        self, schools: list[School], password: str | None, accounts=ACCOUNTS, new_password=None
    ) -> dict[str, str]:
        """Creates missing accounts. Returns {username: password} for the accounts whose
        password was set now; the others keep theirs."""
        new_password = new_password or password or secrets.token_urlsafe(12)
        passwords = {}
        for username, first_name, last_name, role, school_index in accounts:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first_name,
                    "last_name": last_name,
                    "email": f"{username}@district.example.org",
                    "is_superuser": role == Role.ADMINISTRATOR,
                    "is_staff": role == Role.ADMINISTRATOR,
                },
            )
            if created or (password and not user.check_password(password)):
                user.set_password(new_password)
                user.save(update_fields=["password"])
            if created or password:
                passwords[username] = new_password
            school = schools[school_index] if school_index is not None else None
            StaffRole.objects.get_or_create(user=user, role=role, school=school)
        return passwords

    def _print_accounts(self, rows: list[tuple[str, str]], passwords: dict[str, str]) -> None:
        """``rows``: (username, what the account may do), one line each."""
        self.stdout.write("")
        self.stdout.write("Demo accounts (sign in at /accounts/login/):")
        width = max(len(username) for username, _what in rows)
        for username, what in rows:
            secret = passwords.get(username, "(password unchanged)")
            self.stdout.write(f"  {username:<{width}} {secret:<22} {what}")
        if len(passwords) < len(rows):
            self.stdout.write(
                "To give every demo account a new password: "
                "python manage.py seed_demo --password NEW-PASSWORD"
            )
