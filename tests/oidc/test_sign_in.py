"""District sign-in against a real OpenID Connect provider: who gets in, who is refused and
why, and that roles come from the roster."""

import datetime

import pytest
import time_machine
from axes.models import AccessAttempt

from tests.oidc.provider import (
    provider_sign_in,
    sign_in_through_provider,
    start_sign_in,
)

pytestmark = pytest.mark.usefixtures("district_sign_in")


def signed_in_user(client):
    return client.get("/").wsgi_request.user


def test_principal_signs_in_by_verified_email(client, principal_a):
    response = sign_in_through_provider(client, "principal")

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert signed_in_user(client) == principal_a


def test_account_switched_off_after_sign_in_loses_its_session(client, principal_a):
    sign_in_through_provider(client, "principal")
    principal_a.is_active = False
    principal_a.save()

    assert not signed_in_user(client).is_authenticated


def test_sign_in_returns_to_the_page_asked_for(client, principal_a):
    response = client.get("/oidc/authenticate/?next=/consent/")
    callback = provider_sign_in(response["Location"], "principal")

    assert client.get(callback)["Location"] == "/consent/"


@pytest.mark.parametrize(
    ("login", "words"),
    [
        ("stranger", "not linked to a portal account"),
        ("unverified", "has not confirmed your email address"),
        ("inactive", "switched off"),
    ],
)
def test_person_without_a_usable_account_is_refused(
    client, principal_b, teacher_a, login, words, caplog
):
    principal_b.is_active = False
    principal_b.save()

    response = sign_in_through_provider(client, login)

    assert response.status_code == 403
    assert words in response.content.decode()
    assert "Back to staff sign-in" in response.content.decode()
    assert not signed_in_user(client).is_authenticated
    assert "District sign-in refused" in caplog.text
    # The provider checked the password: its refusals must not pause the school's address.
    assert not AccessAttempt.objects.exists()


def test_no_account_is_created_and_claimed_roles_are_ignored(client, django_user_model):
    sign_in_through_provider(client, "inactive")  # sends roles: ["administrator"]

    assert django_user_model.objects.count() == 0


def test_tampered_state_is_refused(client, principal_a, caplog):
    callback = provider_sign_in(start_sign_in(client), "principal")

    response = client.get(callback.replace("state=", "state=x"))

    assert response.status_code == 403
    assert "could not be checked" in response.content.decode()
    assert "state not found in session" in caplog.text
    assert not signed_in_user(client).is_authenticated


def test_callback_without_a_started_sign_in_is_refused(client, principal_a):
    callback = provider_sign_in(start_sign_in(client), "principal")
    client.cookies.clear()

    response = client.get(callback)

    assert response.status_code == 403
    assert not signed_in_user(client).is_authenticated


def test_tampered_nonce_is_refused(client, principal_a, caplog):
    callback = provider_sign_in(start_sign_in(client), "principal")
    session = client.session
    for state in session["oidc_states"].values():
        state["nonce"] = "not-the-nonce-the-provider-signed"
    session.save()

    response = client.get(callback)

    assert response.status_code == 403
    assert "Nonce verification failed" in caplog.text
    assert not signed_in_user(client).is_authenticated


def test_token_from_another_issuer_is_refused(client, settings, principal_a, oidc_provider, caplog):
    # The provider's endpoints given one by one, but the portal expects another issuer: the
    # provider's real ID token names itself, not the issuer the portal trusts.
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{oidc_provider}/auth"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{oidc_provider}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{oidc_provider}/me"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{oidc_provider}/jwks"
    settings.OIDC_ISSUER = "https://login.other-district.example.org"

    response = sign_in_through_provider(client, "principal")

    assert response.status_code == 403
    assert "Invalid issuer" in caplog.text
    assert not signed_in_user(client).is_authenticated


def test_expired_id_token_is_refused(client, principal_a, caplog):
    callback = provider_sign_in(start_sign_in(client), "principal")

    # The provider's ID tokens live an hour; the portal reads this one two hours later.
    later = datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(hours=2)
    with time_machine.travel(later):
        response = client.get(callback)

    assert response.status_code == 403
    assert "Signature has expired" in caplog.text
    assert not signed_in_user(client).is_authenticated


def test_provider_error_is_refused_kindly(client, db):
    response = client.get("/oidc/callback/?error=access_denied&state=abc")

    assert response.status_code == 403
    assert "did not sign you in" in response.content.decode()
