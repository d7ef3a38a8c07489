"""Version 1 of the English consent form for each standard program."""

from django.db import migrations

FORM_TEXTS = {
    "bulk-alerts": (
        "Permission to send text alerts to your child",
        """Your child's school uses the district's approved bulk messaging system to send short group text alerts: school closings, schedule changes, emergencies and reminders about school events.

With your permission, these alerts go to your child's own mobile phone. Alerts are group messages sent by the system. Staff do not use it for private conversations, and your child cannot reply to a staff member through it.

You may also choose to receive the same alerts on your own phone.

Your permission covers this school year only. It is kept in your child's school file. You may withdraw it at any time, and alerts stop at once.""",
    ),
    "safety-meetup": (
        "Permission for safety texts during school activities",
        """During school trips, games, competitions and other educational or extra-curricular activities, staff the principal has designated may need to text your high-school student to keep them safe: where to meet, when the bus leaves, or a change of plan.

Every text is a group text that includes you (the parent or guardian) and the staff member's district email address, so that every message is kept. Staff never text your child privately.

The principal must also give written permission before any texts are sent.

Your permission covers this school year only. It is kept in your child's school file. You may withdraw it at any time, and texts stop at once.""",
    ),
    "reengagement": (
        "Permission for re-engagement texts",
        """The district runs programs, approved by the Chief Executive Officer, that help students who are out of school, often absent, or returning from juvenile detention get back to school. Program staff may need to text your child to stay in touch and offer support.

Every text is a group text that includes you (the parent or guardian) and the staff member's district email address, so that every message is kept. Staff never text your child privately.

Your permission covers this school year only. It is kept in your child's school file. You may withdraw it at any time, and texts stop at once.""",
    ),
}


def add_texts(apps, schema_editor):
    TextingProgram = apps.get_model("consent", "TextingProgram")
    ConsentFormText = apps.get_model("consent", "ConsentFormText")
    for slug, (title, body) in FORM_TEXTS.items():
        program = TextingProgram.objects.get(slug=slug)
        ConsentFormText.objects.get_or_create(
            program=program, language="en", version=1, defaults={"title": title, "body": body}
        )


class Migration(migrations.Migration):
    dependencies = [("consent", "0003_requests_links_records")]

    operations = [migrations.RunPython(add_texts, migrations.RunPython.noop)]
