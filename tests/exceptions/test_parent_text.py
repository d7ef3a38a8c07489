"""The form text of a CEO-approved program is written to parents, in English and Spanish, by
ITS when they recommend the request; a Spanish family reads only Spanish, with one end date."""

import io

import pytest
from pypdf import PdfReader

from consent import pdf
from consent.services.forms_text import current_form_text
from consent.services.signing import consent_sign
from exceptions.models import ExceptionRequest, Status
from exceptions.parent_text import drafts
from roster.models import Language
from tests.consent.conftest import make_link, plain_text, verify
from tests.exceptions.conftest import PARENT_TEXT, draft, walk


@pytest.fixture
def endorsed(people, school_a, school_year):
    return walk(draft(people["teacher_a"], school_a), people, until="endorse")


def recommend(client, user, request, **texts):
    client.force_login(user)
    data = {"transition": "recommend", "comment": "", "seen_status": request.status}
    return client.post(f"/exceptions/{request.pk}/act/", {**data, **PARENT_TEXT, **texts})


def test_its_is_asked_for_both_texts_with_drafts_written_to_parents(client, people, endorsed):
    # Act
    client.force_login(people["its_reviewer"])
    page = client.get(f"/exceptions/{endorsed.pk}/")

    # Assert: the fields are there, filled with drafts addressed to the parent.
    form = page.context["form"]
    english, spanish = form["parent_body_en"].value(), form["parent_body_es"].value()
    assert (english, spanish) == (
        drafts(endorsed)["parent_body_en"],
        drafts(endorsed)["parent_body_es"],
    )
    assert "that includes you, the parent or guardian" in english
    assert "your district email" not in english
    # One end date: the page under the text says it; the text says none.
    assert "2027" not in english and "2027" not in spanish
    # The requester's own words are marked for translation in the Spanish draft.
    assert f"[[{endorsed.purpose}]]" in spanish


def test_recommend_refused_while_spanish_is_untranslated(client, people, endorsed):
    # Act
    untranslated = drafts(endorsed)["parent_body_es"]
    response = recommend(client, people["its_reviewer"], endorsed, parent_body_es=untranslated)

    # Assert: the error is beside the field and what ITS typed is kept.
    endorsed.refresh_from_db()
    form = response.context["form"]
    assert (response.status_code, endorsed.status, endorsed.parent_body_es) == (400, "endorsed", "")
    assert form.errors == {
        "parent_body_es": ["Translate the words marked [[ … ]] and remove the marks."]
    }
    assert form["parent_body_es"].value() == untranslated


def test_recommend_refused_without_a_spanish_title(client, people, endorsed):
    response = recommend(client, people["its_reviewer"], endorsed, parent_title_es="  ")

    endorsed.refresh_from_db()
    assert (response.status_code, endorsed.status) == (400, "endorsed")
    assert response.context["form"].errors == {
        "parent_title_es": ["Required: parents read this before they answer."]
    }


def test_recommend_stores_the_texts_and_approval_publishes_both(client, people, endorsed):
    # Act
    response = recommend(client, people["its_reviewer"], endorsed)
    ceo_page = None
    if response.status_code == 302:
        client.force_login(people["ceo_office"])
        ceo_page = client.get(f"/exceptions/{endorsed.pk}/")
        client.post(
            f"/exceptions/{endorsed.pk}/act/",
            {"transition": "approve", "comment": "", "seen_status": "recommended"},
        )

    # Assert: the CEO's office reads both texts before approving; the program gets both.
    request = ExceptionRequest.objects.get(pk=endorsed.pk)
    assert request.status == Status.APPROVED
    assert PARENT_TEXT["parent_title_es"] in ceo_page.content.decode()
    assert [
        (
            current_form_text(request.program, lang).language,
            current_form_text(request.program, lang).body,
        )
        for lang in ("en", "es")
    ] == [("en", PARENT_TEXT["parent_body_en"]), ("es", PARENT_TEXT["parent_body_es"])]


def test_spanish_family_sees_only_the_spanish_form_with_one_end_date(
    client, people, school_a, school_year, family
):
    # Arrange: an approved program (its last day, May 28, comes before the school year's)
    # and Rosa, who reads Spanish, with a link for it.
    request = walk(draft(people["teacher_a"], school_a), people, until="approve")
    student, mother, _father = family
    mother.preferred_language = Language.SPANISH
    mother.save()
    _link, token = make_link(
        student=student, guardian=mother, program=request.program, school_year=school_year
    )
    verify(client, token)

    # Act
    response = client.get(f"/consent/sign/{token}/")

    # Assert
    text = plain_text(response)
    assert "El personal envía mensajes sobre los autobuses." in text
    for english in (
        "Staff text team members about bus times.",
        "Text only through",
        "your district email",
        "Every text",
    ):
        assert english not in text
    assert "su respuesta termina el 28 de mayo de 2027." in text
    assert "junio" not in text


def test_spanish_signed_pdf_of_a_ceo_approved_program_has_one_end_date(
    people, school_a, school_year, family
):
    # Arrange: Rosa signs the Spanish form of the approved program.
    request = walk(draft(people["teacher_a"], school_a), people, until="approve")
    student, mother, _father = family
    mother.preferred_language = Language.SPANISH
    mother.save()
    link, _token = make_link(
        student=student, guardian=mother, program=request.program, school_year=school_year
    )
    record, _created = consent_sign(
        link=link,
        form_text=current_form_text(request.program, "es"),
        decision="grant",
        signer_name="Rosa Lopez",
        relationship="mother",
        student_mobile="773-555-0142",
        esign_agreed=True,
        ip="127.0.0.1",
        user_agent="test",
    )

    # Act
    content = pdf.render_consent_record(record)  # in the language of the version signed

    # Assert
    text = " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split()
    )
    assert "El personal envía mensajes sobre los autobuses." in text
    assert "28 de mayo de 2027" in text
    assert ("Text only through" in text, "junio" in text) == (False, False)
