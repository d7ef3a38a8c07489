"""The /consent/code/ entry: a parent types the code printed on their letter (or follows its
short address) and lands on their signing page; wrong codes are counted per address."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from aup_portal.http import client_ip
from consent import codes
from consent.forms.parents import CodeForm
from consent.links import link_token


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
            "We can't find this code. Check it against your letter: it has 10 letters and "
            "numbers, like ABCD-EFGH-JK.",
        )
        return _code_page(request, form, status=400)
    return redirect("consent:sign", token=link_token(link))


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
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
def code_go(request, code):
    """The short address printed on a letter (/consent/code/ABCD-EFGH-JK/); a mistyped one
    gets the code page with what was typed and why it was refused."""
    form = CodeForm({"code": code})
    if not form.is_valid():
        return _code_page(request, form, status=400)
    return _follow(request, form, form.cleaned_data["code"])
