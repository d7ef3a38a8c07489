"""The IT Service Desk's purpose and two audiences' intros say only what the district's FAQ page
says. The page sends people to the Service Desk for an Acceptable Use Policy consult only; it
does not speak of principals endorsing exception requests (that is this portal's own step);
and for vendors it speaks of messaging platforms and of vendors and volunteers on the network.
A row is changed only where it still has the words an earlier migration gave it."""

from django.db import migrations

SERVICE_DESK_PURPOSE = (
    # 0006's words, then the new ones.
    "Request an Acceptable Use Policy consult, for example when considering buying a "
    "messaging tool; help with district accounts.",
    "Request an Acceptable Use Policy consult, for example when considering buying a "
    "messaging tool.",
)

AUDIENCE_INTROS = {
    "principals": (
        "Issuing consent forms, countersigning safety meet-up texting, endorsing exception "
        "requests, and buying messaging tools.",
        "Consent forms, the principal's written permission for safety meet-up texting, and "
        "buying messaging tools.",
    ),
    "vendors": (
        "What the district expects of messaging platforms and of partners who work with students.",
        "Messaging platforms and their audit, and what the policy means for vendors, volunteers "
        "and other adults who use the district's network.",
    ),
}


def update_words(apps, schema_editor):
    Contact = apps.get_model("faq", "Contact")
    Audience = apps.get_model("faq", "Audience")
    old, new = SERVICE_DESK_PURPOSE
    Contact.objects.filter(key="service_desk", purpose=old).update(purpose=new)
    for slug, (old, new) in AUDIENCE_INTROS.items():
        Audience.objects.filter(slug=slug, intro=old).update(intro=new)


class Migration(migrations.Migration):
    dependencies = [("faq", "0007_spanish_names_for_audiences_and_topics")]

    operations = [migrations.RunPython(update_words, migrations.RunPython.noop)]
