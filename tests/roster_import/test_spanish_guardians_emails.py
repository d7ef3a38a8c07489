"""From the roster to the parent's inbox: the district's sample is imported, the imported
principal issues consent forms on the issue page, and each guardian's email is in the language
the roster gave them (``metadata.language``)."""

import pytest

from roster.models import Guardian, School, SchoolYear, User
from tests.consent.conftest import standard_program
from tests.consent.test_spanish import spanish_text
from tests.roster_import.conftest import SAMPLE, run_import

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def test_imported_spanish_guardian_gets_the_link_in_spanish_an_english_one_in_english(
    client, settings, mailoutbox
):
    settings.PORTAL_URL = "http://testserver"
    run_import(SAMPLE)
    program = standard_program("bulk-alerts")
    spanish_text(program)  # the Spanish form the link opens
    school = School.objects.get(code="2001")  # org-1, Noah Lopez's school
    spanish = Guardian.objects.get(sourced_id="gua-0a")  # metadata.language "es"
    english = Guardian.objects.get(sourced_id="gua-2a")  # metadata.language empty
    assert (spanish.preferred_language, english.preferred_language) == ("es", "en")

    client.force_login(User.objects.get(sourced_id="prin-1"))
    response = client.post(
        "/consent/issue/",
        {
            "program": program.pk,
            "school": school.pk,
            "school_year": SchoolYear.objects.get().pk,
            "scope": "school",
            "token": "spanish-guardians",  # Send on the confirmation page
            "send": "1",
        },
    )

    assert response.status_code == 302, response.content.decode()
    emails = {message.to[0]: message for message in mailoutbox}
    assert spanish.email in emails and english.email in emails
    # Nobody outside the principal's school is written to (gua-1a is at org-2).
    assert "gua-1a@example.com" not in emails
    es, en = emails[spanish.email], emails[english.email]
    assert es.subject.startswith(f"{school.name}: su permiso para ")
    assert "Estimado/a James Garcia:" in es.body
    assert f"{school.name} le pide su permiso para " in es.body
    assert "your permission" not in es.body
    assert en.subject.startswith(f"{school.name}: your permission for ")
    assert "Dear Sofia Smith," in en.body
    assert "su permiso" not in en.body
