"""Values every template needs: the district this deployment serves and the user's links."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from aup_portal.navigation import links_for, public_links


def district(request):
    return {"district": settings.DISTRICT}


def navigation(request):
    # Lazy: pages that never show the menu (files, JSON) never pay for it.
    return {
        "nav_links": SimpleLazyObject(lambda: links_for(request.user)),
        "public_links": SimpleLazyObject(lambda: public_links(request.path)),
    }
