"""Staff sign-in: the login page, logout, throttling (django-axes), password reset, and the
deny-by-default LoginRequiredMiddleware."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib import auth
from django.http import HttpResponse
from django.urls import path

from aup_portal import urls as portal_urls
from tests.factories import PASSWORD

LOGIN_URL = "/accounts/login/"
NEW_PASSWORD = "a-brand-new-passphrase-2026"


class _Page(HTMLParser):
    """The title, the form fields' values and the visible text of an HTML page."""

    def __init__(self, html: str):
        super().__init__()
        self.fields: dict[str, str] = {}
        self._text: list[str] = []
        self._in_title = False
        self.title = ""
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and "name" in attrs:
            self.fields[attrs["name"]] = attrs.get("value") or ""
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        self._text.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self._text).split())


def page(response) -> _Page:
    return _Page(response.content.decode())


def sign_in(client, username, password, **extra):
    return client.post(LOGIN_URL, {"username": username, "password": password}, **extra)


def reset_link(mailoutbox) -> str:
    """The path of the password-reset link in the last email sent."""
    return re.search(r"http://testserver(/accounts/reset/\S+/)", mailoutbox[-1].body).group(1)


def reset_password(client, mailoutbox, email: str) -> str:
    """Ask for a reset link, open it and set NEW_PASSWORD; returns the link."""
    client.post("/accounts/password_reset/", {"email": email})
    link = reset_link(mailoutbox)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    return link


@pytest.mark.django_db
def test_login_page_renders_form(client):
    # Act
    response = client.get(LOGIN_URL)

    # Assert
    assert (response.status_code, page(response).title, sorted(page(response).fields)) == (
        200,
        "Staff sign-in · AUP Portal · Chicago Public Schools",
        ["csrfmiddlewaretoken", "next", "password", "username"],
    )


def test_login_right_password_redirects_home_signed_in(client, principal_a):
    # Act
    response = sign_in(client, "principal", PASSWORD)

    # Assert
    assert (response.status_code, response["Location"]) == (302, "/")
    assert auth.get_user(client) == principal_a


def test_login_safe_next_followed(client, its_reviewer):
    # Act
    response = client.post(LOGIN_URL, {"username": "its", "password": PASSWORD, "next": "/admin/"})

    # Assert
    assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_login_next_to_other_site_ignored(client, principal_a):
    # Act
    response = client.post(
        LOGIN_URL,
        {"username": "principal", "password": PASSWORD, "next": "https://evil.example.com/"},
    )

    # Assert
    assert (response.status_code, response["Location"]) == (302, "/")


def test_login_wrong_password_shows_error_keeps_username(client, principal_a):
    # Act
    response = sign_in(client, "principal", "not-the-password")

    # Assert
    shown = page(response)
    assert (response.status_code, shown.fields["username"], shown.fields["password"]) == (
        200,
        "principal",
        "",
    )
    assert "Please enter a correct username and password." in shown.text
    assert auth.get_user(client).is_authenticated is False


def test_logout_get_not_allowed(client, principal_a):
    # Arrange
    client.force_login(principal_a)

    # Act
    response = client.get("/accounts/logout/")

    # Assert
    assert response.status_code == 405
    assert auth.get_user(client) == principal_a


def test_logout_post_signs_out(client, principal_a):
    # Arrange
    client.force_login(principal_a)

    # Act
    response = client.post("/accounts/logout/")

    # Assert
    assert (response.status_code, response["Location"]) == (302, "/")
    assert auth.get_user(client).is_authenticated is False


def test_login_sixth_attempt_after_five_failures_paused(client, principal_a):
    # Arrange
    for _ in range(5):
        sign_in(client, "principal", "not-the-password")

    # Act: even the right password.
    response = sign_in(client, "principal", PASSWORD)

    # Assert
    assert (response.status_code, page(response).title) == (
        429,
        "Sign-in paused · AUP Portal · Chicago Public Schools",
    )
    assert auth.get_user(client).is_authenticated is False


def test_login_four_failures_not_paused(client, principal_a):
    # Arrange
    for _ in range(4):
        sign_in(client, "principal", "not-the-password")

    # Act
    response = sign_in(client, "principal", PASSWORD)

    # Assert
    assert (response.status_code, auth.get_user(client)) == (302, principal_a)


def test_login_success_resets_failure_count(client, principal_a):
    # Arrange: four failures, a success, four more failures.
    for _ in range(4):
        sign_in(client, "principal", "not-the-password")
    sign_in(client, "principal", PASSWORD)
    client.post("/accounts/logout/")
    for _ in range(4):
        sign_in(client, "principal", "not-the-password")

    # Act
    response = sign_in(client, "principal", PASSWORD)

    # Assert
    assert (response.status_code, auth.get_user(client)) == (302, principal_a)


@pytest.mark.parametrize(
    ("username", "address"),
    [("teacher", "127.0.0.1"), ("principal", "10.1.2.3")],
    ids=["other-username-same-address", "same-username-other-address"],
)
def test_login_pause_only_for_username_and_address_pair(
    client, principal_a, teacher_a, username, address
):
    # Arrange
    for _ in range(5):
        sign_in(client, "principal", "not-the-password", REMOTE_ADDR="127.0.0.1")

    # Act
    response = sign_in(client, username, PASSWORD, REMOTE_ADDR=address)

    # Assert
    assert (response.status_code, auth.get_user(client).username) == (302, username)


def test_password_reset_emails_link_that_sets_new_password(client, principal_a, mailoutbox):
    # Arrange
    requested = client.post(
        "/accounts/password_reset/", {"email": "principal@district.example.org"}
    )

    # Act: follow the link in the email and choose a new password.
    (message,) = mailoutbox
    link = reset_link(mailoutbox)
    form_page = client.get(link, follow=True)
    form_url = form_page.redirect_chain[-1][0]
    saved = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    signed_in = sign_in(client, "principal", NEW_PASSWORD)

    # Assert
    assert (requested.status_code, requested["Location"]) == (302, "/accounts/password_reset/done/")
    assert (message.to, message.subject) == (
        ["principal@district.example.org"],
        "Reset your AUP Portal password",
    )
    assert (form_page.status_code, page(form_page).title) == (
        200,
        "Choose a new password · AUP Portal · Chicago Public Schools",
    )
    assert (saved.status_code, saved["Location"]) == (302, "/accounts/reset/done/")
    assert (signed_in.status_code, auth.get_user(client)) == (302, principal_a)


def test_password_reset_lifts_sign_in_pause(client, principal_a, mailoutbox):
    # Arrange: paused, then the way out the paused page offers.
    for _ in range(5):
        sign_in(client, "principal", "not-the-password")
    reset_password(client, mailoutbox, "principal@district.example.org")

    # Act
    response = sign_in(client, "principal", NEW_PASSWORD)

    # Assert
    assert (response.status_code, auth.get_user(client)) == (302, principal_a)


def test_password_reset_link_works_once(client, principal_a, mailoutbox):
    # Arrange
    link = reset_password(client, mailoutbox, "principal@district.example.org")

    # Act
    response = client.get(link, follow=True)

    # Assert
    assert (response.redirect_chain, "This link no longer works" in page(response).text) == (
        [],
        True,
    )


def test_password_reset_unknown_email_sends_nothing(client, principal_a, mailoutbox):
    # Act
    response = client.post("/accounts/password_reset/", {"email": "nobody@example.org"})

    # Assert: the same answer as for a known address, so accounts cannot be probed.
    assert (response.status_code, response["Location"], mailoutbox) == (
        302,
        "/accounts/password_reset/done/",
        [],
    )


@pytest.mark.django_db
def test_admin_anonymous_ends_at_login(client):
    # Act
    response = client.get("/admin/", follow=True)

    # Assert
    assert (response.status_code, response.redirect_chain[-1][0]) == (
        200,
        "/accounts/login/?next=/admin/",
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/", "/healthz", LOGIN_URL, "/accounts/password_reset/", "/accounts/password_reset/done/"],
)
def test_public_page_open_to_anonymous(client, url):
    # Act
    response = client.get(url)

    # Assert
    assert response.status_code == 200


def undecorated_view(request):
    return HttpResponse("staff only")


# The portal's URLs plus a page whose view says nothing about sign-in, as every new view
# starts out: LoginRequiredMiddleware alone must keep it private.
urlpatterns = [path("undecorated/", undecorated_view), *portal_urls.urlpatterns]


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_new_view_private_by_default_anonymous_redirected_to_login(client):
    # Act
    response = client.get("/undecorated/")

    # Assert
    assert (response.status_code, response["Location"]) == (
        302,
        "/accounts/login/?next=/undecorated/",
    )


@pytest.mark.urls(__name__)
def test_new_view_private_by_default_open_to_signed_in(client, teacher_a):
    # Arrange
    client.force_login(teacher_a)

    # Act
    response = client.get("/undecorated/")

    # Assert
    assert (response.status_code, response.content) == (200, b"staff only")


@pytest.mark.django_db
def test_password_change_anonymous_redirected_to_login(client):
    # Act
    response = client.get("/accounts/password_change/")

    # Assert
    assert (response.status_code, response["Location"]) == (
        302,
        "/accounts/login/?next=/accounts/password_change/",
    )
