"""A parent who reads Spanish answers the school's link on a phone: every step in Spanish,
the switch to English and back, the copy, and the withdrawal. Each page is screenshotted and
checked with axe-core."""

import re

import pytest
from playwright.sync_api import expect

from consent.models import ConsentRecord, Decision
from roster.models import Language
from tests.browser.harness import check_page
from tests.consent.conftest import make_link, standard_program
from tests.consent.test_spanish import spanish_text

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("frozen_today"),
]


@pytest.fixture
def rosa_link(family, school_year):
    """Maya (grade 10) and her mother Rosa, who prefers Spanish, with a bulk-alerts link."""
    student, mother, _father = family
    mother.preferred_language = Language.SPANISH
    mother.save()
    program = standard_program("bulk-alerts")
    spanish_text(program)
    _link, token = make_link(
        student=student,
        guardian=mother,
        program=program,
        school_year=school_year,
    )
    return token


def test_spanish_parent_answers_on_a_phone_and_withdraws(live_server, phone_page, rosa_link):
    page, token = phone_page, rosa_link
    heading = page.get_by_role("heading", level=1)
    # The switch's own label follows the page's language ("Idioma", "Language").
    switch = page.get_by_role("navigation", name=re.compile("^(Idioma|Language)$"))

    # Step 1 in Spanish: the date of birth; a wrong one is refused.
    page.goto(f"{live_server.url}/consent/sign/{token}/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(switch).to_have_accessible_name("Idioma")
    expect(heading).to_have_text(
        "Permiso para notificaciones y alertas masivas por mensaje de texto"
    )
    check_page(page, "consent-es-phone-1-verify")
    page.get_by_label("Mes").select_option(label="mayo")
    page.get_by_label("Día").fill("18")
    page.get_by_label("Año").fill("2010")
    page.get_by_role("button", name="Continuar").click()
    expect(page.get_by_role("alert")).to_contain_text("Eso no coincide con nuestros registros.")
    check_page(page, "consent-es-phone-2-verify-wrong")
    page.get_by_label("Día").fill("17")
    page.get_by_role("button", name="Continuar").click()

    # Step 2: the Spanish form.
    expect(heading).to_have_text(
        "Permiso para enviar alertas por mensaje de texto a su hijo o hija"
    )
    expect(page.get_by_text("Termina el 11 de junio de 2027.")).to_be_visible()
    check_page(page, "consent-es-phone-3-decide")

    # The switch shows the English form, and stays English for this link; then back.
    switch.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(heading).to_have_text("Permission to send text alerts to your child")
    page.reload()
    expect(heading).to_have_text("Permission to send text alerts to your child")
    check_page(page, "consent-es-phone-3-decide-english")
    switch.get_by_role("link", name="Español").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")

    # Errors beside the fields, in Spanish.
    page.get_by_role("radio", name="Sí, doy mi permiso").check()
    page.get_by_label("Escriba su nombre completo para firmar").fill("Rosa")
    page.get_by_role("button", name="Enviar mi respuesta").click()
    summary = page.get_by_role("alert").filter(has_text="Su respuesta todavía no se ha enviado")
    expect(summary.get_by_role("link")).to_have_text(
        [
            "Para dar su permiso, escriba el número de celular de su hijo o hija.",
            "Escriba su nombre y su apellido.",
            "Marque esta casilla para firmar electrónicamente, o pida a la escuela un "
            "formulario en papel.",
        ]
    )
    check_page(page, "consent-es-phone-3-decide-errors")

    page.get_by_label("Número de teléfono celular de su hijo o hija").fill("773-555-0142")
    expect(page.get_by_label("Su relación con el estudiante")).to_have_value("mother")
    page.get_by_label("Escriba su nombre completo para firmar").fill("Rosa Lopez")
    page.get_by_role("checkbox", name=re.compile("acepto firmarlo electrónicamente")).check()
    page.get_by_role("button", name="Enviar mi respuesta").click()

    # Step 3: the answer and the copy.
    expect(heading).to_have_text("Gracias: usted dio su permiso")
    check_page(page, "consent-es-phone-4-answered")
    copy_link = page.get_by_role("link", name="Descargar su copia (PDF)")
    copy = page.request.get(live_server.url + copy_link.get_attribute("href"))
    assert (copy.status, copy.headers["content-type"]) == (200, "application/pdf")

    # Step 4: withdraw.
    page.get_by_label("¿Por qué retira su permiso?").select_option(
        label="Ya no quiero estos mensajes"
    )
    page.get_by_role("button", name="Retirar mi permiso").click()
    expect(heading).to_have_text("Usted retiró su permiso")
    expect(page.get_by_role("status")).to_contain_text("Su permiso quedó retirado.")
    check_page(page, "consent-es-phone-5-withdrawn")

    record = ConsentRecord.objects.select_related("form_text", "revocation").get()
    assert (record.decision, record.form_text.language) == (Decision.GRANT, "es")
    assert record.revocation.reason == "I no longer want these texts"
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
