"""ITS's pages: the overview, a platform's review, its audits, plan and schools' moves."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from aup_portal.files import attachment_response, being_filed, open_private
from platforms import selectors, services
from platforms.forms import ActionForm, AuditForm, FinishForm, StepForm, TransitionPlanForm
from platforms.models import Audit, Platform, RemediationAction
from platforms.services.survey import overview_counts
from platforms.workflow import PlatformRefused, manual_steps
from roster.access import Action, can


def auditors_only(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not can(request.user, Action.AUDIT_PLATFORMS):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@auditors_only
@require_GET
def overview(request):
    context = {
        "counts": selectors.overview(),
        "platforms": selectors.platform_list(),
        "survey_overview": overview_counts(),
    }
    return render(request, "platforms/overview.html", context)


def _detail_context(platform, **forms):
    return {
        "platform": platform,
        "steps": manual_steps(platform.status),
        "open_audit": next((a for a in platform.audits.all() if a.is_open), None),
        "action_form": forms.get("action_form") or ActionForm(),
        "plan_form": forms.get("plan_form") or TransitionPlanForm(platform=platform),
    }


@auditors_only
@require_GET
def detail(request, pk):
    platform = selectors.platform_detail(pk)
    return render(request, "platforms/detail.html", _detail_context(platform))


def _refused(request, refused, to):
    messages.error(request, refused.message)
    return redirect(to)


@auditors_only
@require_POST
def act(request, pk):
    platform = get_object_or_404(Platform, pk=pk)
    form = StepForm(request.POST)
    if not form.is_valid():
        raise Http404("No such step.")
    name = form.cleaned_data["transition"]
    try:
        if name == "start_audit":
            audit = services.audit_start(user=request.user, platform=platform)
            return redirect("platforms:audit", audit.pk)
        platform = services.platform_transition(
            user=request.user, platform=platform, name=name, reason=form.cleaned_data["reason"]
        )
    except PlatformRefused as refused:
        return _refused(request, refused, platform.get_absolute_url())
    messages.success(request, _("Done: the platform is now “%s”.") % platform.get_status_display())
    return redirect(platform.get_absolute_url())


def _audit(pk) -> Audit:
    return get_object_or_404(
        Audit.objects.select_related("platform", "auditor").prefetch_related(
            "findings", "evidence"
        ),
        pk=pk,
    )


@auditors_only
def audit(request, pk):
    audit = _audit(pk)
    form = AuditForm(request.POST or None, request.FILES or None, audit=audit)
    if request.method == "POST":
        if not audit.is_open:
            messages.error(request, _("This audit is finished."))
            return redirect("platforms:audit", audit.pk)
        if form.is_valid():
            services.audit_rate(
                user=request.user,
                audit=audit,
                ratings=form.ratings,
                summary=form.cleaned_data["summary"],
            )
            try:
                services.audit_attach(
                    user=request.user, audit=audit, files=form.cleaned_data["evidence"] or []
                )
            except ValueError as error:
                form.add_error("evidence", str(error))
            else:
                messages.success(request, _("The audit is saved."))
                return redirect("platforms:audit", audit.pk)
    context = {"audit": audit, "form": form, "finish_form": FinishForm()}
    return render(request, "platforms/audit.html", context)


@auditors_only
@require_POST
def audit_finish(request, pk):
    audit = _audit(pk)
    if not audit.is_open:  # a second click: the first finished it
        messages.info(request, _("This audit is finished."))
        return redirect(audit.platform.get_absolute_url())
    form = FinishForm(request.POST)
    if form.is_valid():
        try:
            services.audit_finish(
                user=request.user,
                audit=audit,
                outcome=form.cleaned_data["outcome"],
                approved_until=form.cleaned_data["approved_until"],
                reason=form.cleaned_data["reason"],
            )
        except PlatformRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("The audit is finished."))
            return redirect(audit.platform.get_absolute_url())
    context = {"audit": audit, "form": AuditForm(audit=audit), "finish_form": form}
    return render(request, "platforms/audit.html", context, status=400)


@auditors_only
@require_GET
def evidence(request, pk, evidence_pk):
    item = get_object_or_404(_audit(pk).evidence, pk=evidence_pk)
    handle = open_private(item.file)
    if handle is None:
        return being_filed(request)
    return attachment_response(handle, filename=item.original_name, content_type=item.content_type)


@auditors_only
@require_POST
def action_add(request, pk):
    platform = get_object_or_404(Platform, pk=pk)
    form = ActionForm(request.POST)
    if form.is_valid():
        try:
            services.remediation_action_add(
                user=request.user, platform=platform, **form.cleaned_data
            )
        except PlatformRefused as refused:
            return _refused(request, refused, platform.get_absolute_url())
        messages.success(request, _("The vendor action is added to the plan."))
        return redirect(platform.get_absolute_url())
    platform = selectors.platform_detail(pk)
    context = _detail_context(platform, action_form=form)
    return render(request, "platforms/detail.html", context, status=400)


@auditors_only
@require_POST
def action_done(request, pk):
    action = get_object_or_404(RemediationAction, pk=pk)
    services.remediation_action_done(user=request.user, action=action)
    return redirect(action.platform.get_absolute_url())


@auditors_only
@require_POST
def move_schools(request, pk):
    platform = get_object_or_404(Platform, pk=pk)
    form = TransitionPlanForm(request.POST, platform=platform)
    if form.is_valid():
        try:
            count = services.transitions_plan(
                user=request.user, platform=platform, **form.cleaned_data
            )
        except PlatformRefused as refused:
            return _refused(request, refused, platform.get_absolute_url())
        messages.success(request, _("Schools asked to move: %d.") % count)
        return redirect(platform.get_absolute_url())
    platform = selectors.platform_detail(pk)
    context = _detail_context(platform, plan_form=form)
    return render(request, "platforms/detail.html", context, status=400)
