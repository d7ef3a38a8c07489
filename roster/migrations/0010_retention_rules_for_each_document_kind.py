"""One retention rule per kind of document the cumulative record holds today. The forms are
temporary records under the Illinois School Student Records Act."""

from django.db import migrations

STUDENT_RECORDS_ACT = (
    "Illinois School Student Records Act: a temporary record is kept at least five years "
    "after the student transfers, graduates or withdraws."
)
KINDS = ["consent_form", "countersignature", "paper_consent_form", "withdrawal", "phone_change"]


def add_rules(apps, schema_editor):
    RetentionRule = apps.get_model("roster", "RetentionRule")
    for kind in KINDS:
        RetentionRule.objects.get_or_create(
            kind=kind,
            defaults={"years_after_leaving": 5, "legal_basis": STUDENT_RECORDS_ACT},
        )


class Migration(migrations.Migration):
    dependencies = [("roster", "0009_retention_rules_legal_holds_and_destruction")]

    operations = [migrations.RunPython(add_rules, migrations.RunPython.noop)]
