"""The demo FAQ that seed_demo adds: the district's own FAQ page
(shared/seed/district-aup-faq.txt) in our own words, every current question for the audience
the page writes it for, its OLD answers as archived entries, and a few answers about using
this portal, marked as such."""

from faq.demo.archived import ARCHIVED
from faq.demo.base import DemoEntry
from faq.demo.families import PARENTS, ROLLOUT, STUDENTS
from faq.demo.portal_help import PORTAL_HELP_ENTRIES
from faq.demo.staff import STAFF
from faq.models import Audience, Entry, EntryStatus, SpanishStatus, Topic
from faq.services import entry_save

# The audiences and topics the entries use, in case an editor removed one (migration 0002
# adds the first eight topics and the audiences to every database, 0007 their Spanish names).
AUDIENCE_NAMES = {
    "students": ("Students", "Estudiantes"),
    "parents": ("Parents and guardians", "Padres, madres y tutores"),
    "staff": ("Staff", "Personal"),
    "principals": (
        "Principals and school administrators",
        "Directores y administradores escolares",
    ),
    "vendors": ("Vendors and partners", "Proveedores y socios"),
}
TOPICS = {
    "texting": ("Texting students", "Mensajes de texto a estudiantes", 10),
    "consent-forms": ("Consent forms", "Formularios de consentimiento", 20),
    "exceptions": ("Exceptions", "Excepciones", 30),
    "social-media": ("Social media", "Redes sociales", 40),
    "devices": ("Devices and the network", "Dispositivos y la red", 50),
    "harassment": ("Harassment and safety", "Acoso y seguridad", 60),
    "platforms": ("Messaging platforms", "Plataformas de mensajería", 70),
    "violations": ("Violations", "Infracciones", 80),
    "rollout": ("Introducing the policy", "Presentación de la política", 90),
    "using-this-portal": (
        "Using this portal (help, not policy)",
        "Uso de este portal (ayuda, no política)",
        100,
    ),
}


def demo_entries() -> list[DemoEntry]:
    """In page order: students, parents, the rollout, staff, help with the portal, archive."""
    return [*STUDENTS, *PARENTS, *ROLLOUT, *STAFF, *PORTAL_HELP_ENTRIES, *ARCHIVED]


def seed_faq_demo() -> dict[str, int]:
    """Add the demo entries that are not there yet (matched by slug), through the same
    service the admin uses. Returns how many were added per status."""
    audiences = {
        slug: Audience.objects.get_or_create(
            slug=slug, defaults={"name": name, "name_es": name_es}
        )[0]
        for slug, (name, name_es) in AUDIENCE_NAMES.items()
    }
    topics = {
        slug: Topic.objects.get_or_create(
            slug=slug, defaults={"name": name, "name_es": name_es, "position": pos}
        )[0]
        for slug, (name, name_es, pos) in TOPICS.items()
    }
    existing = set(Entry.objects.values_list("slug", flat=True))
    added = dict.fromkeys(EntryStatus.values, 0)
    for position, demo in enumerate(demo_entries(), start=1):
        if demo.slug in existing:
            continue
        entry = Entry(
            slug=demo.slug,
            question=demo.question,
            answer=demo.answer,
            keywords=demo.keywords,
            question_es=demo.question_es,
            answer_es=demo.answer_es,
            spanish_status=SpanishStatus.REVIEWED if demo.answer_es else SpanishStatus.NONE,
            topic=topics[demo.topic] if demo.topic else None,
            position=position * 10,
            status=demo.status,
        )
        entry_save(entry=entry, audiences=[audiences[s] for s in demo.audiences], editor=None)
        added[demo.status] += 1
    return added
