"""/faq/ask/: anyone sends ITS a question or comment; abuse is held off by a honeypot, a
per-address rate limit and a length limit; nothing a person typed is lost on an error."""

import datetime
import re

import pytest
import time_machine

from faq.models import InboxMessage, InboxStatus
from tests.faq.html import texts

pytestmark = pytest.mark.django_db

VALID = {
    "message": "Can my son's coach text him about practice times?",
    "role": "parent",
    "name": "Angela Johnson",
    "school": "Northside Community Academy",
    "email": "angela.johnson@example.com",
    "wants_reply": "on",
}


def field_error(response, field: str) -> str:
    """The error text shown beside ``field``."""
    match = re.search(
        rf'<(?:p|span|div) id="error_\d+_id_{field}"[^>]*>\s*<strong>(.*?)</strong>',
        response.content.decode(),
        re.DOTALL,
    )
    return match.group(1) if match else ""


def test_ask_page_open_to_anyone(client, db):
    # Act
    response = client.get("/faq/ask/")

    # Assert
    assert response.status_code == 200
    assert texts(response, "display-6") == ["Ask a question or leave a comment"]


def test_ask_valid_message_stored_and_its_told(client, mailoutbox, settings):
    # Arrange
    settings.ITS_INBOX_EMAIL = "its-inbox@district.example.org"

    # Act
    response = client.post("/faq/ask/", VALID)

    # Assert
    assert (response.status_code, response["Location"]) == (302, "/faq/ask/thanks/")
    message = InboxMessage.objects.get()
    assert (
        message.message,
        message.role,
        message.name,
        message.email,
        message.wants_reply,
        message.school,
        message.status,
    ) == (
        VALID["message"],
        "parent",
        "Angela Johnson",
        "angela.johnson@example.com",
        True,
        "Northside Community Academy",
        InboxStatus.NEW,
    )
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (
            ["its-inbox@district.example.org"],
            "New question (reply wanted) from parent or guardian on the AUP Portal",
        ),
        (
            ["angela.johnson@example.com"],
            "We received your message: Chicago Public Schools AUP Portal",
        ),
    ]
    its_mail = mailoutbox[0]
    assert VALID["message"] in its_mail.body
    assert f"/admin/faq/inboxmessage/{message.pk}/change/" in its_mail.body
    assert VALID["message"] in mailoutbox[1].body
    assert [alternative.mimetype for alternative in its_mail.alternatives] == ["text/html"]


def test_ask_stores_a_hash_not_the_address(client, db):
    # Act
    client.post("/faq/ask/", VALID, REMOTE_ADDR="203.0.113.7")

    # Assert
    client_hash = InboxMessage.objects.get().client_hash
    assert len(client_hash) == 64
    assert "203.0.113.7" not in client_hash


def test_ask_without_email_sends_no_receipt(client, mailoutbox):
    # Act
    client.post("/faq/ask/", {"message": "Thank you for the clear guide.", "role": "staff"})

    # Assert
    assert InboxMessage.objects.get().email == ""
    assert [m.to for m in mailoutbox] == [["aupguidelines@cps.edu"]]


def test_ask_thanks_page(client, db):
    # Act
    response = client.get("/faq/ask/thanks/")

    # Assert
    assert response.status_code == 200
    assert texts(response, "display-6") == ["Thank you: we have your message"]


def test_ask_honeypot_filled_stores_and_sends_nothing(client, mailoutbox):
    # Act
    response = client.post("/faq/ask/", {**VALID, "website": "https://cheap-pills.example"})

    # Assert: a robot sees the same success as a person.
    assert (response.status_code, response["Location"]) == (302, "/faq/ask/thanks/")
    assert (InboxMessage.objects.count(), mailoutbox) == (0, [])


def test_ask_honeypot_hidden_from_people(client, db):
    # Act
    content = client.get("/faq/ask/").content.decode()

    # Assert: hidden by the stylesheet (no inline style under the CSP), out of the tab order.
    assert re.search(r'class="faq-honeypot"\s*>.*?name="website"', content, re.DOTALL)
    assert re.search(r'<input[^>]*name="website"[^>]*tabindex="-1"', content)


def test_ask_rate_limit_refuses_sixth_message_in_an_hour(client, mailoutbox):
    # Arrange
    with time_machine.travel(datetime.datetime(2026, 10, 1, 14, 0, tzinfo=datetime.UTC)):
        for n in range(5):
            client.post("/faq/ask/", {**VALID, "message": f"Message {n}"})
    mailoutbox.clear()

    # Act
    with time_machine.travel(datetime.datetime(2026, 10, 1, 14, 59, tzinfo=datetime.UTC)):
        response = client.post("/faq/ask/", {**VALID, "message": "One message too many"})

    # Assert: a clear message, the text kept, nothing stored or sent.
    assert response.status_code == 429
    assert texts(response, "alert-danger") == [
        "You have sent 5 messages in the last hour, the most we accept from one connection. "
        "Please try again later, or email aupguidelines@cps.edu directly."
    ]
    assert ">\nOne message too many</textarea>" in response.content.decode()
    assert (InboxMessage.objects.count(), mailoutbox) == (5, [])


def test_ask_rate_limit_lifts_after_an_hour(client, db):
    # Arrange
    with time_machine.travel(datetime.datetime(2026, 10, 1, 14, 0, tzinfo=datetime.UTC)):
        for n in range(5):
            client.post("/faq/ask/", {**VALID, "message": f"Message {n}"})

    # Act
    with time_machine.travel(datetime.datetime(2026, 10, 1, 15, 1, tzinfo=datetime.UTC)):
        response = client.post("/faq/ask/", VALID)

    # Assert
    assert (response.status_code, InboxMessage.objects.count()) == (302, 6)


def test_ask_rate_limit_is_per_address(client, db):
    # Arrange
    for n in range(5):
        client.post("/faq/ask/", {**VALID, "message": f"Message {n}"}, REMOTE_ADDR="198.51.100.1")

    # Act
    response = client.post("/faq/ask/", VALID, REMOTE_ADDR="198.51.100.2")

    # Assert
    assert (response.status_code, InboxMessage.objects.count()) == (302, 6)


def test_ask_over_long_message_refused_beside_field_and_kept(client, mailoutbox):
    # Arrange
    long_message = "I have a question. " * 270  # 5,130 characters

    # Act
    response = client.post("/faq/ask/", {**VALID, "message": long_message})

    # Assert
    assert response.status_code == 200
    assert field_error(response, "message") == (
        "Please shorten your message to 5,000 characters or fewer (it has 5,129)."
    )
    assert long_message.strip() in response.content.decode()
    assert 'maxlength="' not in re.search(r"<textarea[^>]*>", response.content.decode()).group(0)
    assert (InboxMessage.objects.count(), mailoutbox) == (0, [])


def test_ask_reply_wanted_without_email_refused_beside_field(client, db):
    # Act
    response = client.post("/faq/ask/", {**VALID, "email": ""})

    # Assert
    assert field_error(response, "email") == "Enter your email address so that we can reply."
    content = response.content.decode()
    assert ">\nCan my son&#x27;s coach text him about practice times?</textarea>" in content
    assert 'value="Angela Johnson"' in content
    assert InboxMessage.objects.count() == 0


def test_ask_invalid_email_refused_beside_field(client, db):
    # Act
    response = client.post("/faq/ask/", {**VALID, "email": "angela@"})

    # Assert
    assert field_error(response, "email") == "Enter an email address like name@example.com."
    assert 'value="angela@"' in response.content.decode()


def test_ask_message_and_role_required(client, db):
    # Act
    response = client.post("/faq/ask/", {"name": "Someone"})

    # Assert
    assert (field_error(response, "message"), field_error(response, "role")) == (
        "Write your question or comment.",
        "Tell us who you are, so we can answer in the right way.",
    )
    assert InboxMessage.objects.count() == 0


def test_ask_page_query_count_fixed(client, db, django_assert_num_queries):
    # Act / Assert: the contacts and the FAQ's last change.
    with django_assert_num_queries(2):
        client.get("/faq/ask/")
