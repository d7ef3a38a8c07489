from django.db import migrations, models
from django.db.models import Q


class Migration(migrations.Migration):
    dependencies = [
        ("consent", "0018_link_indexes_lean"),
    ]

    operations = [
        # The dashboard's coverage of a school's students: each student's requests for one
        # program and year, looked up by student (consent.coverage.annotate_coverage).
        migrations.AddIndex(
            model_name="consentrequest",
            index=models.Index(
                fields=["student", "program", "school_year"],
                name="consentrequest_student_program",
            ),
        ),
        # The locked links the dashboard lists: few, found without the school's requests.
        migrations.AddIndex(
            model_name="consentlink",
            index=models.Index(
                fields=["blocked_at", "id"],
                condition=Q(blocked_at__isnull=False),
                name="consentlink_blocked",
            ),
        ),
    ]
