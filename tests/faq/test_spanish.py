"""The FAQ in Spanish: /faq/?lang=es (remembered, like the parents' consent pages) shows the
reviewed Spanish version of each answer, says so where there is none, and the page's own
words are in Spanish."""

import pytest

from faq.models import EntryStatus, SpanishStatus
from tests.faq.factories import EntryFactory
from tests.faq.html import texts

pytestmark = pytest.mark.django_db


@pytest.fixture
def bilingual_faq(parents):
    EntryFactory(
        slug="teacher-texts",
        question="Can a teacher text my child?",
        answer="Only with your **written permission**.",
        question_es="¿Puede un maestro enviarle mensajes de texto a mi hijo?",
        answer_es="Solo con su **permiso por escrito**.",
        spanish_status=SpanishStatus.REVIEWED,
        position=1,
    )
    EntryFactory(
        slug="form-kept",
        question="Where is the form kept?",
        answer="In the cumulative folder.",
        question_es="¿Dónde se guarda?",
        answer_es="Borrador.",
        spanish_status=SpanishStatus.DRAFT,
        position=2,
    )


def test_faq_in_spanish_shows_reviewed_versions_and_says_where_there_is_none(client, bilingual_faq):
    # Act
    response = client.get("/faq/", {"lang": "es"})

    # Assert
    content = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="es">' in content
    assert texts(response, "faq-question") == [
        "¿Puede un maestro enviarle mensajes de texto a mi hijo?",
        "Where is the form kept?",
    ]
    assert "<p>Solo con su <strong>permiso por escrito</strong>.</p>" in content
    assert "Borrador" not in content
    assert texts(response, "faq-not-translated") == [
        "Esta respuesta aún no está disponible en español; aquí está en inglés."
    ]
    assert '<details class="faq-entry" id="form-kept" lang="en">' in content


def test_faq_in_spanish_page_words_are_spanish(client, bilingual_faq):
    # Act
    response = client.get("/faq/", {"lang": "es"})

    # Assert
    assert texts(response, "display-6") == ["Preguntas frecuentes"]
    assert "Buscar en las preguntas" in response.content.decode()
    assert response.headers["Content-Language"] == "es"


def test_faq_language_choice_is_remembered(client, bilingual_faq):
    # Arrange
    client.get("/faq/", {"lang": "es"})

    # Act: the next pages without ?lang=.
    index = client.get("/faq/")
    audience = client.get("/faq/parents/")
    back = client.get("/faq/", {"lang": "en"})

    # Assert
    assert texts(index, "display-6") == ["Preguntas frecuentes"]
    assert texts(audience, "faq-question")[0] == (
        "¿Puede un maestro enviarle mensajes de texto a mi hijo?"
    )
    assert texts(back, "display-6") == ["Frequently asked questions"]


def test_faq_in_english_by_default_shows_no_spanish(client, bilingual_faq):
    # Act
    response = client.get("/faq/")

    # Assert
    assert texts(response, "faq-question") == [
        "Can a teacher text my child?",
        "Where is the form kept?",
    ]
    assert texts(response, "faq-not-translated") == []


def test_faq_unknown_language_falls_back_to_english(client, bilingual_faq):
    # Act
    response = client.get("/faq/", {"lang": "xx"})

    # Assert
    assert texts(response, "display-6") == ["Frequently asked questions"]


def test_faq_archive_in_spanish(client, parents):
    # Arrange
    EntryFactory(
        slug="old",
        question="Old rule?",
        answer="Old answer.",
        question_es="¿Regla antigua?",
        answer_es="Respuesta antigua.",
        spanish_status=SpanishStatus.REVIEWED,
        status=EntryStatus.ARCHIVED,
    )

    # Act
    response = client.get("/faq/archive/", {"lang": "es"})

    # Assert
    assert texts(response, "faq-question") == ["¿Regla antigua?"]
