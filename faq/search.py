"""Search of the published FAQ. On PostgreSQL: full-text search in English and Spanish over the
question, the editors' keywords, the topic and the answer (reviewed Spanish versions only),
entries with every word first, then entries with some of the words, then near misses found by
trigram similarity ("textng" finds "texting"); editors' synonyms widen the query. On the SQLite
demo database: a plain substring match.

Highlights come back as SafeStrings built by escaping the text first and only then turning
the match markers into <mark>, so an entry's text can never inject markup.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import Case, F, FloatField, IntegerField, Q, TextField, Value, When
from django.db.models.functions import Greatest
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from faq.models import Entry, SpanishStatus, Synonym
from faq.rendering import HIGHLIGHT_START, HIGHLIGHT_STOP

MAX_QUERY_LENGTH = 200
MAX_RESULTS = 25
SNIPPET_WORDS = 40
FRAGMENT_DELIMITER = " … "
# A query's words and synonym rewrites beyond these add nothing but work.
MAX_WORDS = 12
MAX_ALTERNATIVES = 6
# Near misses: word_similarity of a query word against the question or the keywords. 0.5
# lets one dropped or swapped letter through ("textng", "consnt") while "phone" still does not
# find "photo"; words shorter than four letters match too much to be worth guessing at.
FUZZY_THRESHOLD = 0.5
FUZZY_MIN_LENGTH = 4
# Unicode categories that never belong in a search: controls (NUL included, which PostgreSQL
# refuses in a string), unpaired surrogates, private use and unassigned code points.
_DROPPED_CATEGORIES = {"Cc", "Cs", "Co", "Cn"}

REVIEWED_SPANISH = Q(spanish_status=SpanishStatus.REVIEWED)


@dataclass(frozen=True)
class SearchHit:
    entry: Entry
    question: SafeString
    snippet: SafeString
    language: str  # the language question and snippet are in


def clean_query(raw: str) -> str:
    """The query as searched: printable characters only, single spaces, at most
    MAX_QUERY_LENGTH characters. Anything a visitor can type gives a result page, not an
    error."""
    kept = "".join(
        " " if unicodedata.category(char) in _DROPPED_CATEGORIES else char
        for char in raw[: MAX_QUERY_LENGTH * 4]
    )
    return " ".join(kept.split())[:MAX_QUERY_LENGTH].strip()


def _marked_to_html(text: str) -> SafeString:
    escaped = escape(text)
    return mark_safe(  # noqa: S308 (escaped above; only our own markers become tags)
        escaped.replace(HIGHLIGHT_START, "<mark>").replace(HIGHLIGHT_STOP, "</mark>")
    )


def _term_pattern(term: str) -> re.Pattern:
    return re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", re.IGNORECASE)


def query_alternatives(query: str) -> list[str]:
    """The query rewritten with the editors' synonyms: "cell phone rules" with the synonym
    "cell phone, mobile" gives ["mobile rules"]. One query for the synonym table."""
    alternatives = []
    for synonym in Synonym.objects.all():
        terms = synonym.term_list
        for term in terms:
            pattern = _term_pattern(term)
            if pattern.search(query):
                alternatives += [pattern.sub(other, query) for other in terms if other != term]
    return list(dict.fromkeys(alternatives))[:MAX_ALTERNATIVES]


def _words(*phrasings: str) -> list[str]:
    words = [word.lower() for phrasing in phrasings for word in re.findall(r"\w+", phrasing)]
    return list(dict.fromkeys(words))[:MAX_WORDS]


def entries_search(query: str, *, language: str = "en") -> list[SearchHit]:
    """The published entries that match ``query``, best first (at most MAX_RESULTS); in
    Spanish (``language="es"``) where an entry's Spanish version is reviewed."""
    query = clean_query(query)
    if not query:
        return []
    published = Entry.objects.published().prefetch_related("audiences")
    phrasings = [query, *query_alternatives(query)]
    if connection.vendor == "postgresql":
        return _search_postgresql(published, phrasings, language)
    return _search_substring(published, phrasings, language)


def _or(queries):
    combined = None
    for query in queries:
        combined = query if combined is None else combined | query
    return combined


def _if_reviewed_spanish(field: str):
    text = TextField()
    return Case(When(REVIEWED_SPANISH, then=F(field)), default=Value(""), output_field=text)


def _search_postgresql(entries, phrasings: list[str], language: str) -> list[SearchHit]:
    configs = ("english", "spanish")
    every_word = _or(
        SearchQuery(phrasing, search_type="websearch", config=config)
        for phrasing in phrasings
        for config in configs
    )
    words = _words(*phrasings)
    some_word = _or(
        SearchQuery(word, search_type="plain", config=config)
        for word in words
        for config in configs
    )
    spanish_question = _if_reviewed_spanish("question_es")
    spanish_answer = _if_reviewed_spanish("answer_es_text")
    vector = (
        SearchVector("question", weight="A", config="english")
        + SearchVector(spanish_question, weight="A", config="spanish")
        + SearchVector("keywords", weight="B", config="english")
        + SearchVector("topic__name", weight="B", config="english")
        + SearchVector("answer_text", weight="C", config="english")
        + SearchVector(spanish_answer, weight="C", config="spanish")
    )
    # The trigram indexes (migration 0004) serve these similarity tests when they run alone;
    # OR'ed with the full-text match PostgreSQL scans the entries, which at the FAQ's size
    # (hundreds of rows) takes well under a millisecond.
    similarities = [
        TrigramWordSimilarity(Value(word), field)
        for word in words
        if len(word) >= FUZZY_MIN_LENGTH
        for field in ("question", "keywords")
    ]
    if len(similarities) > 1:
        fuzzy = Greatest(*similarities, output_field=FloatField())
    elif similarities:
        fuzzy = similarities[0]
    else:
        fuzzy = Value(0.0, output_field=FloatField())

    hits = (
        entries.annotate(document=vector, fuzzy=fuzzy)
        .filter(Q(document=every_word) | Q(document=some_word) | Q(fuzzy__gte=FUZZY_THRESHOLD))
        .annotate(
            tier=Case(
                When(document=every_word, then=Value(2)),
                When(document=some_word, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
            rank=SearchRank(F("document"), some_word),
        )
        .order_by("-tier", "-rank", "-fuzzy", "position", "pk")
    )
    marks = {"start_sel": HIGHLIGHT_START, "stop_sel": HIGHLIGHT_STOP}
    snippet_options = {
        "max_words": SNIPPET_WORDS,
        "min_words": 15,
        "max_fragments": 2,
        "fragment_delimiter": FRAGMENT_DELIMITER,
        **marks,
    }
    fields = {
        "en": ("question", "answer_text", "english"),
        "es": (spanish_question, spanish_answer, "spanish"),
    }
    headlines = {}
    for lang, (question, answer, config) in fields.items():
        if lang == "en" or language == "es":
            headlines[f"question_{lang}_marked"] = SearchHeadline(
                question, some_word, highlight_all=True, config=config, **marks
            )
            headlines[f"snippet_{lang}_marked"] = SearchHeadline(
                answer, some_word, config=config, **snippet_options
            )
    results = []
    for hit in hits.annotate(**headlines)[:MAX_RESULTS]:
        lang = "es" if language == "es" and hit.spanish_status == SpanishStatus.REVIEWED else "en"
        text = hit.answer_es_text if lang == "es" else hit.answer_text
        snippet = getattr(hit, f"snippet_{lang}_marked")
        results.append(
            SearchHit(
                hit,
                _marked_to_html(getattr(hit, f"question_{lang}_marked")),
                _marked_to_html(_with_ellipses(snippet, text)),
                lang,
            )
        )
    return results


def _plain_words(text: str) -> str:
    return " ".join(
        re.findall(r"\w+", text.replace(HIGHLIGHT_START, "").replace(HIGHLIGHT_STOP, ""))
    )


def _with_ellipses(snippet: str, text: str) -> str:
    """Mark where the quoted fragments leave out the start or the end of the answer."""
    fragments = snippet.split(FRAGMENT_DELIMITER)
    if not _plain_words(text).startswith(_plain_words(fragments[0])):
        snippet = "… " + snippet
    if not _plain_words(text).endswith(_plain_words(fragments[-1])):
        snippet += " …"
    return snippet


def _search_substring(entries, phrasings: list[str], language: str) -> list[SearchHit]:
    """The SQLite demo: entries whose question, keywords, answer or reviewed Spanish version
    contain any of the words; those with every word in the question first."""
    words = _words(*phrasings)
    if not words:
        return []

    def contains(word):
        return (
            Q(question__icontains=word)
            | Q(keywords__icontains=word)
            | Q(answer_text__icontains=word)
            | (REVIEWED_SPANISH & Q(question_es__icontains=word))
            | (REVIEWED_SPANISH & Q(answer_es_text__icontains=word))
        )

    any_word, every_word, in_question = Q(), Q(), Q()
    for word in words:
        any_word |= contains(word)
        every_word &= contains(word)
        in_question &= Q(question__icontains=word)
    hits = (
        entries.filter(any_word)
        .annotate(
            rank=Case(
                When(in_question, then=Value(2)),
                When(every_word, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("-rank", "position", "pk")[:MAX_RESULTS]
    )
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)

    def marked(text: str) -> str:
        return pattern.sub(lambda m: f"{HIGHLIGHT_START}{m.group(0)}{HIGHLIGHT_STOP}", text)

    results = []
    for hit in hits:
        lang = "es" if language == "es" and hit.spanish_status == SpanishStatus.REVIEWED else "en"
        question = hit.question_es if lang == "es" else hit.question
        text = hit.answer_es_text if lang == "es" else hit.answer_text
        snippet = " ".join(text.split()[: SNIPPET_WORDS + 10])
        if len(snippet) < len(text):
            snippet += " …"
        results.append(
            SearchHit(
                hit, _marked_to_html(marked(question)), _marked_to_html(marked(snippet)), lang
            )
        )
    return results
