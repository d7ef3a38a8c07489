"""The portal's URLs plus the benchmark's bare view (only under aup_portal.settings_bench)."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path

from aup_portal.urls import urlpatterns as portal_urlpatterns


@login_not_required
def bare(request):
    """The floor: a trivial response behind the same middleware as every page."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare, name="bench_bare"), *portal_urlpatterns]
