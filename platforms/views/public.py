"""/guidance/platforms/: the public list of approved messaging platforms (English or
Spanish, like the FAQ pages)."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from faq.views import in_visitor_language
from platforms.selectors import approved_platforms


@login_not_required
@require_GET
@in_visitor_language
def platforms(request, language):
    context = {
        "platforms": approved_platforms().order_by("product", "vendor"),
        "language": language,
    }
    return render(request, "guidance/platforms.html", context)
