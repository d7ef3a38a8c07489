"""Search of the published FAQ: PostgreSQL full-text search with English stemming, ranking
and highlighted matches; a plain substring match on the SQLite demo database.

Highlights come back as SafeStrings built by escaping the text first and only then turning
the match markers into <mark>, so an entry's text can never inject markup.
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from faq.models import Entry
from faq.rendering import HIGHLIGHT_START, HIGHLIGHT_STOP

MAX_QUERY_LENGTH = 200
MAX_RESULTS = 25
SNIPPET_WORDS = 40
FRAGMENT_DELIMITER = " … "


@dataclass(frozen=True)
class SearchHit:
    entry: Entry
    question: SafeString
    snippet: SafeString


def _marked_to_html(text: str) -> SafeString:
    escaped = escape(text)
    return mark_safe(  # noqa: S308 (escaped above; only our own markers become tags)
        escaped.replace(HIGHLIGHT_START, "<mark>").replace(HIGHLIGHT_STOP, "</mark>")
    )


def entries_search(query: str) -> list[SearchHit]:
    """The published entries that match ``query``, best first (at most MAX_RESULTS)."""
    query = " ".join(query.split())[:MAX_QUERY_LENGTH]
    if not query:
        return []
    published = Entry.objects.published().prefetch_related("audiences")
    if connection.vendor == "postgresql":
        return _search_postgresql(published, query)
    return _search_substring(published, query)


def _search_postgresql(entries, query: str) -> list[SearchHit]:
    search_query = SearchQuery(query, search_type="websearch", config="english")
    vector = (
        SearchVector("question", weight="A", config="english")
        + SearchVector("topic__name", weight="B", config="english")
        + SearchVector("answer_text", weight="C", config="english")
    )
    marks = {"start_sel": HIGHLIGHT_START, "stop_sel": HIGHLIGHT_STOP, "config": "english"}
    hits = (
        entries.annotate(document=vector)
        .filter(document=search_query)
        .annotate(
            rank=SearchRank(F("document"), search_query),
            question_marked=SearchHeadline("question", search_query, highlight_all=True, **marks),
            snippet_marked=SearchHeadline(
                "answer_text",
                search_query,
                max_words=SNIPPET_WORDS,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=FRAGMENT_DELIMITER,
                **marks,
            ),
        )
        .order_by("-rank", "position", "pk")[:MAX_RESULTS]
    )
    return [
        SearchHit(
            hit,
            _marked_to_html(hit.question_marked),
            _marked_to_html(_with_ellipses(hit.snippet_marked, hit.answer_text)),
        )
        for hit in hits
    ]


def _words(text: str) -> str:
    return " ".join(
        re.findall(r"\w+", text.replace(HIGHLIGHT_START, "").replace(HIGHLIGHT_STOP, ""))
    )


def _with_ellipses(snippet: str, text: str) -> str:
    """Mark where the quoted fragments leave out the start or the end of the answer."""
    fragments = snippet.split(FRAGMENT_DELIMITER)
    if not _words(text).startswith(_words(fragments[0])):
        snippet = "… " + snippet
    if not _words(text).endswith(_words(fragments[-1])):
        snippet += " …"
    return snippet


def _search_substring(entries, query: str) -> list[SearchHit]:
    words = query.split()
    matches = Q()
    for word in words:
        matches &= Q(question__icontains=word) | Q(answer_text__icontains=word)
    in_question = Q()
    for word in words:
        in_question &= Q(question__icontains=word)
    hits = (
        entries.filter(matches)
        .annotate(
            rank=Case(
                When(in_question, then=Value(1)), default=Value(0), output_field=IntegerField()
            )
        )
        .order_by("-rank", "position", "pk")[:MAX_RESULTS]
    )
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)

    def marked(text: str) -> str:
        return pattern.sub(lambda m: f"{HIGHLIGHT_START}{m.group(0)}{HIGHLIGHT_STOP}", text)

    results = []
    for hit in hits:
        snippet = " ".join(hit.answer_text.split()[: SNIPPET_WORDS + 10])
        if len(snippet) < len(hit.answer_text):
            snippet += " …"
        results.append(
            SearchHit(hit, _marked_to_html(marked(hit.question)), _marked_to_html(marked(snippet)))
        )
    return results
