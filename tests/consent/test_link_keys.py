"""Parent links and letter codes are signed with their own key (LINK_SIGNING_KEY): rotating
SECRET_KEY breaks none of them, and rotating the link key with the old one kept in
LINK_SIGNING_KEY_FALLBACKS keeps every link and code already sent working, while reminders
repeat the very link the guardian already has."""

import re

import pytest
from django.core.cache import cache

from consent import codes
from consent.links import LinkKeyMissing, hash_token, link_token, token_for_nonce
from consent.services.emailing import consent_link_send
from consent.services.issuing import consent_remind
from consent.services.letters import consent_letters_print
from tests.consent.conftest import make_link, verify
from tests.consent.test_codes import _batch_for

OLD_KEY = "link-key-of-last-year-3c9e1a7f5b2d8e4a6c0f9b3d7e1a5c8f"
NEW_KEY = "link-key-of-this-year-8f2a6d0c4e9b1f7a3d5c8e2b6a0f4d9c"
SIGN_URL = re.compile(r"/consent/sign/([A-Za-z0-9_-]{43})/")


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()  # wrong letter codes are counted in the cache
    yield
    cache.clear()


@pytest.fixture
def emailed(settings, mother_link, mailoutbox):
    """The mother's link emailed under OLD_KEY: (link, the token in her email)."""
    settings.LINK_SIGNING_KEY, settings.LINK_SIGNING_KEY_FALLBACKS = OLD_KEY, []
    link, _token = mother_link
    link.token_hash = hash_token(token_for_nonce(link.nonce))  # as issued under OLD_KEY
    link.save(update_fields=["token_hash"])
    consent_link_send(link_id=link.pk)
    return link, SIGN_URL.findall(mailoutbox[-1].body)[0]


def reminded_token(link, principal_a, mailoutbox, capture):
    request = link.request
    with capture(execute=True):
        consent_remind(
            user=principal_a,
            school=request.school,
            program=request.program,
            school_year=request.school_year,
            student=request.student,
        )
    return SIGN_URL.findall(mailoutbox[-1].body)[0]


def test_rotating_secret_key_keeps_an_emailed_link_and_its_reminders_working(
    settings, client, emailed, principal_a, mailoutbox, django_capture_on_commit_callbacks
):
    # Arrange
    link, token = emailed

    # Act
    settings.SECRET_KEY = "a-brand-new-secret-key-0e8d6c4b2a9f7e5d3c1b0a8f6e4d2c0b"
    opened = client.get(f"/consent/sign/{token}/")
    verified = verify(client, token)
    reminder = reminded_token(link, principal_a, mailoutbox, django_capture_on_commit_callbacks)

    # Assert
    assert (opened.status_code, verified.status_code) == (200, 302)
    assert reminder == token


def test_rotating_the_link_key_with_the_old_one_in_fallbacks_keeps_old_and_new_links(
    settings,
    client,
    emailed,
    family,
    bulk_alerts,
    school_year,
    principal_a,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    # Arrange
    link, token = emailed
    student, _mother, father = family

    # Act
    settings.LINK_SIGNING_KEY, settings.LINK_SIGNING_KEY_FALLBACKS = NEW_KEY, [OLD_KEY]
    old_opened = client.get(f"/consent/sign/{token}/")
    reminder = reminded_token(link, principal_a, mailoutbox, django_capture_on_commit_callbacks)
    new_link, new_token = make_link(
        student=student, guardian=father, program=bulk_alerts, school_year=school_year
    )
    new_opened = client.get(f"/consent/sign/{new_token}/")

    # Assert
    assert (old_opened.status_code, new_opened.status_code) == (200, 200)
    assert reminder == token
    assert link_token(new_link) == new_token != link_token(link)


def test_without_the_old_key_a_link_cannot_be_repeated_and_says_why(settings, emailed):
    # Arrange
    link, _token = emailed
    settings.LINK_SIGNING_KEY, settings.LINK_SIGNING_KEY_FALLBACKS = NEW_KEY, []

    # Act / Assert
    with pytest.raises(LinkKeyMissing, match="LINK_SIGNING_KEY_FALLBACKS"):
        link_token(link)


@pytest.mark.parametrize("rotate", ["secret_key", "link_key"])
def test_a_printed_letter_code_survives_key_rotation(
    settings, client, emailed, principal_a, rotate
):
    # Arrange: the letter printed under OLD_KEY
    link, token = emailed
    batch = _batch_for(link, principal_a)
    consent_letters_print(batch=batch, user=principal_a, everyone=True)
    link.refresh_from_db()
    printed_code = codes.link_code(link)

    # Act
    if rotate == "secret_key":
        settings.SECRET_KEY = "a-brand-new-secret-key-0e8d6c4b2a9f7e5d3c1b0a8f6e4d2c0b"
    else:
        settings.LINK_SIGNING_KEY, settings.LINK_SIGNING_KEY_FALLBACKS = NEW_KEY, [OLD_KEY]
    typed = client.post("/consent/code/", {"code": codes.grouped(printed_code)})
    consent_letters_print(batch=batch, user=principal_a, everyone=True)  # printed again
    link.refresh_from_db()

    # Assert: the code leads to the same link, and a reprint shows the same code
    assert (typed.status_code, typed["Location"]) == (302, f"/consent/sign/{token}/")
    assert codes.link_code(link) == printed_code
    assert link.code_hash == codes.hash_code(printed_code)
