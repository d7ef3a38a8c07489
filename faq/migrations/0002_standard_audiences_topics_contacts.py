"""Every deployment starts with the policy's audiences, the usual topics, and the contacts the
pages show (from the DISTRICT_* settings); editors change them in the admin afterwards."""

from django.conf import settings
from django.db import migrations

AUDIENCES = [
    (
        "students",
        "Students",
        "What the policy means for you: texts from staff, your devices, social media, and "
        "whom to tell when something is wrong.",
        10,
    ),
    (
        "parents",
        "Parents and guardians",
        "Consent forms for texting, what staff may and may not send your child, and how to "
        "raise a concern.",
        20,
    ),
    (
        "staff",
        "Staff",
        "When you may text a student, the approved programs, exceptions, and the tools you "
        "may use.",
        30,
    ),
    (
        "principals",
        "Principals and school administrators",
        "Issuing consent forms, countersigning safety meet-up texting, endorsing exception "
        "requests, and buying messaging tools.",
        40,
    ),
    (
        "vendors",
        "Vendors and partners",
        "What the district expects of messaging platforms and of partners who work with students.",
        50,
    ),
]

TOPICS = [
    ("texting", "Texting students", 10),
    ("consent-forms", "Consent forms", 20),
    ("exceptions", "Exceptions", 30),
    ("social-media", "Social media", 40),
    ("devices", "Devices and the network", 50),
    ("harassment", "Harassment and safety", 60),
    ("platforms", "Messaging platforms", 70),
    ("violations", "Violations", 80),
]


def contacts():
    district = settings.DISTRICT
    return [
        (
            "Student Protections Hotline",
            "phone",
            district["student_hotline_phone"],
            "Report harassment, abuse, or an adult's inappropriate contact with a student.",
            10,
        ),
        (
            "Office of Inspector General",
            "phone",
            district["inspector_general_phone"],
            "Report misconduct, fraud or waste by district employees or vendors.",
            20,
        ),
        (
            "IT Service Desk",
            "phone",
            district["service_desk_phone"],
            "Help with district accounts, devices and network access.",
            30,
        ),
        (
            "AUP guidance mailbox",
            "email",
            district["guidance_email"],
            "Questions about the Acceptable Use Policy and this guidance.",
            40,
        ),
    ]


def add_standard_content(apps, schema_editor):
    Audience = apps.get_model("faq", "Audience")
    Topic = apps.get_model("faq", "Topic")
    Contact = apps.get_model("faq", "Contact")
    for slug, name, intro, position in AUDIENCES:
        Audience.objects.get_or_create(
            slug=slug, defaults={"name": name, "intro": intro, "position": position}
        )
    for slug, name, position in TOPICS:
        Topic.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})
    for label, kind, value, purpose, position in contacts():
        Contact.objects.get_or_create(
            label=label,
            defaults={"kind": kind, "value": value, "purpose": purpose, "position": position},
        )


class Migration(migrations.Migration):
    dependencies = [("faq", "0001_faq_content_and_inbox")]

    operations = [migrations.RunPython(add_standard_content, migrations.RunPython.noop)]
