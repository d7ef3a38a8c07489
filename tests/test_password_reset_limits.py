"""Password-reset emails are limited per account and per client address, and the page answers
the same whether an email went out, the limit was reached or the account does not exist."""

import pytest

from tests.factories import UserFactory

RESET_URL = "/accounts/password_reset/"
DONE = (302, "/accounts/password_reset/done/")


def ask(client, email, address="203.0.113.7"):
    response = client.post(RESET_URL, {"email": email}, REMOTE_ADDR=address)
    return response.status_code, response["Location"]


def test_reset_15_requests_for_one_account_send_at_most_3_emails(client, principal_a, mailoutbox):
    # Act: from fifteen different addresses, so only the per-account limit applies.
    answers = [ask(client, "principal@district.example.org", f"198.51.100.{n}") for n in range(15)]

    # Assert
    assert answers == [DONE] * 15
    assert len(mailoutbox) == 3
    assert {tuple(message.to) for message in mailoutbox} == {("principal@district.example.org",)}


def test_reset_account_limit_ignores_the_case_of_the_address(client, principal_a, mailoutbox):
    # Act
    for email in ["principal@district.example.org", "PRINCIPAL@district.example.org"] * 3:
        ask(client, email, "198.51.100.1")

    # Assert
    assert len(mailoutbox) == 3


@pytest.mark.django_db
def test_reset_one_address_asking_for_many_accounts_is_limited(client, mailoutbox):
    # Arrange
    users = [UserFactory(email=f"staff{n}@district.example.org") for n in range(15)]

    # Act: one client address, fifteen different accounts.
    answers = [ask(client, user.email) for user in users]

    # Assert
    assert answers == [DONE] * 15
    assert len(mailoutbox) == 10
    assert ask(client, "staff0@district.example.org", "192.0.2.1") == DONE  # another address


def test_reset_answer_is_the_same_for_unknown_limited_and_known_accounts(
    client, principal_a, mailoutbox
):
    # Act
    known = ask(client, "principal@district.example.org")
    unknown = [ask(client, "nobody@district.example.org") for _ in range(5)]
    limited = [ask(client, "principal@district.example.org") for _ in range(4)]

    # Assert
    assert {known, *unknown, *limited} == {DONE}
    assert len(mailoutbox) == 3
