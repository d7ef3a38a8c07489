"""Print the demo's parent links (make demo-links), by school, language and answer."""

from django.core.management.base import BaseCommand

from consent.demo import demo_link_lines, demo_links
from roster.management.commands.seed_demo import print_demo_links, refuse_unless_demo


class Command(BaseCommand):
    help = (
        "Print the demo's parent links with the date of birth each one asks for. Each token is "
        "remade from its link as reminders do (only its hash is stored), so the links are "
        "valid while LINK_SIGNING_KEY stays. Only on a demo database, and only in DEBUG."
    )

    def add_arguments(self, parser):
        parser.add_argument("--school", default="", metavar="CODE", help="e.g. 610101")
        parser.add_argument("--language", default="", choices=["", "en", "es"])
        answer = parser.add_mutually_exclusive_group()
        answer.add_argument("--waiting", action="store_true", help="Only unanswered requests.")
        answer.add_argument("--answered", action="store_true", help="Only answered requests.")
        parser.add_argument("--limit", type=int, default=20, help="At most this many (20).")
        parser.add_argument(
            "--short",
            action="store_true",
            help="Where the demo's emails go and one link of each kind (what make run prints).",
        )
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")

    def handle(self, *args, school, language, waiting, answered, limit, short, force, **_):
        refuse_unless_demo(force=force)
        if short:
            print_demo_links(self.stdout)
            return
        which = True if answered else (False if waiting else None)
        rows = demo_links(school_code=school, language=language, answered=which)
        for line in demo_link_lines(rows[:limit]):
            self.stdout.write(line)
        self.stdout.write(f"{min(limit, len(rows))} of {len(rows)} links.")
