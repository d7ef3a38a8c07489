"""With district sign-in on, passwords (sign-in and reset) are for break-glass accounts only;
django-axes still counts password failures. Off, everything stays as it was."""

import pytest
from axes.models import AccessAttempt

from aup_portal import oidc
from tests.factories import PASSWORD
from tests.helpers import run_django
from tests.oidc.provider import free_port
from tests.test_settings import production_env

LOGIN_URL = "/accounts/login/"


def password_sign_in(client, username, password=PASSWORD):
    return client.post(LOGIN_URL, {"username": username, "password": password})


@pytest.mark.usefixtures("district_sign_in")
def test_login_page_offers_the_district_account_first(client, db):
    page = client.get(LOGIN_URL).content.decode()

    assert "Sign in with the district account" in page
    assert 'href="/oidc/authenticate/"' in page


def test_login_page_without_district_sign_in_is_as_before(client, db):
    page = client.get(LOGIN_URL).content.decode()

    assert "district account" not in page
    assert client.get("/oidc/authenticate/").status_code == 404


@pytest.mark.usefixtures("district_sign_in")
def test_password_refused_for_an_account_that_is_not_break_glass(client, principal_a):
    response = password_sign_in(client, "principal")

    assert response.status_code == 200
    assert "Password sign-in is only for break-glass accounts" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated


@pytest.mark.usefixtures("district_sign_in")
def test_password_works_for_a_break_glass_account(client, administrator):
    administrator.break_glass = True
    administrator.save()

    response = password_sign_in(client, "admin")

    assert response.status_code == 302
    assert client.get("/").wsgi_request.user == administrator


@pytest.mark.usefixtures("district_sign_in")
def test_axes_still_pauses_a_break_glass_account_after_five_wrong_passwords(client, administrator):
    administrator.break_glass = True
    administrator.save()
    for _attempt in range(5):
        password_sign_in(client, "admin", "wrong-password-123")

    response = password_sign_in(client, "admin")

    assert response.status_code == 429
    assert AccessAttempt.objects.filter(username="admin").exists()


def test_password_works_for_everyone_without_district_sign_in(client, principal_a):
    response = password_sign_in(client, "principal")

    assert response.status_code == 302


@pytest.mark.usefixtures("district_sign_in")
def test_password_reset_mails_only_break_glass_accounts(
    client, principal_a, administrator, mailoutbox
):
    administrator.break_glass = True
    administrator.save()

    for user in (principal_a, administrator):
        client.post("/accounts/password_reset/", {"email": user.email})

    assert [message.to for message in mailoutbox] == [[administrator.email]]


def test_check_deploy_refuses_half_configured_district_sign_in(db):
    env = {**production_env(), "OIDC_CLIENT_ID": "aup-portal"}

    result = run_django(["manage.py", "check", "--deploy"], **env)

    assert result.returncode == 1
    assert "(aup_portal.E002) District sign-in is half configured: OIDC_CLIENT_SECRET" in (
        result.stderr
    )


def test_check_deploy_accepts_whole_district_sign_in(db):
    env = {
        **production_env(),
        "OIDC_CLIENT_ID": "aup-portal",
        "OIDC_CLIENT_SECRET": "from-the-secret-store",
        "OIDC_ISSUER": "https://login.district.example.org",
    }

    result = run_django(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **env)

    assert (result.returncode, result.stderr) == (0, "")


def test_administrator_marks_a_break_glass_account_in_the_admin(client, administrator, principal_a):
    client.force_login(administrator)
    url = f"/admin/roster/user/{principal_a.pk}/change/"

    page = client.get(url).content.decode()

    assert 'name="break_glass"' in page
    assert "District sign-in" in page


@pytest.fixture
def provider_down(settings):
    """District sign-in on, but nothing answers at the issuer's address."""
    settings.OIDC_ISSUER = f"http://127.0.0.1:{free_port()}"
    settings.OIDC_RP_CLIENT_ID = "aup-portal"
    settings.OIDC_RP_CLIENT_SECRET = "test-client-secret"
    oidc._discover.cache_clear()


@pytest.mark.usefixtures("provider_down")
def test_break_glass_password_works_while_the_provider_is_down(client, administrator):
    administrator.break_glass = True
    administrator.save()

    response = password_sign_in(client, "admin")

    assert response.status_code == 302
    assert client.get("/").wsgi_request.user == administrator


@pytest.mark.usefixtures("provider_down")
def test_district_sign_in_while_the_provider_is_down_says_so(client, db):
    response = client.get("/oidc/authenticate/")

    assert response.status_code == 403
    assert "is not answering" in response.content.decode()
