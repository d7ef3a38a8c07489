"""Render and file the PDFs of signed records and countersignatures that have none yet."""

from django.core.management.base import BaseCommand, CommandError

from consent.models import ConsentRecord, Countersignature
from consent.services.filing import consent_file_countersignature_pdf, consent_file_pdf


class Command(BaseCommand):
    help = (
        "Render and file in the cumulative record every signed consent form and principal's "
        "countersignature whose PDF is missing (for example after a rendering failure)."
    )

    def handle(self, *args, **options):
        records = ConsentRecord.objects.filter(document__isnull=True).values_list("pk", flat=True)
        countersignatures = Countersignature.objects.filter(document__isnull=True).values_list(
            "pk", flat=True
        )
        filed = failed = 0
        for pk in records:
            filed, failed = self._file(consent_file_pdf, filed, failed, record_id=pk)
        for pk in countersignatures:
            filed, failed = self._file(
                consent_file_countersignature_pdf, filed, failed, countersignature_id=pk
            )
        self.stdout.write(f"Filed {filed} PDF(s); {failed} failed.")
        if failed:
            raise CommandError(f"{failed} PDF(s) could not be filed; see the messages above.")

    def _file(self, service, filed, failed, **key):
        try:
            service(**key)
        except Exception as error:  # report each failure and go on with the others
            self.stderr.write(f"Could not file {key}: {error}")
            return filed, failed + 1
        return filed + 1, failed
