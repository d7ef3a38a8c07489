"""Search at /faq/?q=: PostgreSQL full-text search with English stemming and ranking, safe
highlighting, and helpful pages when nothing is typed or nothing matches."""

import pytest

from faq.models import EntryStatus
from tests.faq.factories import EntryFactory, TopicFactory
from tests.faq.html import links, texts

pytestmark = pytest.mark.django_db


def result_links(response) -> list[tuple[str, str]]:
    return [(text, href) for text, href in links(response) if href.startswith("/faq/#")]


def test_search_stemming_finds_other_forms_of_the_word(client, parents):
    # Arrange
    EntryFactory(
        slug="alerts", question="Will I get alerts?", answer="The school sends text messages."
    )
    EntryFactory(slug="lunch", question="What is for lunch?", answer="Pizza on Fridays.")

    # Act
    response = client.get("/faq/", {"q": "texting"})

    # Assert
    assert response.status_code == 200
    assert result_links(response) == [("Will I get alerts?", "/faq/#alerts")]


def test_search_best_match_first(client, parents):
    # Arrange: the weaker matches come first in the FAQ's own order.
    EntryFactory(
        slug="answer-mention",
        question="What should I bring on a trip?",
        answer="A water bottle; staff may text you the meeting point.",
        position=1,
    )
    EntryFactory(
        slug="topic-only",
        question="Who may contact my child?",
        answer="Only approved programs.",
        topic=TopicFactory(slug="texting", name="Texting students"),
        position=2,
    )
    EntryFactory(
        slug="question-match",
        question="When may staff text my child?",
        answer="Only under an approved program, in group texts with you.",
        position=3,
    )

    # Act
    response = client.get("/faq/", {"q": "text"})

    # Assert: the question counts most, then the topic, then the answer.
    assert [href for _, href in result_links(response)] == [
        "/faq/#question-match",
        "/faq/#topic-only",
        "/faq/#answer-mention",
    ]


def test_search_never_returns_drafts_or_archived(client, parents):
    # Arrange
    EntryFactory(slug="published", question="Texting rules now?")
    EntryFactory(slug="draft", question="Texting rules soon?", status=EntryStatus.DRAFT)
    EntryFactory(slug="archived", question="Texting rules before?", status=EntryStatus.ARCHIVED)

    # Act
    response = client.get("/faq/", {"q": "texting rules"})

    # Assert
    assert [href for _, href in result_links(response)] == ["/faq/#published"]
    assert "soon" not in response.content.decode()
    assert "before" not in response.content.decode()


def test_search_highlights_matched_words(client, parents):
    # Arrange
    EntryFactory(
        slug="s",
        question="May staff text my child?",
        answer="Staff send text messages only in approved programs.",
    )

    # Act
    content = client.get("/faq/", {"q": "texting"}).content.decode()

    # Assert
    assert '<a href="/faq/#s">May staff <mark>text</mark> my child?</a>' in content
    assert (
        '<p class="faq-snippet">Staff send <mark>text</mark> messages only in approved programs</p>'
        in content
    )


def test_search_highlight_escapes_the_entry_text(client, parents):
    # Arrange: an editor typed markup into a question, and an answer quotes some.
    EntryFactory(
        slug="markup",
        question="Is <script>alert(1)</script> texting allowed?",
        answer="Write `<b onmouseover=alert(2)>` in a text and nothing happens.",
    )

    # Act
    content = client.get("/faq/", {"q": "texting"}).content.decode()

    # Assert
    assert "<script>alert(1)" not in content
    assert "<b onmouseover" not in content
    assert "Is &lt;script&gt;alert(1)&lt;/script&gt; <mark>texting</mark> allowed?" in content
    assert "&lt;b onmouseover=alert(2)&gt;" in content


def test_search_query_is_escaped_on_the_page(client, parents):
    # Act
    content = client.get("/faq/", {"q": '"><script>alert(1)</script>'}).content.decode()

    # Assert
    assert "<script>alert(1)" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


def test_search_no_results_says_so_and_shows_contacts(client, parents):
    # Arrange
    EntryFactory(question="May staff text my child?")

    # Act
    response = client.get("/faq/", {"q": "trampoline"})

    # Assert
    assert response.status_code == 200
    assert texts(response, "faq-search-message")[0].startswith(
        "No published answer matches “trampoline”. Try fewer words"
    )
    assert ("Send us your question", "/faq/ask/") in links(response)
    assert texts(response, "faq-contacts")[0].startswith("Student Protections Hotline 773-535-4400")


def test_search_empty_query_asks_for_words_and_shows_contacts(client, parents):
    # Act
    response = client.get("/faq/", {"q": "   "})

    # Assert
    assert texts(response, "faq-search-message")[0].startswith(
        "Type a word or two about what you want to know"
    )
    assert ("texting", "?q=texting") in links(response)
    assert texts(response, "faq-contacts")[0].startswith("Student Protections Hotline 773-535-4400")


def test_search_only_stop_words_finds_nothing_helpfully(client, parents):
    # Arrange
    EntryFactory(question="Is the form the same?")

    # Act
    response = client.get("/faq/", {"q": "the"})

    # Assert
    assert result_links(response) == []
    assert texts(response, "faq-search-message")[0].startswith("No published answer matches “the”.")


def test_search_keeps_the_query_in_the_box(client, parents):
    # Act
    content = client.get("/faq/", {"q": "consent form"}).content.decode()

    # Assert
    assert 'name="q" class="form-control" value="consent form"' in content


@pytest.mark.parametrize("count", [1, 3])
def test_search_query_count_fixed(client, audiences, count, django_assert_num_queries):
    # Arrange
    for n in range(count):
        EntryFactory(
            question=f"Texting question {n}?",
            audiences=[audiences["parents"], audiences["students"]],
            topic=TopicFactory(),
        )

    # Act / Assert: the matches, their audiences, the last change, the contacts.
    with django_assert_num_queries(4):
        response = client.get("/faq/", {"q": "texting"})
    assert len(result_links(response)) == count


def test_search_snippet_marks_left_out_text(client, parents):
    # Arrange: the match sits in the middle of a long answer.
    filler = " ".join(f"word{n}" for n in range(60))
    EntryFactory(question="Anything?", answer=f"{filler} staff may text students {filler}.")

    # Act
    response = client.get("/faq/", {"q": "texting"})

    # Assert
    snippet = texts(response, "faq-snippet")[0]
    assert (snippet[:2], snippet[-2:], "staff may text students" in snippet) == ("… ", " …", True)
