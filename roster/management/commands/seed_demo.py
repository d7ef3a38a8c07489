"""Fill an empty database with a small, realistic demo district and one account per role."""

import secrets

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from consent.demo import demo_link_lines, demo_links_to_try, demo_mail_note, seed_consent_demo
from faq.demo import seed_faq_demo
from platforms.demo import seed_platforms_demo
from platforms.demo_survey import seed_survey_demo
from roster.demo import ACCOUNTS, DEMO_CODES, create_district, ensure_school_years
from roster.models import (
    Role,
    School,
    StaffRole,
    User,
)
from roster.oneroster.reader import RosterFileError
from roster.oneroster.services import RosterImportRefused, roster_import_run


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
            years = ensure_school_years()
            existing_codes = set(School.objects.values_list("code", flat=True))
            if existing_codes:
                self.stdout.write("The demo district is already here; nothing was added.")
                schools = list(School.objects.filter(code__in=DEMO_CODES).order_by("code"))
            else:
                schools, students, guardians = create_district(years[0])
                self.stdout.write(
                    f"Created {len(schools)} schools, {students} students and "
                    f"{guardians} guardians."
                )
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
            ensure_school_years()
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
