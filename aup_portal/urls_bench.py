"""The portal's URLs plus the benchmark's reference views (only under aup_portal.settings_bench):
the bare view, and the floors of the parents' signing page and answer: the least any version
of them does on this stack, with no page and no record (scripts/bench_http.py)."""

from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.db.models import F
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from aup_portal.urls import urlpatterns as portal_urlpatterns
from consent.models import ConsentRequest
from consent.views.parents import _link_or_problem, _verified


@login_not_required
def bare(request):
    """The floor: a trivial response behind the same middleware as every page."""
    return HttpResponse("ok", content_type="text/plain")


def _verified_link(request, token):
    link, problem = _link_or_problem(request, token)
    return link if problem is None and _verified(request, link) else None


@login_not_required
@never_cache
def sign_floor(request, token):
    """What every signing page reads before it shows anything: the parent's session and the
    link with what the pages show of it (consent.links.link_from_token). No page."""
    found = _verified_link(request, token) is not None
    return HttpResponse("ok", content_type="text/plain", status=200 if found else 403)


@login_not_required
@require_POST
def answer_floor(request, token):
    """What every answer does at least: the session, the CSRF check, the link, and its request
    row locked and written in one durable transaction (a no-op update: no record is made)."""
    link = _verified_link(request, token)
    if link is None:
        return HttpResponse(status=403)
    with transaction.atomic():
        ConsentRequest.objects.filter(pk=link.request_id).update(status=F("status"))
    return HttpResponse(status=302, headers={"Location": f"/bench/floor/sign/{token}/"})


urlpatterns = [
    path("bench/bare/", bare, name="bench_bare"),
    path("bench/floor/sign/<str:token>/", sign_floor),
    path("bench/floor/sign/<str:token>/answer/", answer_floor),
    *portal_urlpatterns,
]
