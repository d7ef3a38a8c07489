"""The schools' platform survey: ITS opens it, follows response rates and sends reminders;
each school's principal (or a delegate) lists the messaging tools the school uses."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from platforms.forms_survey import AnswerForm, DelegateForm, SubmitForm, SurveyOpenForm
from platforms.models import PlatformSurvey, SurveyDelegate
from platforms.services import survey as surveys
from roster.access import Action, can


def _its_only(user):
    if not can(user, Action.AUDIT_PLATFORMS):
        raise PermissionDenied


def _survey_list():
    return PlatformSurvey.objects.select_related("school_year").annotate(
        asked=Count("responses"),
        answered=Count("responses", filter=Q(responses__submitted_at__isnull=False)),
    )


@require_http_methods(["GET", "POST"])
def survey_index(request):
    """ITS: the surveys and opening one. Principals and delegates: their schools' responses."""
    its = can(request.user, Action.AUDIT_PLATFORMS)
    responses = list(
        surveys.answerable_responses(request.user).order_by("-survey__due", "school__name")
    )
    if not its and not responses and not can(request.user, Action.ANSWER_PLATFORM_SURVEY):
        raise PermissionDenied
    form = None
    if its:
        form = SurveyOpenForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                survey = surveys.survey_open(user=request.user, **form.cleaned_data)
            except surveys.SurveyRefused as error:
                form.add_error("school_year", error.message)
            else:
                messages.success(request, _("The survey is open."))
                return redirect("platforms:survey_rates", survey.pk)
    elif request.method == "POST":
        raise PermissionDenied
    context = {
        "form": form,
        "surveys": list(_survey_list()) if its else [],
        "responses": [] if its else responses,
    }
    status = 400 if form is not None and form.errors else 200
    return render(request, "platforms/survey/index.html", context, status=status)


def survey_rates(request, pk):
    """ITS: each school's response (answered or not, when, by whom) and the reminders."""
    _its_only(request.user)
    survey = get_object_or_404(_survey_list(), pk=pk)
    rows = list(surveys.response_rates(survey))
    return render(request, "platforms/survey/rates.html", {"survey": survey, "rows": rows})


@require_POST
def survey_remind(request, pk):
    _its_only(request.user)
    survey = get_object_or_404(PlatformSurvey, pk=pk)
    queued = surveys.survey_remind(user=request.user, survey=survey)
    if queued:
        messages.success(request, _("Reminders queued to %(n)d schools.") % {"n": queued})
    else:
        messages.info(request, _("No school is waiting for a reminder today."))
    return redirect("platforms:survey_rates", survey.pk)


@require_http_methods(["GET", "POST"])
def survey_school(request, pk, code):
    """One school's answers: the tools listed, adding one, submitting, and its delegates."""
    response = surveys.response_for(request.user, pk, code)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            use = surveys.survey_answer_add(
                user=request.user,
                response=response,
                platform=data["platform"],
                vendor=data["vendor"],
                product=data["product"],
                used_for=data["used_for"],
                students=data["students"],
                used_by=data["used_by"],
            )
        except surveys.SurveyRefused as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("“%(tool)s” is on the school's list.") % {"tool": use.platform}
            )
            return redirect("platforms:survey_school", pk, code)
    return _school_page(request, response, form=form)


def _school_page(request, response, *, form=None, submit_form=None):
    """The school's page, with the forms as posted (their errors beside their fields)."""
    form, submit_form = form or AnswerForm(), submit_form or SubmitForm()
    principal = can(request.user, Action.ANSWER_PLATFORM_SURVEY, response.school)
    candidates = list(surveys.delegate_candidates(response.school)) if principal else []
    delegates = SurveyDelegate.objects.filter(
        survey_id=response.survey_id, school_id=response.school_id
    ).select_related("delegate")
    context = {
        "response": response,
        "survey": response.survey,
        "answers": list(surveys.response_answers(response)),
        "form": form,
        "submit_form": submit_form,
        "principal": principal,
        "delegates": list(delegates) if principal else [],
        "delegate_form": DelegateForm(candidates=candidates) if candidates else None,
    }
    status = 400 if form.errors or submit_form.errors else 200
    return render(request, "platforms/survey/school.html", context, status=status)


def _act(request, pk, code, action, *, principal_only=False):
    response = surveys.response_for(request.user, pk, code)
    if principal_only and not can(request.user, Action.ANSWER_PLATFORM_SURVEY, response.school):
        raise PermissionDenied  # a delegate answers, but names no other delegates
    try:
        done = action(response)
    except surveys.SurveyRefused as error:
        messages.error(request, error.message)
    else:
        if done:
            messages.success(request, done)
    return redirect("platforms:survey_school", pk, code)


@require_POST
def survey_answer_remove(request, pk, code, use_pk):
    return _act(
        request,
        pk,
        code,
        lambda response: (
            surveys.survey_answer_remove(user=request.user, response=response, use_pk=use_pk)
            or _("The tool is off the school's list.")
        ),
    )


@require_POST
def survey_submit(request, pk, code):
    """Sends the school's answer; with no tools listed, the school must tick that it uses
    none (else the page again, the error beside the box)."""
    response = surveys.response_for(request.user, pk, code)
    form = SubmitForm(request.POST)
    form.is_valid()
    try:
        surveys.survey_submit(
            user=request.user, response=response, no_tools=form.cleaned_data["no_tools"]
        )
    except surveys.SurveyRefused as error:
        field = "no_tools" if error.code == "nothing_listed" else None
        form.add_error(field, error.message)
        return _school_page(request, response, submit_form=form)
    messages.success(
        request,
        _("The school's answer is sent to ITS. You can still change it until the due date."),
    )
    return redirect("platforms:survey_school", pk, code)


@require_POST
def survey_delegate(request, pk, code):
    def add(response):
        form = DelegateForm(request.POST, candidates=surveys.delegate_candidates(response.school))
        if not form.is_valid():
            raise surveys.SurveyRefused(
                code="not_school_staff", message=_("Choose a staff member of this school.")
            )
        delegate = surveys.delegate_candidates(response.school).get(
            pk=form.cleaned_data["delegate"]
        )
        surveys.survey_delegate_add(user=request.user, response=response, delegate=delegate)
        return _("%(who)s may answer the survey for the school.") % {"who": delegate}

    return _act(request, pk, code, add, principal_only=True)


@require_POST
def survey_delegate_remove(request, pk, code, delegate_pk):
    return _act(
        request,
        pk,
        code,
        lambda response: (
            surveys.survey_delegate_remove(
                user=request.user, response=response, delegate_pk=delegate_pk
            )
            or _("The delegate no longer answers for the school.")
        ),
        principal_only=True,
    )
