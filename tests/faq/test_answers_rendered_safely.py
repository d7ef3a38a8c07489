"""Answers are Markdown written by editors and shown to anyone: whatever is typed, the page
gets no script, style, event handler, image or javascript: link."""

import re

import pytest

from tests.faq.factories import EntryFactory

pytestmark = pytest.mark.django_db

HOSTILE_ANSWER = """\
Call the office.<script>alert("script")</script>

<img src="x" onerror="alert('img')">

[Click me](javascript:alert('link')) and [this one](JaVaScRiPt:alert('case'))

<a href="javascript:alert('raw')" onclick="alert('click')">raw link</a>

<p style="position:fixed" onmouseover="alert('hover')">styled</p>

<style>body { display: none }</style><iframe src="https://evil.example"></iframe>

<svg onload="alert('svg')"></svg><form action="https://evil.example"><button>Go</button></form>

[Safe link](https://www.example.org/help "Help") and [mail us](mailto:aup@example.org)
"""

FORBIDDEN = [
    "<script",
    "alert(",
    "onerror",
    "onclick",
    "onmouseover",
    "onload",
    "javascript:",
    "style=",
    "<style",
    "<iframe",
    "<img",
    "<svg",
    "<form",
    "<button",
]


def answer_html(response) -> str:
    return re.search(
        r'<div class="faq-answer">(.*?)</div>', response.content.decode(), re.DOTALL
    ).group(1)


def test_answer_with_scripts_and_handlers_rendered_harmless(client, parents):
    # Arrange
    EntryFactory(answer=HOSTILE_ANSWER)

    # Act
    html = answer_html(client.get("/faq/"))

    # Assert
    assert [word for word in FORBIDDEN if word.lower() in html.lower()] == []
    assert "Call the office." in html
    assert "styled" in html


def test_answer_keeps_safe_links(client, parents):
    # Arrange
    EntryFactory(answer=HOSTILE_ANSWER)

    # Act
    html = answer_html(client.get("/faq/"))

    # Assert
    assert (
        '<a href="https://www.example.org/help" title="Help" rel="noopener noreferrer">'
        "Safe link</a>" in html
    )
    assert '<a href="mailto:aup@example.org" rel="noopener noreferrer">mail us</a>' in html
    # The javascript: links keep their text and lose their target.
    assert "href" not in re.search(r"<a([^>]*)>Click me</a>", html).group(1)
    assert "href" not in re.search(r"<a([^>]*)>raw link</a>", html).group(1)


def test_answer_markdown_lists_and_headings_render(client, parents):
    # Arrange
    EntryFactory(answer="# Steps\n\n1. Open the link.\n2. Sign.\n\n- one\n- two")

    # Act
    html = answer_html(client.get("/faq/"))

    # Assert: headings start below the page's own (h1 page, h2 audience, h3 question).
    assert " ".join(html.split()) == (
        "<h4>Steps</h4> <ol> <li>Open the link.</li> <li>Sign.</li> </ol> "
        "<ul> <li>one</li> <li>two</li> </ul>"
    )


def test_admin_preview_is_sanitised_too(client, content_editor, parents):
    # Arrange
    entry = EntryFactory(answer=HOSTILE_ANSWER)
    client.force_login(content_editor)

    # Act
    content = client.get(f"/admin/faq/entry/{entry.pk}/change/").content.decode()

    # Assert
    preview = re.search(r'<div class="faq-answer-preview">(.*?)</div>', content, re.DOTALL).group(1)
    assert [word for word in FORBIDDEN if word.lower() in preview.lower()] == []
    assert "Call the office." in preview
