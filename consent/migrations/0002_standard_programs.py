"""The three programs the Acceptable Use Policy itself allows exist in every deployment."""

from django.db import migrations

STANDARD_PROGRAMS = [
    {
        "slug": "bulk-alerts",
        "name": "Bulk text notifications and alerts",
        "kind": "bulk_alerts",
        "summary": (
            "The school sends group alerts (closings, schedule changes, emergencies) to the "
            "student's own phone through the district-approved bulk messaging system."
        ),
        "staff_rules": (
            "Alerts go out only through the district-approved bulk system, as group messages. "
            "Staff do not reply to or start one-to-one conversations from it."
        ),
        "lowest_grade": -1,
        "highest_grade": 12,
        "requires_principal_countersign": False,
        "allows_duplicate_alerts": True,
        "group_texts_include_parent": False,
        "copy_staff_district_email": False,
        "position": 10,
    },
    {
        "slug": "safety-meetup",
        "name": "Safety meet-up communications",
        "kind": "safety_meetup",
        "summary": (
            "During a school trip, game or other educational or extra-curricular activity, "
            "designated staff may text high-school students to keep them safe: where to meet, "
            "when the bus leaves, a change of plan."
        ),
        "staff_rules": (
            "Only staff the principal designates, only for the activity, and only as group "
            "texts that include the parent or guardian and the staff member's district email "
            "address, so every message is kept. Needs the principal's written permission too."
        ),
        "lowest_grade": 9,
        "highest_grade": 12,
        "requires_principal_countersign": True,
        "allows_duplicate_alerts": False,
        "group_texts_include_parent": True,
        "copy_staff_district_email": True,
        "position": 20,
    },
    {
        "slug": "reengagement",
        "name": "Re-engagement programs",
        "kind": "reengagement",
        "summary": (
            "Outreach by CEO-approved programs to help students who are out of school, often "
            "absent, or returning from juvenile detention get back to school."
        ),
        "staff_rules": (
            "Only staff of a CEO-approved re-engagement program, only as group texts that "
            "include the parent or guardian and the staff member's district email address."
        ),
        "lowest_grade": 7,
        "highest_grade": 12,
        "requires_principal_countersign": False,
        "allows_duplicate_alerts": False,
        "group_texts_include_parent": True,
        "copy_staff_district_email": True,
        "position": 30,
    },
]


def add_programs(apps, schema_editor):
    TextingProgram = apps.get_model("consent", "TextingProgram")
    for fields in STANDARD_PROGRAMS:
        TextingProgram.objects.update_or_create(slug=fields["slug"], defaults=fields)


class Migration(migrations.Migration):
    dependencies = [("consent", "0001_texting_programs")]

    operations = [migrations.RunPython(add_programs, migrations.RunPython.noop)]
