"""Values every template needs: the district this deployment serves and the user's links."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils.functional import SimpleLazyObject

from aup_portal.navigation import links_for, menu_for, public_links


def district(request):
    return {"district": settings.DISTRICT}


def navigation(request):
    # Lazy: pages that never show the menu (files, JSON) never pay for it. An error page for
    # a request refused before AuthenticationMiddleware ran (a Host not allowed, a NUL byte)
    # has no request.user: it shows the menu of someone not signed in.
    nav_links = SimpleLazyObject(
        lambda: links_for(getattr(request, "user", None) or AnonymousUser())
    )
    return {
        "nav_links": nav_links,
        "nav_groups": SimpleLazyObject(lambda: menu_for(nav_links, request.path)),
        "public_links": SimpleLazyObject(lambda: public_links(request.path)),
    }
