"""The portal's URLs plus the benchmark's reference views (only under aup_portal.settings_bench):
the bare view, and the floors of the parents' signing page and answer: the least any version
of them does on this stack, with no page and no record (scripts/bench_http.py)."""

from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.db.models import F
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.http import require_POST

from aup_portal.urls import urlpatterns as portal_urlpatterns
from consent.models import ConsentRequest
from consent.views.parents import verified_link_view


@login_not_required
def bare(request):
    """The floor: a trivial response behind the same middleware as every page."""
    return HttpResponse("ok", content_type="text/plain")


@verified_link_view
def sign_floor(request, token, link):
    """What every signing page does before it shows anything: the link's guard (the link with
    what the pages show of it, the parent's session, the link's language). No page."""
    return HttpResponse("ok", content_type="text/plain")


@verified_link_view
@require_POST
def answer_floor(request, token, link):
    """What every answer does at least: the link's guard, the CSRF check, and the request's
    row written in one durable transaction (a no-op update: no record is made)."""
    with transaction.atomic():
        ConsentRequest.objects.filter(pk=link.request_id).update(status=F("status"))
    return HttpResponse(status=302, headers={"Location": f"/bench/floor/sign/{token}/"})


urlpatterns = [
    path("bench/bare/", bare, name="bench_bare"),
    path("bench/floor/sign/<str:token>/", sign_floor),
    path("bench/floor/sign/<str:token>/answer/", answer_floor),
    *portal_urlpatterns,
]
