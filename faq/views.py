"""The public FAQ and guidance pages and the ask form: no sign-in needed."""

import logging

from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from aup_portal.http import client_ip
from consent.selectors import programs_published
from faq import selectors, services
from faq.forms import AskForm
from faq.search import MAX_QUERY_LENGTH, entries_search

logger = logging.getLogger(__name__)


def _page_context(**extra) -> dict:
    return {
        "contacts": selectors.contacts_shown(),
        "last_updated": selectors.faq_last_updated(),
        **extra,
    }


@login_not_required
@require_GET
def index(request):
    """Every published entry grouped by audience, or the search results for ``?q=``."""
    if "q" in request.GET:
        query = " ".join(request.GET["q"].split())[:MAX_QUERY_LENGTH]
        context = _page_context(query=query, hits=entries_search(query))
        return render(request, "faq/search.html", context)
    audiences = [a for a in selectors.audiences_with_entries() if a.entries_shown]
    # An entry for several audiences shows under each; its permalink anchor (/faq/#<slug>)
    # goes on the first, so the page never has two elements with one id.
    anchored = set()
    for audience in audiences:
        for entry in audience.entries_shown:
            entry.anchor = entry.slug if entry.pk not in anchored else ""
            anchored.add(entry.pk)
    return render(request, "faq/index.html", _page_context(audiences=audiences))


@login_not_required
@require_GET
def audience(request, slug):
    audiences = list(selectors.audiences_with_entries())
    current = next((a for a in audiences if a.slug == slug), None)
    if current is None:
        raise Http404("No such audience.")
    for entry in current.entries_shown:
        entry.anchor = entry.slug
    context = _page_context(audience=current, audiences=[a for a in audiences if a.entries_shown])
    return render(request, "faq/audience.html", context)


@login_not_required
@require_GET
def archive(request):
    context = _page_context(entries=selectors.entries_archived())
    return render(request, "faq/archive.html", context)


@login_not_required
@require_http_methods(["GET", "POST"])
def ask(request):
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
def ask_thanks(request):
    return render(request, "faq/ask_thanks.html", _page_context())


@login_not_required
@require_GET
def programs(request):
    """The texting programs staff may use. The consent app's TextingProgram table is the one
    source: the standard programs and every CEO-approved program ITS publishes there."""
    context = {"programs": programs_published(), "contacts": selectors.contacts_shown()}
    return render(request, "guidance/programs.html", context)
