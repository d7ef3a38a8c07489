from django.core.management.base import BaseCommand

from platforms.services import platforms_reaudit_due


class Command(BaseCommand):
    help = (
        "Move every platform whose approval is past its date to 'due for re-audit' (run daily; "
        "safe to rerun: a platform already moved is left alone)."
    )

    def handle(self, *args, **options):
        moved = platforms_reaudit_due()
        self.stdout.write(f"Approvals past their date, now due for re-audit: {moved}.")
