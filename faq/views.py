"""The public FAQ and guidance pages and the ask form: no sign-in needed."""

import functools
import logging
from itertools import groupby

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.http import require_GET, require_http_methods

from aup_portal.http import client_ip
from consent.i18n import LAST_CHOICE_KEY, PARENT_LANGUAGES, language_without_link
from consent.selectors import programs_published
from faq import selectors, services
from faq.forms import AskForm
from faq.models import SpanishStatus
from faq.search import clean_query, entries_search

PROGRAMS_PER_PAGE = 20  # /guidance/programs/: one page of cards, whatever the district runs

logger = logging.getLogger(__name__)


def visitor_language(request) -> str:
    """The FAQ's language for this browser: ?lang= (remembered in the session, the same
    choice the parents' consent pages remember), else the last choice, else the browser's."""
    chosen = request.GET.get("lang")
    if chosen in PARENT_LANGUAGES and request.session.get(LAST_CHOICE_KEY) != chosen:
        request.session[LAST_CHOICE_KEY] = chosen
    return language_without_link(request)


def in_visitor_language(view):
    """Render the view in the visitor's language (there is no site-wide LocaleMiddleware)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        language = visitor_language(request)
        with translation.override(language):
            response = view(request, *args, language=language, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        response.headers.setdefault("Content-Language", language)
        return response

    return wrapper


def localise_entries(entries, language: str) -> None:
    """Give each entry the question and answer the page shows: the reviewed Spanish version
    on a Spanish page, else the English one (``shown_language`` tells the template which, and
    ``english_fallback`` whether a Spanish page shows English for want of a translation)."""
    for entry in entries:
        spanish = language == "es" and entry.spanish_status == SpanishStatus.REVIEWED
        entry.shown_language = "es" if spanish else "en"
        entry.shown_in_spanish = spanish
        entry.english_fallback = language == "es" and not spanish
        entry.shown_question = entry.question_es if spanish else entry.question
        entry.shown_answer = entry.answer_es if spanish else entry.answer
        entry.shown_answer_html = entry.answer_es_html if spanish else entry.answer_html


def group_by_topic(entries) -> list[dict]:
    """Entries grouped by topic, topics in their order (entries without one last), each
    group's entries in FAQ order."""

    def topic_key(entry):
        topic = entry.topic
        return (1, 0, "", 0) if topic is None else (0, topic.position, topic.name, topic.pk)

    ordered = sorted(entries, key=lambda e: (topic_key(e), e.position, e.pk))
    return [
        {"topic": group[0].topic, "entries": group}
        for group in (list(g) for _, g in groupby(ordered, key=topic_key))
    ]


def _page_context(**extra) -> dict:
    return {
        "contacts": selectors.contacts_shown(),
        "last_updated": selectors.faq_last_updated(),
        **extra,
    }


@login_not_required
@require_GET
@in_visitor_language
def index(request, language):
    """Every published entry grouped by audience and topic, or the search results for
    ``?q=``."""
    if "q" in request.GET:
        query = clean_query(request.GET["q"])
        context = _page_context(query=query, hits=entries_search(query, language=language))
        return render(request, "faq/search.html", context)
    audiences = [a for a in selectors.audiences_with_entries() if a.entries_shown]
    # An entry for several audiences shows under each; its permalink anchor (/faq/#<slug>)
    # goes on the first, so the page never has two elements with one id.
    anchored = set()
    for audience in audiences:
        localise_entries(audience.entries_shown, language)
        for entry in audience.entries_shown:
            entry.anchor = entry.slug if entry.pk not in anchored else ""
            anchored.add(entry.pk)
        audience.topic_groups = group_by_topic(audience.entries_shown)
    return render(request, "faq/index.html", _page_context(audiences=audiences))


@login_not_required
@require_GET
@in_visitor_language
def audience(request, slug, language):
    audiences = list(selectors.audiences_with_entries())
    current = next((a for a in audiences if a.slug == slug), None)
    if current is None:
        raise Http404("No such audience.")
    localise_entries(current.entries_shown, language)
    for entry in current.entries_shown:
        entry.anchor = entry.slug
    current.topic_groups = group_by_topic(current.entries_shown)
    context = _page_context(audience=current, audiences=[a for a in audiences if a.entries_shown])
    return render(request, "faq/audience.html", context)


@login_not_required
@require_GET
@in_visitor_language
def archive(request, language):
    entries = list(selectors.entries_archived())
    localise_entries(entries, language)
    return render(request, "faq/archive.html", _page_context(entries=entries))


@login_not_required
@require_http_methods(["GET", "POST"])
@in_visitor_language
def ask(request, language):
    form = AskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.is_from_a_robot:
            # Look like a success: a robot told it failed would only try again.
            logger.info("Ask form: honeypot filled; message dropped.")
            return redirect("faq:ask_thanks")
        try:
            services.inbox_message_submit(
                **form.submission(),
                client_ip=client_ip(request),
            )
        except services.RateLimited as exc:
            form.add_error(None, str(exc))
            return render(request, "faq/ask.html", _page_context(form=form), status=429)
        return redirect("faq:ask_thanks")
    return render(request, "faq/ask.html", _page_context(form=form))


@login_not_required
@require_GET
@in_visitor_language
def ask_thanks(request, language):
    return render(request, "faq/ask_thanks.html", _page_context())


@login_not_required
@require_GET
def programs(request):
    """The texting programs staff may use. The consent app's TextingProgram table is the one
    source: the standard programs and every CEO-approved program ITS publishes there."""
    page = Paginator(programs_published(), PROGRAMS_PER_PAGE).get_page(request.GET.get("page"))
    # The district-wide programs come first (position): page 1 always opens with them.
    context = {"programs": page, "page": page, "contacts": selectors.contacts_shown()}
    return render(request, "guidance/programs.html", context)
