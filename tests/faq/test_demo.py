"""The demo FAQ that seed_demo adds, and search on the SQLite demo database."""

import io

import pytest
from django.core.management import call_command

from faq.models import Audience, Entry, EntryStatus, Topic
from tests.faq.html import texts
from tests.helpers import run_django, sqlite_demo_env


@pytest.fixture
def seeded(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", "--password", "demo-pass-123", stdout=io.StringIO())


def test_seed_demo_adds_faq_for_every_audience(seeded):
    # Act
    counts = {status: Entry.objects.filter(status=status).count() for status in EntryStatus.values}
    audiences_without_entries = Audience.objects.exclude(entries__status=EntryStatus.PUBLISHED)
    topics_without_entries = Topic.objects.exclude(entries__status=EntryStatus.PUBLISHED)

    # Assert
    assert counts == {"draft": 1, "published": 25, "archived": 2}
    assert list(audiences_without_entries) == []
    assert list(topics_without_entries) == []


def test_seed_demo_faq_says_the_policy_facts(seeded, client):
    # Act
    page = " ".join(client.get("/faq/").content.decode().split())

    # Assert
    for fact in [
        "valid only for the <strong>school year</strong>",
        "grades 9–12",
        "<strong>principal's</strong> prior written permission",
        "773-535-4400",
        "773-483-7283",
        "encryption of data in transit and at rest",
        "Charter schools are exempt",
        "cumulative folder",
    ]:
        assert fact in page, fact


def test_seed_demo_faq_entries_all_render(seeded, client):
    # Act
    response = client.get("/faq/")

    # Assert: 25 published entries, some for several audiences; none archived or draft.
    questions = texts(response, "faq-question")
    assert len(set(questions)) == 25
    assert "Which texting apps may teachers use with students?" not in questions
    assert "Can a parent give permission by replying to a text message?" not in questions


def test_seed_demo_twice_leaves_the_faq_alone(seeded, capsys):
    # Arrange
    before = list(Entry.history.order_by("history_id").values_list("history_id", "answer"))

    # Act
    call_command("seed_demo")

    # Assert
    after = list(Entry.history.order_by("history_id").values_list("history_id", "answer"))
    assert after == before


def test_seed_demo_reports_the_faq(db, settings, capsys):
    # Arrange
    settings.DEBUG = True

    # Act
    call_command("seed_demo", "--password", "demo-pass-123")

    # Assert
    assert "Added 25 published FAQ entries, 2 archived and 1 draft." in capsys.readouterr().out


def test_faq_search_on_sqlite_demo_falls_back_to_substring(tmp_path):
    # Arrange: the zero-setup demo database.
    def manage(*args):
        return run_django(["manage.py", *args], **sqlite_demo_env(tmp_path / "demo.sqlite3"))

    script = (
        "from django.test import Client; import re\n"
        "html = Client().get('/faq/', {'q': 'phone'}, HTTP_HOST='localhost').content.decode()\n"
        'print(re.findall(r\'<h2 class="h5"><a href="(/faq/#[^"]+)">(.*?)</a>\', html))\n'
    )

    # Act
    manage("migrate", "--no-input", "-v", "0")
    manage("seed_demo", "--password", "demo-pass-123")
    search = manage("shell", "-v", "0", "-c", script)

    # Assert: every match has the word in its question here, so the FAQ's order decides;
    # the word is highlighted.
    assert search.returncode == 0, search.stderr
    assert search.stdout.strip() == str(
        [
            (
                "/faq/#own-device-on-school-network",
                "Can I use my own <mark>phone</mark> or laptop on the school network?",
            ),
            (
                "/faq/#duplicate-alerts-on-my-phone",
                "Can I get the same text alerts on my own <mark>phone</mark>?",
            ),
            (
                "/faq/#personal-phone-number",
                "May I use my personal <mark>phone</mark> to text students?",
            ),
        ]
    )
