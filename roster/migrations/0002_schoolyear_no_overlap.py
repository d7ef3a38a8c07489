"""School years never overlap: a PostgreSQL exclusion constraint guarantees it.

SQLite (the zero-setup demo only) relies on SchoolYear.clean() instead.
"""

from django.db import migrations

CONSTRAINT = "schoolyear_no_overlap"


def add_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"ALTER TABLE roster_schoolyear ADD CONSTRAINT {CONSTRAINT} "
            "EXCLUDE USING gist (daterange(first_day, last_day, '[]') WITH &&)"
        )


def drop_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE roster_schoolyear DROP CONSTRAINT {CONSTRAINT}")


class Migration(migrations.Migration):
    dependencies = [("roster", "0001_initial")]

    operations = [migrations.RunPython(add_constraint, drop_constraint)]
