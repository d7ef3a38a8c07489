from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("consent", "0017_campaigns"),
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
    ]
