"""The /consent/code/ entry: a parent types the code printed on their letter (or follows its
short address) and lands on their signing page; wrong codes are counted per address. In
English or Spanish, with the parents' pages' language switch (consent.i18n)."""

import functools
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from aup_portal.http import client_ip
from consent import codes, i18n
from consent.forms.parents import CodeForm
from consent.links import link_token


def in_visitor_language(view):
    """Renders the page in the visitor's language: ?lang= (remembered for the signing page
    the code leads to), an earlier choice, then the browser's, else English."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        chosen = request.GET.get("lang")
        if chosen in i18n.PARENT_LANGUAGES and request.session.get(i18n.LAST_CHOICE_KEY) != chosen:
            request.session[i18n.LAST_CHOICE_KEY] = chosen
        language = i18n.language_without_link(request)
        with translation.override(language):
            response = view(request, *args, **kwargs)
        response.headers.setdefault("Content-Language", language)
        return response

    return wrapper


def _code_page(request, form, status=200, **context):
    response = render(request, "consent/code.html", {"form": form, **context}, status=status)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _too_many(request, form):
    response = _code_page(
        request,
        form,
        status=429,
        paused=True,
        minutes=codes.WRONG_TRIES_WINDOW_SECONDS // 60,
    )
    response["Retry-After"] = str(codes.WRONG_TRIES_WINDOW_SECONDS)
    return response


def _follow(request, form, typed: str):
    ip = client_ip(request)
    if codes.too_many_wrong_tries(ip):
        return _too_many(request, form)
    link = codes.link_for_code(typed)
    if link is None:
        codes.count_wrong_try(ip)
        if codes.too_many_wrong_tries(ip):
            return _too_many(request, form)
        form.add_error(
            "code",
            _(
                "We can't find this code. Check it against your letter: it has 10 letters "
                "and numbers, like ABCD-EFGH-JK."
            ),
        )
        return _code_page(request, form, status=400)
    url = reverse("consent:sign", kwargs={"token": link_token(link)})
    chosen = request.session.get(i18n.LAST_CHOICE_KEY)
    # The language the visitor chose here carries on to their form.
    return redirect(f"{url}?{urlencode({'lang': chosen})}" if chosen else url)


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
@in_visitor_language
def code_entry(request):
    """A parent types the code from their letter and lands on their signing page."""
    if request.method == "GET":
        return _code_page(request, CodeForm())
    form = CodeForm(request.POST)
    if not form.is_valid():
        return _code_page(request, form, status=400)
    return _follow(request, form, form.cleaned_data["code"])


@login_not_required
@never_cache
@require_GET
@in_visitor_language
def code_go(request, code):
    """The short address printed on a letter (/consent/code/ABCD-EFGH-JK/); a mistyped one
    gets the code page with what was typed and why it was refused."""
    form = CodeForm({"code": code})
    if not form.is_valid():
        return _code_page(request, form, status=400)
    return _follow(request, form, form.cleaned_data["code"])
