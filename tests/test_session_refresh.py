"""Sessions are saved when they change, else at most every SESSION_REFRESH_SECONDS: a page
view is no database write, and the idle timeout still moves on."""

import datetime

from django.contrib.sessions.models import Session

from aup_portal.middleware import SESSION_REFRESH_SECONDS


def expiry(client):
    return Session.objects.get(session_key=client.cookies["sessionid"].value).expire_date


def test_session_unchanged_is_not_saved_on_the_next_page(client, principal_a, frozen_today):
    # Arrange: signed in, and one page that marked the session's save time.
    client.force_login(principal_a)
    client.get("/")
    before = expiry(client)

    # Act
    response = client.get("/")

    # Assert
    assert response.status_code == 200
    assert "sessionid" not in response.cookies
    assert expiry(client) == before


def test_session_unchanged_is_saved_again_after_the_refresh_interval(
    client, principal_a, frozen_today
):
    # Arrange
    client.force_login(principal_a)
    client.get("/")
    before = expiry(client)
    frozen_today.shift(datetime.timedelta(seconds=SESSION_REFRESH_SECONDS + 1))

    # Act
    response = client.get("/")

    # Assert
    assert response.status_code == 200
    assert "sessionid" in response.cookies
    assert expiry(client) > before


def test_session_of_an_anonymous_visitor_is_never_created(client, db):
    response = client.get("/faq/")

    assert response.status_code == 200
    assert "sessionid" not in response.cookies
    assert Session.objects.count() == 0
