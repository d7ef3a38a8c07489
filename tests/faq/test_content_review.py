"""The content review (issue #10): the portal states only what the district's FAQ page states.
The programs, consent forms, exception route, help texts and Spanish headings, as the
migrations leave them in every database and as the public pages show them."""

import io
import re

import pytest
from django.core.management import call_command

from consent.models import TextingProgram
from consent.services.forms_text import current_form_text
from faq.models import Audience, Contact, Entry, Topic
from tests.faq.factories import AudienceFactory, EntryFactory, TopicFactory
from tests.faq.html import texts

pytestmark = pytest.mark.django_db

STANDARD_SLUGS = ["bulk-alerts", "safety-meetup", "reengagement"]
MAILBOX_LINK = '<a href="mailto:aupguidelines@cps.edu">aupguidelines@cps.edu</a>'

# Promises and examples the page does not make, in English and Spanish.
REMOVED_FROM_FORMS = [
    r"at once",
    r"de inmediato",
    r"privat",
    r"privad",
    r"cannot reply",
    r"no puede responder",
    r"closings",
    r"cierres",
    r"the bus",
    r"autobús",
    r"secundaria",
]


def one_line(response) -> str:
    return " ".join(response.content.decode().split())


def test_programs_page_says_nothing_of_charter_policies(client):
    # Act
    page = one_line(client.get("/guidance/programs/"))

    # Assert
    assert "follow their own policies" not in page
    assert "This portal does not issue consent forms for charter schools." in page


def test_programs_page_exception_route_names_the_mailbox_before_the_portal_steps(client):
    # Act
    response = client.get("/guidance/programs/")
    rule = " ".join(texts(response, "outside-rule"))
    help_text = " ".join(texts(response, "outside-portal-help"))
    page = one_line(response)

    # Assert: the page's rule (a written request to the mailbox, for the CEO's approval)
    # comes first; the principal and IT Services appear only as help about this portal.
    assert "written exception request for the CEO's approval" in rule
    assert MAILBOX_LINK in page
    assert page.index(MAILBOX_LINK) < page.index("in this portal, your written request goes")
    assert "endorses" not in rule and "principal" not in rule
    assert help_text.startswith("Help with this portal")
    assert "Director of Information Security" not in page


def test_home_page_staff_card_names_the_mailbox_and_the_cumulative_folder(client):
    # Act
    response = client.get("/")
    page = one_line(response)
    exception = " ".join(texts(response, "staff-exception"))

    # Assert
    assert "written exception request for the CEO's approval" in exception
    assert MAILBOX_LINK in page
    assert "cumulative folder" in page
    assert "where schools file the signed forms" not in page
    assert "You can check in this portal whether a student is covered." in page
    assert "check in this portal that a student is covered before you text" not in page


def test_home_page_exception_route_without_the_mailbox_row_still_states_the_rule(client):
    # Arrange
    Contact.objects.filter(key="aup_mailbox").update(active=False)

    # Act
    exception = " ".join(texts(client.get("/"), "staff-exception"))

    # Assert
    assert "CEO's approval" in exception
    assert "aupguidelines" not in exception


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("slug", STANDARD_SLUGS)
def test_form_text_version_2_without_the_removed_promises(slug, language):
    # Arrange
    program = TextingProgram.objects.get(slug=slug)

    # Act
    text = current_form_text(program, language)

    # Assert: version 2 is the one shown; version 1 stays for the records signed on it.
    assert (text.version, text.language) == (2, language)
    assert program.form_texts.filter(language=language, version=1).exists()
    found = [p for p in REMOVED_FROM_FORMS if re.search(p, text.body, flags=re.IGNORECASE)]
    assert found == []
    assert "cumulative" in text.body or "acumulativo" in text.body


@pytest.mark.parametrize("language", ["en", "es"])
def test_reengagement_form_says_only_the_ceos_requirements(language):
    # Act
    body = current_form_text(TextingProgram.objects.get(slug="reengagement"), language).body

    # Assert
    assert ("CEO's requirements" in body) or ("requisitos del CEO" in body)
    for claim in ["district email", "correo electrónico del distrito", "includes you", "incluye"]:
        assert claim not in body


def test_reengagement_program_row_claims_no_group_text_rules_of_its_own(client):
    # Arrange
    program = TextingProgram.objects.get(slug="reengagement")

    # Act
    response = client.get("/guidance/programs/")
    page = response.content.decode()
    card = page[page.index('id="program-reengagement"') :]
    card = card[: card.index("</section>")]

    # Assert
    assert (program.group_texts_include_parent, program.copy_staff_district_email) == (
        False,
        False,
    )
    assert "district email" not in program.staff_rules
    assert "CEO&#x27;s requirements for parent or guardian permission and group texts" in card
    assert "Texts include the parent or guardian" not in card
    assert "Texts include the staff member" not in card


def test_programs_rows_keep_none_of_the_invented_examples():
    # Act
    words = " ".join(
        f"{p.summary} {p.staff_rules}"
        for p in TextingProgram.objects.filter(slug__in=STANDARD_SLUGS)
    )

    # Assert
    for invented in ["closings", "emergencies", "bus leaves", "principal designates", "one-to-one"]:
        assert invented not in words
    assert "Designated school staff" in words


def test_service_desk_purpose_and_audience_intros_as_the_page_states():
    # Act
    purpose = Contact.objects.get(key="service_desk").purpose
    intros = dict(Audience.objects.values_list("slug", "intro"))

    # Assert
    assert purpose == (
        "Request an Acceptable Use Policy consult, for example when considering buying a "
        "messaging tool."
    )
    assert "endors" not in intros["principals"]
    assert "volunteers" in intros["vendors"] and "partners who work with" not in intros["vendors"]


def test_faq_in_spanish_has_spanish_audience_and_topic_headings(client):
    # Arrange
    parents = AudienceFactory(slug="parents")
    consent_forms = TopicFactory(slug="consent-forms")
    EntryFactory(slug="a-question", audiences=[parents], topic=consent_forms)

    # Act
    spanish = client.get("/faq/", {"lang": "es"})
    english = client.get("/faq/", {"lang": "en"})

    # Assert: the headings and the "On this page" index, in the page's language.
    assert texts(spanish, "faq-audience-heading") == ["Padres, madres y tutores"]
    assert texts(spanish, "faq-topic-heading") == ["Formularios de consentimiento"]
    assert "Formularios de consentimiento" in " ".join(texts(spanish, "faq-jump-topics"))
    assert texts(english, "faq-audience-heading") == ["Parents and guardians"]
    assert texts(english, "faq-topic-heading") == ["Consent forms"]


def test_audience_page_in_spanish_shows_the_spanish_intro(client):
    # Arrange
    parents = AudienceFactory(slug="parents")
    EntryFactory(audiences=[parents])

    # Act
    page = one_line(client.get("/faq/parents/", {"lang": "es"}))

    # Assert
    assert parents.intro_es and parents.intro_es in page
    assert "Preguntas para padres, madres y tutores" in page


def test_a_name_without_spanish_shows_in_english_on_the_spanish_page(client):
    # Arrange
    topic = TopicFactory(slug="new-topic", name="A new topic")
    EntryFactory(audiences=[AudienceFactory(slug="parents")], topic=topic)

    # Act
    headings = texts(client.get("/faq/", {"lang": "es"}), "faq-topic-heading")

    # Assert
    assert headings == ["A new topic"]


def test_editor_sets_the_spanish_name_in_the_admin(client, content_editor):
    # Arrange
    topic = Topic.objects.get(slug="texting")
    client.force_login(content_editor)

    # Act
    response = client.post(
        f"/admin/faq/topic/{topic.pk}/change/",
        {"name": topic.name, "name_es": "Textos", "slug": topic.slug, "position": 10},
    )

    # Assert
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.name_es == "Textos"


@pytest.fixture
def seeded(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", "--password", "demo-pass-123", stdout=io.StringIO())


def test_seeded_help_entries_say_what_the_portal_does(seeded):
    # Arrange
    entries = {e.slug: e for e in Entry.objects.all()}
    exception = entries["exception-request-in-the-portal"].answer
    withdraw = entries["withdraw-permission-in-the-portal"].answer

    # Assert
    assert "{{contact:aup_mailbox}}" in exception
    assert "Director of Information Security" not in exception
    assert "Chief Information Officer" not in exception
    assert "In this portal" in exception
    assert "takes effect at once" not in withdraw and "may not text" not in withdraw
    assert "The portal records the withdrawal" in withdraw


def test_seeded_spanish_is_consistent(seeded):
    # Arrange
    spanish = " ".join(Entry.objects.published().values_list("answer_es", flat=True))
    take_home = Entry.objects.get(slug="take-home-materials")

    # Assert: high school is "preparatoria"; the hotline has one Spanish name.
    assert "secundaria" not in spanish
    assert "línea de protección estudiantil" not in spanish
    assert "Línea directa de Protección Estudiantil" in spanish
    assert "parents" in {a.slug for a in take_home.audiences.all()}
    assert take_home.answer_es
