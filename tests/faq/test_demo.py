"""The demo FAQ that seed_demo adds, checked against the district's own FAQ page
(shared/seed/district-aup-faq.txt), and search on the SQLite demo database."""

import io
import re

import pytest
from django.core.management import call_command

from faq.demo.base import NOT_CURRENT, PORTAL_HELP, SUPERSEDED
from faq.models import Audience, Contact, Entry, EntryStatus, SpanishStatus, Topic
from tests.faq.html import texts
from tests.helpers import run_django, sqlite_demo_env

# Every question of the page's current FAQ, as the page asks it: the entry that answers it
# and the audience the page writes it for.
CURRENT_QUESTIONS = {
    "What do I do if I am being harassed online by a staff member or adult in the building?": (
        "student-harassed-by-staff-or-adult",
        "students",
    ),
    "What do I do if I am being harassed online by a fellow CPS student?": (
        "student-harassed-by-student",
        "students",
    ),
    "Is it okay for students to use CPS' computers or network to access their personal social "
    "media account?": ("personal-social-media-on-district-network", "students"),
    "I don't understand why I can't text my teacher's cell phone or use a personal social "
    "media account to communicate with my teacher. How does this protect me?": (
        "why-not-text-my-teacher",
        "students",
    ),
    "What happens if I violate the policy?": ("student-policy-violation", "students"),
    "What do I do if I my child is being harassed online by a staff member or adult in a CPS "
    "building?": ("child-harassed-by-staff-or-adult", "parents"),
    "What do I do if my child is being harassed online by a fellow CPS student?": (
        "child-harassed-by-student",
        "parents",
    ),
    "I am a parent of a CPS student. How do I give permission for my child to receive text "
    "alerts from their school?": ("permission-for-text-alerts", "parents"),
    "I understand CPS policy prohibits my child from texting a school staff member and also "
    "prohibits a school staff member from texting my child. Are there any exceptions to this "
    "policy?": ("exceptions-for-texting-my-child", "parents"),
    "Who distributes and stores the parent consent forms (to authorize direct texting to "
    "students), how long do they need to be kept on file? (for parents)": (
        "consent-forms-for-parents",
        "parents",
    ),
    "What happens if my child violates this policy?": ("child-policy-violation", "parents"),
    "How will parents be introduced to these changes?": (
        "how-parents-hear-about-the-changes",
        "parents",
    ),
    "Will schools be provided with a kit or additional information that students can take "
    "home in their backpacks?": ("take-home-materials", "parents"),
    "Will CPS be providing recommendations to schools about best practices for teachers "
    "introducing these changes to students?": ("teacher-toolkit", "staff"),
    "Are there any exceptions to the policy that will allow me to text message students?": (
        "exceptions-for-staff-texting",
        "staff",
    ),
    "Who distributes and stores the parent consent forms (to authorize direct texting to "
    "students), how long do they need to be kept on file? (for staff)": (
        "consent-forms-for-staff",
        "staff",
    ),
    "Will my school be able to use the messaging tools that we've purchased?": (
        "messaging-tools-already-bought",
        "principals",
    ),
    "Will messaging tools that do not pass the audit be taken away from our school? If so, "
    "will ITS provide a viable alternative?": ("tools-that-fail-the-audit", "principals"),
    "What do we do if our school is considering purchasing a messaging tool for this upcoming "
    "school year?": ("buying-a-messaging-tool", "principals"),
    "What happens if an employee or other adult (vendor, volunteer, etc) authorized to use the "
    "network at our school violates the Staff Acceptable Use Policy?": (
        "staff-and-other-users-violations",
        "vendors",
    ),
    "The policy states that additional guidance is forthcoming around the use of Board-issued "
    "or personal cell phones for Board business. When will this guidance be available?": (
        "phone-guidance-when",
        "staff",
    ),
    "May I continue to use my Board-issued and personal cell phone for Board business until "
    "the guidance is available?": ("phones-until-guidance", "staff"),
    "Does the AUP affect staff who use personal equipment on the CPS network?": (
        "personal-equipment-on-network",
        "staff",
    ),
}

# Every question of the page's "OLD Content": the archived entry that keeps it.
OLD_QUESTIONS = {
    "Will ITS/CPS be providing recommendations to principals as to best practice...?": (
        "old-teacher-recommendations"
    ),
    "What do we do if our school is considering purchase of a communications tool...?": (
        "old-buying-a-communications-tool"
    ),
    "...when we are going to receive the systems survey...?": "old-when-is-the-survey",
    "What will happen if my school currently uses systems/platforms that are not included in "
    "the approved platforms list? ...": "old-platforms-not-on-the-list",
    "What is involved in the information security audit?": "old-what-the-audit-involves",
    "...How do I request a CEO-authorized exception to the new texting policy?": (
        "old-requesting-a-ceo-exception"
    ),
    "The Staff policy states that additional guidance is forthcoming around the use of "
    "Board-issued cell phones for Board business.": "old-board-phone-guidance",
    "May I continue to use my Board-issued phone for Board business until the guidance is "
    "available?": "old-board-phone-until-guidance",
    "What happens if I violate the Acceptable Use Policy?": "old-what-happens-if-i-violate",
    "Is it okay for one student to friend another student on a personal social media "
    "account?": "old-students-friending",
    "I don't understand why I can't text my teacher's cell phone...?": (
        "old-why-not-text-my-teacher"
    ),
    "What do I do if I am being harassed online by a staff member or adult in the building? "
    "(old)": "old-harassed-by-staff-or-adult",
    "What do I do if I am being harassed online by a fellow CPS student? (old)": (
        "old-harassed-by-student"
    ),
    "What happens if I violate the policy? (old)": "old-student-violation",
    "I am not an employee, but I manage a program that relies upon text and social media "
    "communications with CPS students. How am I affected by this policy?": (
        "old-non-employees-running-programs"
    ),
    "How will parents be introduced to these changes? (old)": "old-how-parents-hear",
    "Will the schools be provided with a kit...? (old)": "old-take-home-kit",
    "I am a parent of a CPS student. How do I obtain the consent form referred to in the "
    "policy?": "old-getting-the-consent-form",
    "Do these policies apply to magnet and charter school staff and students?": (
        "old-magnet-and-charter-schools"
    ),
    "Will CPS ever allow students and staff to bring their own devices?": (
        "old-bring-your-own-device"
    ),
    "If I bring my personally owned device to school for use, does the Acceptable Use Policy "
    "still apply?": "old-personal-device-at-school",
}

# Claims the review found in the earlier demo that the district's page does not make (or
# contradicts). None may appear in a published entry, in English or Spanish.
UNSUPPORTED_CLAIMS = [
    r"\bVPN",
    r"\bproxy",
    r"recording",
    r"photograph",
    r"photos?\b",
    r"child's grades",
    r"signed data-sharing agreement",
    r"data-sharing",
    r"own policies",
    r"same rules apply",
    r"charter",
    r"fix(ed)? or replace",
    r"replaced\b",
    r"bring your own",
    r"\bBYOD\b",
    r"lorem",
    r"ipsum",
    r"old policy",
]

PORTAL_HELP_SLUGS = {
    "answer-a-consent-form-in-the-portal",
    "withdraw-permission-in-the-portal",
    "issue-consent-forms-in-the-portal",
    "countersign-in-the-portal",
    "exception-request-in-the-portal",
    "check-a-student-in-the-portal",
}


@pytest.fixture
def seeded(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", "--password", "demo-pass-123", stdout=io.StringIO())


def published_text(entry: Entry) -> str:
    return " ".join([entry.question, entry.answer, entry.question_es, entry.answer_es])


def test_seed_demo_adds_faq_for_every_audience(seeded):
    # Act
    counts = {status: Entry.objects.filter(status=status).count() for status in EntryStatus.values}
    audiences_without_entries = Audience.objects.exclude(entries__status=EntryStatus.PUBLISHED)
    topics_without_entries = Topic.objects.exclude(entries__status=EntryStatus.PUBLISHED)

    # Assert: the page's 23 current questions and 6 answers about the portal; its 21 OLD ones.
    assert counts == {"draft": 1, "published": 29, "archived": 21}
    assert list(audiences_without_entries) == []
    assert list(topics_without_entries) == []


def test_seed_demo_answers_every_current_question_of_the_district_page(seeded):
    # Act
    published = {
        e.slug: {a.slug for a in e.audiences.all()}
        for e in Entry.objects.published().prefetch_related("audiences")
    }
    unanswered = {
        question: slug
        for question, (slug, audience) in CURRENT_QUESTIONS.items()
        if audience not in published.get(slug, set())
    }

    # Assert: each question answered for the audience the page writes it for, and nothing
    # published beyond the page's questions and the help about the portal.
    assert unanswered == {}
    assert set(published) == {slug for slug, _ in CURRENT_QUESTIONS.values()} | PORTAL_HELP_SLUGS


def test_seed_demo_archives_every_old_answer_labelled(seeded, client):
    # Act
    archived = {e.slug: e for e in Entry.objects.archived()}
    response = client.get("/faq/archive/")

    # Assert
    assert set(archived) == set(OLD_QUESTIONS.values())
    assert [s for s, e in archived.items() if not e.answer.startswith(SUPERSEDED)] == [
        "old-what-the-audit-involves",
        "old-non-employees-running-programs",
        "old-magnet-and-charter-schools",
        "old-bring-your-own-device",
    ]
    # Those four have no current answer: their label says the current FAQ does not address it.
    assert all(
        archived[s].answer.startswith(NOT_CURRENT)
        and "[The current answer]" not in archived[s].answer
        for s in ["old-what-the-audit-involves", "old-bring-your-own-device"]
    )
    assert len(texts(response, "faq-archived")) == 21
    assert all(t.startswith("No longer current") for t in texts(response, "faq-archived-label"))


def test_seed_demo_faq_makes_no_claim_the_district_page_does_not(seeded):
    # Act
    found = {
        entry.slug: pattern
        for entry in Entry.objects.published()
        for pattern in UNSUPPORTED_CLAIMS
        if re.search(pattern, published_text(entry), flags=re.IGNORECASE)
    }

    # Assert
    assert found == {}


def test_seed_demo_faq_has_none_of_the_four_contradictions(seeded, client):
    # Arrange
    entries = {e.slug: e for e in Entry.objects.all()}
    adults = [
        entries["student-harassed-by-staff-or-adult"],
        entries["child-harassed-by-staff-or-adult"],
    ]

    # Act
    faq = " ".join(client.get("/faq/").content.decode().split())
    home = " ".join(texts(client.get("/"), "students-adult"))

    # Assert 1: an adult's message goes to the OIG, never the hotline, in the FAQ and on home.
    assert [("{{contact:oig}}" in e.answer, "hotline" in e.answer) for e in adults] == [
        (True, False),
        (True, False),
    ]
    assert ("Office of Inspector General" in home, "Hotline" in home) == (True, False)
    # 2: buying a messaging tool means calling the IT Service Desk for an AUP consult.
    buying = entries["buying-a-messaging-tool"].answer
    assert ("{{contact:service_desk}}" in buying, "Acceptable Use Policy consult" in buying) == (
        True,
        True,
    )
    assert "aup_mailbox" not in buying
    # 3: the audit is not punitive and a failing vendor gets a plan first.
    audit = entries["tools-that-fail-the-audit"].answer
    assert ("not meant to be punitive" in audit, "plan to fix the problems" in audit) == (
        True,
        True,
    )
    # 4: bring-your-own-device is only the archived "still exploring" answer.
    assert "Bring Your Own Device" not in faq
    assert "exploring" in entries["old-bring-your-own-device"].answer


def test_seed_demo_faq_says_the_policy_facts(seeded, client):
    # Act
    page = " ".join(client.get("/faq/").content.decode().split())

    # Assert: contact numbers come from the Contact rows at render time.
    for fact in [
        "only for the <strong>school year</strong> in which you sign it",
        "grades 9–12",
        "<strong>cumulative folder</strong>",
        "the principal have both given prior written permission",
        '<a href="tel:7734837283">773-483-7283</a>',
        '<a href="tel:7735354400">773-535-4400</a>',
        '<a href="tel:7735533925">773-553-3925</a>',
        '<a href="mailto:aupguidelines@cps.edu">aupguidelines@cps.edu</a>',
        "October 1, 2018",
    ]:
        assert fact in page, fact


def test_seed_demo_parent_entries_have_reviewed_spanish(seeded):
    # Act
    missing = Entry.objects.published().filter(audiences__slug="parents")
    missing = missing.exclude(spanish_status=SpanishStatus.REVIEWED).values_list("slug", flat=True)
    spanish = Entry.objects.get(slug="child-harassed-by-staff-or-adult")

    # Assert: same facts, same contact.
    assert list(missing) == []
    assert "{{contact:oig}}" in spanish.answer_es
    assert "Oficina del Inspector General" in spanish.answer_es


def test_seed_demo_portal_help_is_marked_as_not_policy(seeded, client):
    # Act
    help_entries = Entry.objects.filter(topic__slug="using-this-portal")
    response = client.get("/faq/")

    # Assert: their own topic, a label that opens each answer, and the label on the page.
    assert {e.slug for e in help_entries.published()} == PORTAL_HELP_SLUGS
    assert [e.slug for e in help_entries if not e.answer.startswith(PORTAL_HELP)] == []
    assert "Using this portal (help, not policy)" in texts(response, "faq-topic-heading")
    labelled = [t for t in texts(response, "faq-answer") if t.startswith(PORTAL_HELP.strip("*\n"))]
    assert len(labelled) >= len(PORTAL_HELP_SLUGS)


def test_seed_demo_keywords_help_search(seeded):
    # Act
    without = Entry.objects.exclude(status=EntryStatus.DRAFT).filter(keywords="")
    spanish = Entry.objects.get(slug="permission-for-text-alerts").keywords

    # Assert
    assert list(without.values_list("slug", flat=True)) == []
    assert ("textng" in spanish, "permiso" in spanish, "mensajes de texto" in spanish) == (
        True,
        True,
        True,
    )


def test_seed_demo_faq_answers_show_edited_contacts(seeded, client):
    # Arrange: an editor changes the OIG's number in the admin.
    Contact.objects.filter(key="oig").update(value="773-555-0199")

    # Act
    response = client.get("/faq/")

    # Assert: both answers that name it, their contact boxes and the footer show the new
    # number; the old one is nowhere.
    answers = [t for t in texts(response, "faq-answer") if "773-555-0199" in t]
    boxes = [t for t in texts(response, "contact-box") if "773-555-0199" in t]
    footer = texts(response, "footer-contacts")
    assert (len(answers), len(boxes), "773-555-0199" in footer[0]) == (2, 2, True)
    assert "773-483-7283" not in response.content.decode()


def test_seed_demo_twice_leaves_the_faq_alone(seeded, capsys):
    # Arrange
    before = list(Entry.history.order_by("history_id").values_list("history_id", "answer"))

    # Act
    call_command("seed_demo")

    # Assert
    after = list(Entry.history.order_by("history_id").values_list("history_id", "answer"))
    assert after == before


def test_seed_demo_reports_the_faq(db, settings, capsys):
    # Arrange
    settings.DEBUG = True

    # Act
    call_command("seed_demo", "--password", "demo-pass-123")

    # Assert
    assert "Added 29 published FAQ entries, 21 archived and 1 draft." in capsys.readouterr().out


def test_faq_search_on_sqlite_demo_falls_back_to_substring(tmp_path):
    # Arrange: the zero-setup demo database.
    def manage(*args):
        return run_django(["manage.py", *args], **sqlite_demo_env(tmp_path / "demo.sqlite3"))

    script = (
        "from django.test import Client; import re\n"
        "html = Client().get('/faq/', {'q': 'backpack'}, HTTP_HOST='localhost').content.decode()\n"
        'print(re.findall(r\'<h2 class="h5"><a href="(/faq/#[^"]+)">(.*?)</a>\', html))\n'
    )

    # Act
    manage("migrate", "--no-input", "-v", "0")
    manage("seed_demo", "--password", "demo-pass-123")
    search = manage("shell", "-v", "0", "-c", script)

    # Assert: the word is highlighted; archived entries are not results.
    assert search.returncode == 0, search.stderr
    assert search.stdout.strip() == str(
        [
            (
                "/faq/#take-home-materials",
                "Will schools get a kit or information that students can take home in their "
                "<mark>backpack</mark>s?",
            ),
        ]
    )
