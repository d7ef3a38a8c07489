"""The signing flow in Spanish: the guardian's preferred language by default, the switch, the
Spanish form text recorded as signed, the Spanish PDF, the emails, and the catalogue."""

import datetime
import importlib
import re
import subprocess
from pathlib import Path

import pikepdf
import pytest
from django.apps import apps
from django.conf import settings
from django.utils import translation

from consent import emails
from consent.i18n import STANDARD_PROGRAM_TEXTS
from consent.models import ConsentFormText, ConsentRecord
from consent.services.errors import ConsentError
from consent.services.forms_text import current_form_text
from consent.services.signing import consent_sign
from roster.models import Language
from tests.consent.conftest import answer, page_text, plain_text, verify
from tests.consent.test_records import pdf_text

_spanish = importlib.import_module("consent.migrations.0006_spanish_form_texts")
_programs = importlib.import_module("consent.migrations.0002_standard_programs")
_page_words = importlib.import_module(
    "consent.migrations.0008_programs_and_form_texts_as_the_page_states"
)

LOCALE = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES"


def spanish_text(program) -> ConsentFormText:
    title, body = _spanish.FORM_TEXTS[program.slug]
    ConsentFormText.objects.get_or_create(
        program=program, language="es", version=1, defaults={"title": title, "body": body}
    )
    # The newest version is the one shown (migration 0008 adds version 2).
    return current_form_text(program, "es")


@pytest.fixture
def spanish_link(mother_link, family, bulk_alerts):
    """Rosa, who reads Spanish, and her link for bulk alerts; the Spanish form exists."""
    _student, mother, _father = family
    mother.preferred_language = Language.SPANISH
    mother.save()
    spanish_text(bulk_alerts)
    return mother_link


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


def hidden_form_text(response) -> int:
    return int(re.search(r'name="form_text" value="(\d+)"', response.content.decode()).group(1))


def test_spanish_guardians_email_is_in_spanish(spanish_link, family):
    link, token = spanish_link

    message = emails.consent_link_email(link)

    assert message.subject == (
        "Northside Community Academy: su permiso para notificaciones y alertas masivas por "
        "mensaje de texto (Maya, 2026-27)"
    )
    assert "Estimado/a Rosa Lopez:" in message.body
    assert "Se le pedirá la fecha de nacimiento de Maya." in message.body
    assert "Funciona hasta el 11 de junio de 2027." in message.body
    assert token in message.body
    html = message.alternatives[0][0]
    assert '<html lang="es">' in html
    assert "Abrir el formulario de permiso" in html


def test_english_guardians_email_stays_in_english(mother_link):
    link, _token = mother_link

    message = emails.consent_link_email(link)

    assert message.subject.startswith("Northside Community Academy: your permission for bulk")
    assert "It works until June 11, 2027." in message.body
    assert '<html lang="en">' in message.alternatives[0][0]


def test_spanish_reminder_subject_is_in_spanish(spanish_link):
    link, _token = spanish_link

    message = emails.consent_link_email(link, reminder=True)

    assert message.subject.startswith("Recordatorio: Northside Community Academy: su permiso")


def test_spanish_link_opens_in_spanish(client, spanish_link):
    _link, token = spanish_link

    response = client.get(f"/consent/sign/{token}/")

    text = page_text(response)
    assert response.status_code == 200
    assert html_lang(response) == "es"
    assert "Permiso para notificaciones y alertas masivas por mensaje de texto" in text
    assert "Fecha de nacimiento de Maya" in text
    assert "Saltar al contenido principal" in text
    assert ">enero</option>" in text
    # The switch: real links to both languages, the current one marked.
    assert f'href="/consent/sign/{token}/?lang=en" lang="en" hreflang="en">English</a>' in text
    assert 'hreflang="es" aria-current="true"' in text


def test_spanish_wrong_date_of_birth_message(client, spanish_link):
    _link, token = spanish_link

    response = client.post(f"/consent/sign/{token}/", {"month": "5", "day": "18", "year": "2010"})

    assert "Eso no coincide con nuestros registros." in page_text(response)
    assert 'value="18"' in page_text(response)


def test_spanish_decision_page_shows_the_spanish_form(client, spanish_link, bulk_alerts):
    _link, token = spanish_link
    verify(client, token)

    response = client.get(f"/consent/sign/{token}/")

    text = plain_text(response)
    assert html_lang(response) == "es"
    assert "Permiso para enviar alertas por mensaje de texto a su hijo o hija" in text
    assert "Termina el 11 de junio de 2027." in text
    assert "Sobre la firma electrónica." in text
    # The portal says what it does on a withdrawal; it promises nothing of another system.
    assert "ya no está cubierto" in text and "de inmediato" not in text
    assert "Sí, doy mi permiso" in text
    assert "Madre" in text
    assert hidden_form_text(response) == spanish_text(bulk_alerts).pk


def test_switch_to_english_persists_for_the_link(client, spanish_link, bulk_alerts):
    _link, token = spanish_link
    verify(client, token)

    switched = client.get(f"/consent/sign/{token}/?lang=en")
    later = client.get(f"/consent/sign/{token}/")

    for response in (switched, later):
        assert html_lang(response) == "en"
        assert "Permission to send text alerts to your child" in page_text(response)
        assert hidden_form_text(response) == current_form_text(bulk_alerts, "en").pk
    assert 'hreflang="en" aria-current="true"' in page_text(later)


def test_switch_to_spanish_for_an_english_guardian(client, mother_link, bulk_alerts):
    _link, token = mother_link
    spanish_text(bulk_alerts)

    client.get(f"/consent/sign/{token}/?lang=es")
    verify(client, token)  # verifying keeps the choice (the session key changes)
    response = client.get(f"/consent/sign/{token}/")

    assert html_lang(response) == "es"
    assert "Permiso para enviar alertas" in page_text(response)


def test_english_guardian_link_stays_in_english(client, mother_link):
    _link, token = mother_link

    response = client.get(f"/consent/sign/{token}/")

    assert html_lang(response) == "en"
    assert "Maya's date of birth" in page_text(response)


def test_signing_in_spanish_records_the_spanish_version_and_a_spanish_pdf(
    client, spanish_link, bulk_alerts, django_capture_on_commit_callbacks
):
    _link, token = spanish_link
    verify(client, token)
    shown = hidden_form_text(client.get(f"/consent/sign/{token}/"))

    with django_capture_on_commit_callbacks(execute=True):
        response = answer(client, token, shown)
    answered = client.get(f"/consent/sign/{token}/")
    copy = client.get(f"/consent/sign/{token}/copy.pdf")

    assert response.status_code == 302
    record = ConsentRecord.objects.select_related("form_text", "document").get()
    assert record.form_text == spanish_text(bulk_alerts)
    text = plain_text(answered)
    assert "Gracias: usted dio su permiso" in text
    assert "Permiso dado por Rosa Lopez (madre) el 14 de octubre de 2026" in text
    assert "Descargar su copia (PDF)" in text
    # The filed document is titled for staff, in English.
    assert record.document.title.startswith("Bulk text notifications and alerts: granted")
    content = copy.getvalue()
    pdf = pdf_text(content)
    assert "Permiso para enviar alertas por mensaje de texto a su hijo o hija" in pdf
    assert "versión 2, Español" in pdf
    assert "Firmado electrónicamente el 14 de octubre de 2026" in pdf
    assert "Registro de auditoría" in pdf
    assert "Formulario firmado: Permiso dado" in pdf
    assert record.sha256 in pdf.replace(" ", "")
    with pikepdf.open(record.document.file.path) as document:
        assert document.open_metadata().pdfa_status == "3B"
        assert document.Root.Lang == "es"


def test_spanish_errors_beside_the_fields(client, spanish_link, bulk_alerts):
    _link, token = spanish_link
    verify(client, token)

    response = answer(
        client,
        token,
        spanish_text(bulk_alerts).pk,
        student_mobile="",
        signer_name="Rosa",
        esign_agreed="",
    )

    text = plain_text(response)
    assert response.status_code == 400
    assert "Su respuesta todavía no se ha enviado" in text
    assert "Revise estos puntos y envíela otra vez:" in text
    assert "Para dar su permiso, escriba el número de celular de su hijo o hija." in text
    assert "Escriba su nombre y su apellido." in text
    assert "Marque esta casilla para firmar electrónicamente" in text
    assert not ConsentRecord.objects.exists()


def test_withdrawing_in_spanish_keeps_the_reason_in_english(client, spanish_link, bulk_alerts):
    _link, token = spanish_link
    verify(client, token)
    answer(client, token, spanish_text(bulk_alerts).pk)

    response = client.post(
        f"/consent/sign/{token}/withdraw/",
        {"reason": "no_longer_wanted", "details": "Nuevo teléfono."},
        follow=True,
    )

    text = plain_text(response)
    assert "Usted retiró su permiso" in text
    assert "Su permiso quedó retirado. Los mensajes se detienen ahora." in text
    record = ConsentRecord.objects.select_related("revocation").get()
    assert record.revocation.reason == "I no longer want these texts. Nuevo teléfono."


def test_broken_link_page_in_spanish_when_asked(client, db):
    by_switch = client.get(f"/consent/sign/{'x' * 43}/?lang=es")
    by_browser = client.get(f"/consent/sign/{'y' * 43}/", HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9")
    english = client.get(f"/consent/sign/{'z' * 43}/", HTTP_ACCEPT_LANGUAGE="en-US")

    for response in (by_switch, by_browser):
        assert response.status_code == 404
        assert html_lang(response) == "es"
        assert "Este enlace no funciona" in page_text(response)
    assert "This link doesn't work" in page_text(english)


def test_staff_pages_stay_in_english_after_a_spanish_page(client, spanish_link, principal_a):
    _link, token = spanish_link
    client.get(f"/consent/sign/{token}/")
    client.force_login(principal_a)

    response = client.get("/consent/")

    assert html_lang(response) == "en-us"
    assert "Skip to main content" in page_text(response)


def test_spanish_form_texts_migration_adds_and_removes_them(bulk_alerts, safety_meetup):
    ConsentFormText.objects.filter(language="es").delete()

    _spanish.add_texts(apps, None)
    added = set(
        ConsentFormText.objects.filter(language="es").values_list("program__slug", "version")
    )
    _spanish.remove_texts(apps, None)

    assert {("bulk-alerts", 1), ("safety-meetup", 1)} <= added
    assert not ConsentFormText.objects.filter(language="es").exists()


def test_standard_program_words_in_the_catalogue_match_the_programs():
    words = set(STANDARD_PROGRAM_TEXTS)
    for program in _programs.STANDARD_PROGRAMS:
        texts = _page_words.PROGRAM_TEXTS[program["slug"]]
        assert {program["name"], texts["summary"], texts["staff_rules"]} <= words


def test_standard_program_words_are_translated():
    with translation.override("es"):
        for words in STANDARD_PROGRAM_TEXTS:
            assert translation.gettext(words) != words


def test_current_form_text_in_spanish_falls_back_to_english(reengagement):
    ConsentFormText.objects.filter(program=reengagement, language="es").delete()

    assert current_form_text(reengagement, "es").language == "en"


def test_compiled_catalogue_matches_the_po_file(tmp_path):
    # CI does not compile messages: the .mo in the tree must be the .po compiled, as
    # `manage.py compilemessages` does it.
    compiled = tmp_path / "django.mo"
    subprocess.run(
        ["msgfmt", "--check-format", "-o", compiled, LOCALE / "django.po"],
        check=True,
        capture_output=True,
    )

    assert compiled.read_bytes() == (LOCALE / "django.mo").read_bytes()


def test_refusal_shown_in_spanish_on_a_spanish_guardians_page(client, spanish_link, bulk_alerts):
    _link, token = spanish_link
    verify(client, token)
    answer(client, token, current_form_text(bulk_alerts, "es").pk, decision="decline")

    response = client.post(
        f"/consent/sign/{token}/withdraw/", {"reason": "no_longer_wanted"}, follow=True
    )

    assert "Solo se puede retirar un permiso que se haya dado." in page_text(response)


def test_refusal_with_parameters_translates_when_shown(spanish_link, bulk_alerts, frozen_today):
    link, _token = spanish_link
    frozen_today.move_to(link.request.school_year.last_day + datetime.timedelta(days=2))

    with pytest.raises(ConsentError) as refused:
        consent_sign(
            link=link,
            form_text=current_form_text(bulk_alerts),
            decision="grant",
            signer_name="Rosa Lopez",
            relationship="mother",
            student_mobile="773-555-0142",
            esign_agreed=True,
        )

    assert refused.value.code == "school_year_ended"
    assert refused.value.message == "The 2026-27 school year has ended."
    with translation.override("es"):
        assert refused.value.message == "El año escolar 2026-27 ya terminó."
