"""``manage.py import_roster PATH [--dry-run] [--force]``: loads a OneRoster export (a zip
or a folder) into the roster; see docs/roster-import.md."""

import time

from django.core.management.base import BaseCommand, CommandError

from roster.oneroster.reader import RosterFileError
from roster.oneroster.services import RosterImportRefused, roster_import_run


class Command(BaseCommand):
    help = "Imports a OneRoster 1.1/1.2 CSV export (zip or folder) into the roster."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only check the file and show what it would change.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Apply even if more students than ROSTER_IMPORT_MAX_LEFT_SHARE would leave.",
        )

    def handle(self, path, dry_run, force, **options):
        started = time.monotonic()

        def progress(message):
            self.stdout.write(f"[{time.monotonic() - started:6.1f} s] {message}")
            self.stdout.flush()

        try:
            plan, report = roster_import_run(
                path=path, dry_run=dry_run, force=force, progress=progress
            )
        except RosterFileError as error:
            raise CommandError(
                f"The roster file was not imported; nothing changed.\n{error}"
            ) from None
        except RosterImportRefused as refusal:
            raise CommandError(f"{refusal.plan}\nNothing changed.") from None
        self.stdout.write(str(plan))
        if dry_run:
            self.stdout.write("Dry run: nothing changed.")
        for line in report:
            self.stdout.write(line)
