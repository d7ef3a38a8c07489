"""``manage.py retention_review``: the monthly list of cumulative-record documents past
retention and under no legal hold, for ITS to review in the admin. It destroys nothing."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from roster.models.retention import kept_until
from roster.retention.selectors import documents_past_retention, kinds_without_rule


class Command(BaseCommand):
    help = (
        "Lists the documents past retention and under no legal hold (run monthly). Nothing is "
        "destroyed: ITS destroys from the admin's “Documents past retention” list."
    )

    def handle(self, **options):
        today = timezone.localdate()
        documents = list(documents_past_retention(today=today))
        self.stdout.write(f"Retention review, {today:%Y-%m-%d}: {len(documents)} document(s).")
        for document in documents:
            student = document.student
            until = kept_until(student.left_on, document.rule_years)
            self.stdout.write(
                f"{student.student_id}\t{student.full_name}\t{student.school.code}\t"
                f"left {student.left_on:%Y-%m-%d}\tkept until {until:%Y-%m-%d}\t"
                f"{document.kind}\t#{document.pk}\t{document.title}"
            )
        missing = kinds_without_rule()
        if missing:
            raise CommandError(
                "No retention rule for: " + ", ".join(missing) + ". Their documents were not "
                "reviewed; add the rules (admin: Retention rules)."
            )
