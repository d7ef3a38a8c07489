"""Designated staff: a school's activities under programs that need designation (safety
meet-ups), and who is designated for each (the principal for their school; ITS and
administrators for any school)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from consent.designations import designatable_staff, school_activities
from consent.forms.school import ActivityForm, DesignationForm
from consent.models import Activity, Designation
from consent.services.designations import activity_create, designation_add, designation_remove
from consent.services.errors import ConsentError
from roster.access import Action, can, schools_for


def _back(school):
    return redirect(f"{reverse('consent:activities')}?{urlencode({'school': school.code})}")


def _school(request):
    """The school the page is about: the one named (exactly it, or a 404), else the user's
    only school; None when a district user has yet to choose."""
    if not can(request.user, Action.DESIGNATE_STAFF):
        raise PermissionDenied
    schools = schools_for(request.user, Action.DESIGNATE_STAFF).filter(active=True)
    code = request.POST.get("school") or request.GET.get("school", "")
    if code:
        school = schools.filter(code=code).first()
        if school is None:
            raise Http404("No such school among yours.")
        return school, schools
    own = list(schools[:2])
    return (own[0] if len(own) == 1 else None), schools


@require_http_methods(["GET", "POST"])
def activities(request):
    """The school's activities and their designated staff; adding an activity."""
    school, schools = _school(request)
    if school is None:
        return render(
            request, "consent/activities_choose.html", {"schools": schools.order_by("name")}
        )
    form = ActivityForm(request.POST or None, school=school)
    if request.method == "POST" and form.is_valid():
        try:
            activity = activity_create(user=request.user, school=school, **form.cleaned_data)
        except ConsentError as error:
            form.add_error("name" if error.code == "activity_exists" else None, error.message)
        else:
            messages.success(request, f"“{activity.name}” added: now designate its staff.")
            return _back(school)
    staff_choices = [
        (user.pk, user.get_full_name() or user.username) for user in designatable_staff(school)
    ]
    listed = list(school_activities(school))
    for activity in listed:
        activity.designate_form = DesignationForm(
            staff_choices=staff_choices, auto_id=f"id_activity{activity.pk}_%s"
        )
    return render(
        request,
        "consent/activities.html",
        {
            "school": school,
            "activities": listed,
            "form": form,
            "several_schools": len(schools[:2]) > 1,
        },
        status=400 if form.errors else 200,
    )


@require_POST
def designation_create(request, pk):
    """Designates one of the school's staff for the activity."""
    activity = get_object_or_404(
        Activity.objects.select_related("school"),
        pk=pk,
        school__in=schools_for(request.user, Action.DESIGNATE_STAFF),
    )
    staff_choices = list(designatable_staff(activity.school).values_list("pk", "username"))
    form = DesignationForm(request.POST, staff_choices=staff_choices)
    if not form.is_valid():
        messages.error(request, "Choose a staff member of the school to designate.")
        return _back(activity.school)
    staff = designatable_staff(activity.school).get(pk=form.cleaned_data["staff"])
    try:
        designation_add(user=request.user, activity_id=activity.pk, staff=staff)
    except ConsentError as error:
        messages.error(request, error.message)
    else:
        who = staff.get_full_name() or staff.username
        messages.success(request, f"{who} is designated for “{activity.name}”.")
    return _back(activity.school)


@require_POST
def designation_end(request, pk):
    """Ends a designation; the row stays, with who ended it and when."""
    designation = get_object_or_404(
        Designation.objects.select_related("activity__school", "staff"),
        pk=pk,
        activity__school__in=schools_for(request.user, Action.DESIGNATE_STAFF),
    )
    designation_remove(user=request.user, designation_id=designation.pk)
    who = designation.staff.get_full_name() or designation.staff.username
    messages.success(request, f"{who} is no longer designated for “{designation.activity.name}”.")
    return _back(designation.activity.school)
