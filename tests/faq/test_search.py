"""Search at /faq/?q=: PostgreSQL full-text search with English stemming and ranking, safe
highlighting, and helpful pages when nothing is typed or nothing matches."""

import pytest

from faq import search
from faq.models import Entry, EntryStatus, SpanishStatus, Synonym
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

    # Act / Assert: the synonyms, the matches, their audiences, the last change, the contacts.
    with django_assert_num_queries(5):
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


# --- Search people can use: fallbacks, typos, keywords, synonyms, Spanish, odd input --------


@pytest.fixture
def texting_faq(parents):
    """A small FAQ with realistic text, keywords and one reviewed Spanish version."""
    EntryFactory(
        slug="teacher-texts",
        question="Can a teacher text my child?",
        answer="Only under an approved program, with your written permission, as a group text.",
        keywords="SMS, messages, cell phone",
        question_es="¿Puede un maestro enviar mensajes de texto a mi hijo?",
        answer_es="Solo en un programa aprobado y con su permiso por escrito.",
        spanish_status=SpanishStatus.REVIEWED,
    )
    EntryFactory(
        slug="approved-apps",
        question="Which messaging apps may schools use?",
        answer="Only the platforms on the approved list, such as the district's bulk system.",
        keywords="Remind, ClassDojo, app",
    )
    EntryFactory(
        slug="consent-form",
        question="Where do I sign the consent form?",
        answer="Open the link the school sends you.",
        question_es="¿Dónde firmo el formulario?",
        answer_es="Borrador sin revisar: permiso.",
        spanish_status=SpanishStatus.DRAFT,
    )
    EntryFactory(slug="lunch", question="What is for lunch?", answer="Pizza on Fridays.")


def hrefs(response) -> list[str]:
    return [href for _, href in result_links(response)]


def test_search_all_words_first_then_some_words(client, texting_faq):
    # Act: no entry has every word; some have one.
    response = client.get("/faq/", {"q": "teacher pizza trampoline"})

    # Assert: the partial matches, not "no results".
    assert response.status_code == 200
    assert sorted(hrefs(response)) == ["/faq/#lunch", "/faq/#teacher-texts"]


def test_search_entry_with_every_word_outranks_one_with_some(client, texting_faq):
    # Act
    response = client.get("/faq/", {"q": "teacher text pizza"})

    # Assert
    assert hrefs(response)[0] == "/faq/#teacher-texts"


def test_search_tolerates_typos(client, texting_faq):
    # Act
    response = client.get("/faq/", {"q": "textng"})

    # Assert
    assert hrefs(response) == ["/faq/#teacher-texts"]


def test_search_finds_editors_keywords(client, texting_faq):
    # Act
    cell_phone = client.get("/faq/", {"q": "cell phone"})
    remind = client.get("/faq/", {"q": "Remind"})

    # Assert
    assert hrefs(cell_phone) == ["/faq/#teacher-texts"]
    assert hrefs(remind) == ["/faq/#approved-apps"]


def test_search_expands_editors_synonyms(client, texting_faq):
    # Arrange: nothing says "mobile"; an editor says it means a cell phone.
    Synonym.objects.create(terms="mobile, cell phone")

    # Act
    response = client.get("/faq/", {"q": "mobile"})

    # Assert
    assert hrefs(response) == ["/faq/#teacher-texts"]


def test_search_synonym_of_a_product_name(client, texting_faq):
    # Arrange
    Synonym.objects.create(terms="GroupMe, messaging app")

    # Act
    response = client.get("/faq/", {"q": "GroupMe"})

    # Assert: the apps entry first; others that only mention messages come after.
    assert hrefs(response)[0] == "/faq/#approved-apps"


@pytest.mark.parametrize("query", ["permiso", "mensajes de texto"])
def test_search_in_spanish_finds_reviewed_spanish_versions(client, texting_faq, query):
    # Act
    response = client.get("/faq/", {"q": query, "lang": "es"})

    # Assert: the reviewed Spanish version, shown in Spanish; never the draft.
    assert hrefs(response)[0] == "/faq/#teacher-texts"
    assert "/faq/#consent-form" not in hrefs(response)
    assert result_links(response)[0][0] == "¿Puede un maestro enviar mensajes de texto a mi hijo?"


def test_search_ignores_unreviewed_spanish(client, texting_faq):
    # Act: "Borrador" is only in the draft Spanish answer.
    response = client.get("/faq/", {"q": "borrador"})

    # Assert
    assert hrefs(response) == []


@pytest.mark.parametrize(
    "query",
    [
        "texting " * 1300,  # about 10 kB
        "\u202e\u200b\ufeff texting",
        "🙂 texting 🙂",
        "e\u0301 a\u0308 ñ 漢字",
        "'\"&|!:*()<->\\",
        "%00%ff",
    ],
)
def test_search_odd_queries_give_a_page_not_an_error(client, texting_faq, query):
    # Act
    response = client.get("/faq/", {"q": query})

    # Assert
    assert response.status_code == 200
    assert "\x00" not in response.content.decode()


@pytest.mark.parametrize("query", ["text\x00ing", "\x00"])
def test_search_nul_byte_gets_the_friendly_400(client, texting_faq, query):
    # Act: a NUL byte is refused at the door (aup_portal.middleware).
    response = client.get("/faq/", {"q": query})

    # Assert
    assert response.status_code == 400
    assert "Something was wrong with that request" in response.content.decode()


def test_sqlite_demo_substring_search_uses_keywords_and_reviewed_spanish(texting_faq):
    # Arrange: the demo's fallback, run here on the same entries (icontains works on both).
    published = Entry.objects.published().prefetch_related("audiences")

    # Act
    by_keyword = search._search_substring(published, ["Remind"], "en")
    in_spanish = search._search_substring(published, ["permiso"], "es")
    any_word = search._search_substring(published, ["pizza trampoline"], "en")

    # Assert
    assert [hit.entry.slug for hit in by_keyword] == ["approved-apps"]
    assert [(hit.entry.slug, hit.language) for hit in in_spanish] == [("teacher-texts", "es")]
    assert [hit.entry.slug for hit in any_word] == ["lunch"]
