"""Parent-link tokens and letter codes never reach a log: the student-record access log and
the portal's log lines (a mistyped link's 404 included) show /consent/sign/<redacted>/."""

import copy
import io
import logging.config

import pytest

from aup_portal import settings as production_settings
from consent.models import ConsentRecord
from roster.models import RecordAccess
from tests.consent.conftest import answer, verify


@pytest.fixture
def production_log(settings):
    """The production logging configuration, its console writing here; returns the text."""
    config = copy.deepcopy(production_settings.LOGGING)
    stream = io.StringIO()
    config["handlers"]["console"]["stream"] = stream
    logging.config.dictConfig(config)
    yield stream
    logging.config.dictConfig(settings.LOGGING)


def test_the_access_log_names_the_parent_address_without_its_token(
    frozen_today, client, mother_link, bulk_alerts
):
    # Arrange
    _link, token = mother_link
    verify(client, token)
    answer(client, token, bulk_alerts.form_texts.filter(language="en").first().pk)

    # Act
    response = client.get(f"/consent/sign/{token}/copy.pdf")

    # Assert
    access = RecordAccess.objects.get(document=ConsentRecord.objects.get().document)
    assert response.status_code == 200
    assert access.action == "downloaded at /consent/sign/<redacted>/copy.pdf"
    assert not RecordAccess.objects.filter(action__contains=token).exists()


def test_log_lines_never_show_a_token_or_a_letter_code(
    frozen_today, production_log, client, mother_link
):
    # Arrange
    _link, token = mother_link
    mistyped = token[:-1] + ("A" if token[-1] != "A" else "B")

    # Act
    missing = client.get(f"/consent/sign/{mistyped}/")
    logging.getLogger("django.server").info('"GET /consent/code/ABCD-EFGH-JK/ HTTP/1.1" 302 0')
    logging.getLogger("django.request").warning("Not Found: %s", f"/consent/sign/{token}/copy.pdf")

    # Assert
    logged = production_log.getvalue()
    assert missing.status_code == 404
    assert "Not Found: /consent/sign/<redacted>/" in logged
    assert "/consent/code/<redacted>/" in logged
    assert "/consent/sign/<redacted>/copy.pdf" in logged
    assert token not in logged and mistyped not in logged and "ABCD-EFGH-JK" not in logged
