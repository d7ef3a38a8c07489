"""Daily: asks requesters to re-attest their approved exceptions from EXCEPTION_REATTEST_DAYS
days before the school year's last day, and lapses the unanswered ones after it. Safe to
rerun and to run twice at once (each request is locked and re-checked)."""

from django.core.management.base import BaseCommand

from exceptions.services.reattest import reattest_ask_due, reattest_lapse_due


class Command(BaseCommand):
    help = "Ask for re-attestation of approved exceptions before the year's end; lapse the rest."

    def handle(self, *args, **options):
        asked = reattest_ask_due()
        lapsed = reattest_lapse_due()
        self.stdout.write(f"Asked to re-attest: {asked}. Lapsed: {lapsed}.")
