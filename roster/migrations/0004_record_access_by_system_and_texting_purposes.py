from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("roster", "0003_cumulative_record_and_access_log"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="recordaccess",
            options={
                "ordering": ["-at"],
                "verbose_name": "student record access",
                "verbose_name_plural": "student record accesses",
            },
        ),
        migrations.RemoveConstraint(
            model_name="recordaccess",
            name="recordaccess_has_an_accessor",
        ),
        migrations.AddField(
            model_name="recordaccess",
            name="system",
            field=models.CharField(blank=True, max_length=100),
        ),
        migrations.AlterField(
            model_name="recordaccess",
            name="action",
            field=models.CharField(max_length=120),
        ),
        migrations.AlterField(
            model_name="recordaccess",
            name="purpose",
            field=models.CharField(
                choices=[
                    ("guardian_copy", "Guardian's own copy"),
                    ("countersign_review", "Principal's countersign review"),
                    ("records_review", "School records review"),
                    ("texting_check", "Check before texting the student"),
                    ("texting_export", "Release to the district's bulk-texting system"),
                ],
                max_length=40,
            ),
        ),
        migrations.AddConstraint(
            model_name="recordaccess",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("user__isnull", False),
                    ("guardian__isnull", False),
                    models.Q(("system", ""), _negated=True),
                    _connector="OR",
                ),
                name="recordaccess_has_an_accessor",
            ),
        ),
    ]
