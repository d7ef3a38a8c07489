"""A school's messaging platforms and the moves ITS asked of it (its principal's page)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from platforms import selectors, services
from platforms.models import SchoolTransition
from roster.access import Action, can, schools_for


@require_GET
def school(request):
    """The school's platforms this year and its open moves; ``?school=<code>`` names one of
    the user's schools (a district role's; a principal has one), else the first."""
    if not can(request.user, Action.ANSWER_PLATFORM_SURVEY):
        raise PermissionDenied
    schools = schools_for(request.user, Action.ANSWER_PLATFORM_SURVEY)
    code = request.GET.get("school")
    current = get_object_or_404(schools, code=code) if code else schools.order_by("name").first()
    if current is None:
        raise Http404("No school.")
    context = {"school": current, **selectors.school_platforms(current)}
    return render(request, "platforms/school.html", context)


@require_POST
def transition_done(request, pk):
    schools = schools_for(request.user, Action.ANSWER_PLATFORM_SURVEY)
    transition = get_object_or_404(SchoolTransition, pk=pk, school__in=schools)
    services.transition_done(user=request.user, transition=transition)
    messages.success(request, _("Marked done."))
    return redirect(f"{reverse('platforms:school')}?school={transition.school.code}")
