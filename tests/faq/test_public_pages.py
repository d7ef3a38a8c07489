"""The public FAQ pages: /faq/ grouped by audience, /faq/<audience>/, /faq/archive/, and the
texting programs at /guidance/programs/. Nobody signs in."""

import datetime
import re

import pytest
import time_machine

from consent.models import ProgramKind, TextingProgram
from faq.models import EntryStatus
from faq.views import PROGRAMS_PER_PAGE
from tests.faq.factories import AudienceFactory, EntryFactory, TopicFactory
from tests.faq.html import ids, links, texts

pytestmark = pytest.mark.django_db

# Migration 0004's purposes: what the district's current FAQ says each contact is for.
CONTACTS = [
    "Student Protections Hotline 773-535-4400 When a student is threatened, harassed or "
    "bullied online by another student.",
    "Office of Inspector General 773-483-7283 When a student receives an inappropriate "
    "electronic message from a staff member or other adult.",
    "IT Service Desk 773-553-3925 Request an Acceptable Use Policy consult, for example when "
    "considering buying a messaging tool.",
    "AUP guidance mailbox aupguidelines@cps.edu Where staff send a written request for a "
    "texting exception, for the CEO's approval.",
]


def test_faq_index_groups_published_entries_by_audience(client, audiences):
    # Arrange
    EntryFactory(question="Who may text my child?", audiences=[audiences["parents"]], position=2)
    EntryFactory(question="Where is the form kept?", audiences=[audiences["parents"]], position=1)
    EntryFactory(question="May I text a student?", audiences=[audiences["staff"]])

    # Act
    response = client.get("/faq/")

    # Assert: audiences in their order, entries by position; empty audiences left out.
    assert response.status_code == 200
    assert texts(response, "faq-audience-heading") == ["Parents and guardians", "Staff"]
    assert texts(response, "faq-question") == [
        "Where is the form kept?",
        "Who may text my child?",
        "May I text a student?",
    ]
    assert texts(response, "faq-jump-list") == ["Parents and guardians Staff"]


def test_faq_index_hides_drafts_and_archived(client, parents):
    # Arrange
    EntryFactory(question="Published question?")
    EntryFactory(question="Draft question?", status=EntryStatus.DRAFT)
    EntryFactory(question="Archived question?", status=EntryStatus.ARCHIVED)

    # Act
    index = client.get("/faq/")
    audience_page = client.get("/faq/parents/")

    # Assert
    assert texts(index, "faq-question") == ["Published question?"]
    assert texts(audience_page, "faq-question") == ["Published question?"]
    assert "Draft question?" not in index.content.decode() + audience_page.content.decode()
    assert "Archived question?" not in index.content.decode() + audience_page.content.decode()


def test_faq_index_entry_for_two_audiences_has_one_permalink_anchor(client, audiences):
    # Arrange
    entry = EntryFactory(
        slug="can-a-teacher-text-me",
        question="Can a teacher text me?",
        audiences=[audiences["students"], audiences["parents"]],
    )

    # Act
    response = client.get("/faq/")

    # Assert: shown under both audiences, anchored once, linked to the permanent address.
    assert texts(response, "faq-question") == [entry.question, entry.question]
    assert ids(response).count("can-a-teacher-text-me") == 1
    assert (
        links(response).count(
            ("Link to this answer: Can a teacher text me?", "/faq/#can-a-teacher-text-me")
        )
        == 2
    )


def test_faq_index_groups_entries_by_topic_and_shows_answer_html(client, parents):
    # Arrange
    EntryFactory(
        question="Who keeps the form?",
        answer="Ask the **school office**.",
        topic=TopicFactory(slug="paperwork", name="Paperwork", position=1),
    )
    EntryFactory(
        question="May staff text?", topic=TopicFactory(slug="rules", name="Rules", position=2)
    )

    # Act
    response = client.get("/faq/")

    # Assert: each topic is a heading over its questions, and the index links to it.
    assert texts(response, "faq-topic-heading") == ["Paperwork", "Rules"]
    assert ("Paperwork", "#parents-topic-paperwork") in links(response)
    assert "parents-topic-rules" in ids(response)
    assert "<p>Ask the <strong>school office</strong>.</p>" in response.content.decode()


def test_faq_index_shows_contacts_from_the_database(client, db):
    # Act
    response = client.get("/faq/")

    # Assert
    assert [" ".join(t.split()) for t in texts(response, "faq-contacts")] == [" ".join(CONTACTS)]


def test_faq_index_without_entries_says_so(client, db):
    # Act
    response = client.get("/faq/")

    # Assert
    assert "No questions have been published yet." in response.content.decode()
    assert texts(response, "faq-updated") == []


def test_faq_index_last_updated_is_newest_public_change(client, parents):
    # Arrange
    with time_machine.travel(datetime.datetime(2026, 9, 1, 15, tzinfo=datetime.UTC)):
        EntryFactory()
    with time_machine.travel(datetime.datetime(2026, 10, 5, 15, tzinfo=datetime.UTC)):
        EntryFactory(status=EntryStatus.ARCHIVED)
    with time_machine.travel(datetime.datetime(2026, 11, 2, 15, tzinfo=datetime.UTC)):
        EntryFactory(status=EntryStatus.DRAFT)

    # Act
    response = client.get("/faq/")

    # Assert: archiving changed the public pages; the later draft did not.
    assert texts(response, "faq-updated") == ["Last updated October 5, 2026"]


def test_faq_audience_page_lists_its_entries_with_anchors(client, audiences):
    # Arrange
    EntryFactory(slug="sign-again", question="Sign again?", audiences=[audiences["parents"]])
    EntryFactory(question="For staff?", audiences=[audiences["staff"]])

    # Act
    response = client.get("/faq/parents/")

    # Assert
    assert response.status_code == 200
    assert texts(response, "faq-question") == ["Sign again?"]
    assert "sign-again" in ids(response)
    assert ("Sign again?", "#sign-again") in links(response)
    assert texts(response, "faq-other-audiences") == ["Questions for Staff Everyone: all questions"]


def test_faq_audience_page_unknown_is_404(client, db):
    # Act
    response = client.get("/faq/no-such-audience/")

    # Assert
    assert response.status_code == 404


def test_faq_audience_page_without_entries_says_so(client, audiences):
    # Act
    response = client.get("/faq/vendors/")

    # Assert
    assert response.status_code == 200
    assert "No questions for vendors and partners have been published yet." in " ".join(
        response.content.decode().split()
    )


def test_faq_archive_shows_archived_entries_labelled(client, parents):
    # Arrange
    with time_machine.travel(datetime.datetime(2026, 10, 5, 15, tzinfo=datetime.UTC)):
        EntryFactory(slug="old-apps", question="Which apps?", status=EntryStatus.ARCHIVED)
    EntryFactory(question="Current question?")
    EntryFactory(question="Draft question?", status=EntryStatus.DRAFT)

    # Act
    response = client.get("/faq/archive/")

    # Assert
    assert response.status_code == 200
    assert texts(response, "faq-question") == ["Which apps?"]
    assert texts(response, "faq-archived-label") == [
        "No longer current Archived October 5, 2026 · was for parents and guardians"
    ]
    assert texts(response, "faq-archive-warning")[0].startswith("No longer current.")
    assert "old-apps" in ids(response)


def test_faq_index_links_to_archive(client, db):
    # Act
    response = client.get("/faq/")

    # Assert
    assert ("Archived guidance", "/faq/archive/") in links(response)


@pytest.mark.parametrize("per_audience", [1, 3])
def test_faq_index_query_count_fixed(client, audiences, per_audience, django_assert_num_queries):
    # Arrange: every audience has entries, each with a topic.
    for audience in audiences.values():
        for n in range(per_audience):
            EntryFactory(audiences=[audience], topic=TopicFactory(slug=f"topic-{n}"))

    # Act / Assert: audiences, their entries with topics, the last change, the contacts.
    with django_assert_num_queries(4):
        response = client.get("/faq/")
    assert len(texts(response, "faq-question")) == 5 * per_audience


@pytest.mark.parametrize("per_audience", [1, 3])
def test_faq_audience_page_query_count_fixed(
    client, audiences, per_audience, django_assert_num_queries
):
    # Arrange
    for audience in audiences.values():
        for n in range(per_audience):
            EntryFactory(audiences=[audience], topic=TopicFactory(slug=f"topic-{n}"))

    # Act / Assert: audiences, their entries with topics, the last change, the contacts.
    with django_assert_num_queries(4):
        response = client.get("/faq/staff/")
    assert len(texts(response, "faq-question")) == per_audience


@pytest.mark.parametrize("count", [1, 3])
def test_faq_archive_query_count_fixed(client, parents, count, django_assert_num_queries):
    # Arrange
    for _ in range(count):
        EntryFactory(status=EntryStatus.ARCHIVED, topic=TopicFactory())

    # Act / Assert: the archived entries, their audiences, the last change, the contacts.
    with django_assert_num_queries(4):
        response = client.get("/faq/archive/")
    assert len(texts(response, "faq-question")) == count


def test_faq_pages_open_to_signed_in_staff_too(client, teacher_a, parents):
    # Arrange
    EntryFactory(question="Published question?")
    client.force_login(teacher_a)

    # Act
    response = client.get("/faq/")

    # Assert
    assert texts(response, "faq-question") == ["Published question?"]


def test_audience_slug_reserved_for_faq_pages_refused(client, administrator):
    # Arrange
    client.force_login(administrator)

    # Act
    response = client.post(
        "/admin/faq/audience/add/", {"slug": "archive", "name": "Archive", "position": "1"}
    )

    # Assert
    assert response.status_code == 200
    assert "“archive” and “ask” are addresses of other FAQ pages" in response.content.decode()
    assert not AudienceFactory._meta.model.objects.filter(slug="archive").exists()


# --- /guidance/programs/ ----------------------------------------------------------------


def test_guidance_programs_lists_standard_programs_with_requirements(client, db):
    # Act
    response = client.get("/guidance/programs/")

    # Assert: the three programs the policy allows, from the consent app's table.
    assert response.status_code == 200
    assert texts(response, "program-name") == [
        "Bulk text notifications and alerts",
        "Safety meet-up communications",
        "Re-engagement programs",
    ]
    facts = texts(response, "program-facts")
    assert facts[1] == (
        "Grades 9–12 "
        "Parent or guardian permission Required in writing before any text, for this program "
        "and this school year. "
        "Principal's permission Also required: the principal countersigns each student's form. "
        "Texts include the parent or guardian Yes: every text is a group text that includes "
        "the parent or guardian. "
        "Texts include the staff member's district email Yes: so that every message is kept."
    )
    assert facts[0].endswith(
        "Duplicate notices The parent or guardian may choose to get the same alerts on their "
        "own phone."
    )


def test_guidance_programs_shows_ceo_approved_and_hides_inactive(client, db):
    # Arrange
    TextingProgram.objects.filter(slug="reengagement").update(active=False)
    TextingProgram.objects.create(
        slug="robotics-travel",
        name="Robotics team travel updates",
        kind=ProgramKind.CEO_APPROVED,
        summary="Travel updates for the robotics team's national finals.",
        staff_rules="Group texts with parents and the coach's district email.",
        lowest_grade=9,
        highest_grade=12,
        position=40,
    )

    # Act
    response = client.get("/guidance/programs/")

    # Assert
    assert texts(response, "program-name") == [
        "Bulk text notifications and alerts",
        "Safety meet-up communications",
        "Robotics team travel updates",
    ]
    assert "Approved by the CEO as an exception" in response.content.decode()


def _ceo_programs(count):
    for n in range(count):
        TextingProgram.objects.create(
            slug=f"approved-{n}",
            name=f"Approved program {n:03}",
            kind=ProgramKind.CEO_APPROVED,
            summary="Travel updates.",
            staff_rules="Group texts with parents.",
            lowest_grade=9,
            highest_grade=12,
            position=100 + n,
        )


@pytest.mark.parametrize("count", [1, 3])
def test_guidance_programs_query_count_fixed(client, db, count, django_assert_num_queries):
    # Arrange
    _ceo_programs(count)

    # Act / Assert: the programs' count, one page of them, the contacts.
    with django_assert_num_queries(3):
        response = client.get("/guidance/programs/")
    assert len(texts(response, "program-name")) == 3 + count


def test_guidance_programs_are_paginated(client, db):
    # Arrange: the three standard programs and enough approved ones for a second page.
    _ceo_programs(PROGRAMS_PER_PAGE)

    # Act
    first = client.get("/guidance/programs/")
    second = client.get("/guidance/programs/", {"page": 2})

    # Assert: the standard programs open page 1; every program is on one page or the other.
    assert texts(first, "program-name")[:3] == [
        "Bulk text notifications and alerts",
        "Safety meet-up communications",
        "Re-engagement programs",
    ]
    assert len(texts(first, "program-name")) == PROGRAMS_PER_PAGE
    names = texts(first, "program-name") + texts(second, "program-name")
    assert len(names) == len(set(names)) == PROGRAMS_PER_PAGE + 3
    assert ("Next", "?page=2") in links(first)


PUBLIC_PATHS = [
    "/faq/",
    "/faq/parents/",
    "/faq/?q=texting",
    "/faq/archive/",
    "/faq/ask/",
    "/faq/ask/thanks/",
    "/guidance/programs/",
]


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_public_page_open_to_anyone(client, path, parents):
    # Act
    response = client.get(path)

    # Assert
    assert response.status_code == 200


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_public_page_open_to_every_role(client, persona, path, parents):
    # Arrange
    _, user = persona
    client.force_login(user)

    # Act
    response = client.get(path)

    # Assert
    assert response.status_code == 200


@pytest.mark.parametrize("path", ["/faq/", "/faq/parents/", "/faq/archive/"])
def test_faq_dates_are_valid_html_datetimes(client, parents, path):
    # Arrange: a save at a time with microseconds, which the Nu HTML Checker rejects.
    with time_machine.travel(datetime.datetime(2026, 9, 3, 14, 5, 7, 123456, tzinfo=datetime.UTC)):
        EntryFactory(status=EntryStatus.ARCHIVED)
        EntryFactory()

    # Act
    content = client.get(path).content.decode()

    # Assert: to the second, with the district's offset (Chicago, daylight time).
    assert re.findall(r'<time datetime="([^"]+)">', content) == ["2026-09-03T09:05:07-0500"]


def test_public_menu_has_faq_ask_and_programs_marking_the_current_page(client, db):
    # Act
    response = client.get("/faq/ask/")

    # Assert
    assert texts(response, "nav-link") == [
        "Home",
        "FAQ",
        "Ask a question",
        "Texting programs",
        "Approved platforms",
        "Staff sign-in",
    ]
    assert '<a class="nav-link" href="/faq/ask/" aria-current="page">' in (
        response.content.decode()
    )


def test_home_page_has_the_faq_search_box(client, db):
    # Act
    content = client.get("/").content.decode()

    # Assert
    assert '<form class="faq-search" role="search" method="get" action="/faq/">' in content
    assert '<input type="search" id="faq-q" name="q"' in content
