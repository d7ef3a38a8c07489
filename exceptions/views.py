"""Exception request pages: the queues, writing a request, its detail page with the steps the
viewer may take, and the private downloads (attachments, decision records)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aup_portal.files import attachment_response, being_filed, open_private
from exceptions import selectors, services, workflow
from exceptions.forms import ConfirmForm, ExceptionRequestForm, TransitionForm
from exceptions.models import Status
from exceptions.parent_text import drafts as parent_text_drafts
from exceptions.services import platform_flags
from roster.access import Action, can, schools_for

PAGE_SIZE = 25
_QUEUE_ACTIONS = (
    Action.ENDORSE_EXCEPTION,
    Action.ENDORSE_DISTRICT_EXCEPTION,
    Action.REVIEW_EXCEPTION,
    Action.DECIDE_EXCEPTION,
)


def _may_use(user) -> bool:
    return can(user, Action.SUBMIT_EXCEPTION) or any(can(user, a) for a in _QUEUE_ACTIONS)


@require_GET
def index(request):
    if not _may_use(request.user):
        raise PermissionDenied
    mine = Paginator(selectors.my_requests(request.user), PAGE_SIZE).get_page(
        request.GET.get("mine")
    )
    waiting = None
    if any(can(request.user, a) for a in _QUEUE_ACTIONS):
        waiting = Paginator(selectors.waiting_for(request.user), PAGE_SIZE).get_page(
            request.GET.get("waiting")
        )
        waiting.annotated = selectors.annotate_waits(waiting.object_list)
    return render(
        request,
        "exceptions/index.html",
        {
            "mine": mine,
            "waiting": waiting,
            "can_submit": can(request.user, Action.SUBMIT_EXCEPTION),
            "flagged": list(selectors.platform_flagged(request.user)[:PAGE_SIZE]),
            "to_reattest": list(selectors.to_reattest(request.user)),
        },
    )


def _submit_schools(user):
    return schools_for(user, Action.SUBMIT_EXCEPTION).filter(active=True).order_by("name")


@require_http_methods(["GET", "POST"])
def new(request):
    if not can(request.user, Action.SUBMIT_EXCEPTION):
        raise PermissionDenied
    schools = _submit_schools(request.user)
    open_schools = schools.exclude(kind="charter")
    if not open_schools.exists():
        charter = schools.filter(kind="charter").first()
        if charter is None:
            raise PermissionDenied
        # A charter school's staff: the policy does not apply, so nothing to request.
        return render(request, "exceptions/refused.html", {"school": charter}, status=403)
    form = ExceptionRequestForm(request.POST or None, request.FILES or None, schools=open_schools)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.exception_create(
                requester=request.user,
                school=form.cleaned_data["school"],
                fields=form.request_fields(),
                attachments=form.cleaned_data["attachments"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved as a draft. Check it, then submit it."))
            return redirect("exceptions:detail", pk=created.pk)
    return render(request, "exceptions/form.html", {"form": form, "editing": None})


@require_http_methods(["GET", "POST"])
def edit(request, pk):
    exception = selectors.get_request_for_user(request.user, pk)
    if exception.requester_id != request.user.pk:
        raise PermissionDenied
    if exception.status not in services.EDITABLE_STATUSES:
        messages.error(
            request,
            _("This request is %(status)s: it can no longer be changed.")
            % {"status": exception.status_phrase},
        )
        return redirect("exceptions:detail", pk=pk)
    form = ExceptionRequestForm(
        request.POST or None,
        request.FILES or None,
        instance=exception,
        schools=_submit_schools(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.exception_update(
                request_pk=pk,
                by=request.user,
                fields=form.request_fields(),
                attachments=form.cleaned_data["attachments"],
            )
        except (ValidationError, workflow.TransitionRefused) as error:
            form.add_error(None, getattr(error, "message", None) or error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect("exceptions:detail", pk=pk)
    return render(request, "exceptions/form.html", {"form": form, "editing": exception})


def _transition_form(exception, steps, data=None):
    """The request page's form: the steps taken straight from it (not the final ones, which
    have their confirmation page), with the parent text when a step prepares it."""
    parent_text = any(step.prepares_parent_text for step in steps)
    return TransitionForm(
        data,
        route=exception.route,
        parent_text=parent_text,
        initial={
            "seen_status": exception.status,
            **(parent_text_drafts(exception) if parent_text else {}),
        },
    )


def _detail_context(request, exception, form=None):
    allowed = workflow.allowed_transitions(exception, request.user)
    steps = [step for step in allowed if not step.needs_confirmation]
    form = form or _transition_form(exception, steps)
    if not any(step.needs_comment for step in steps):
        form.fields["comment"].help_text = "Optional: a note for the timeline."
    elif len(steps) == 1:
        form.fields["comment"].help_text = "Required: say why."
    return {
        "exception": exception,
        "step_rows": [(step, workflow.guard(exception, step)) for step in steps],
        "reattest_open": any(step.name == "reattest" for step in steps),
        "may_clear_flag": exception.is_platform_flagged
        and can(request.user, Action.REVIEW_EXCEPTION, exception)
        and workflow.approved_platform(exception) is not None,
        "events": exception.events.select_related("actor").order_by("at", "pk"),
        "attachments": exception.attachments.all(),
        "decisions": exception.decision_records.select_related("event"),
        "steps": steps,
        "final_steps": [step for step in allowed if step.needs_confirmation],
        "form": form,
        "parent_fields": [
            form[name] for name in services.PARENT_TEXT_FIELDS if name in form.fields
        ],
        "is_requester": exception.requester_id == request.user.pk,
        "editable": exception.requester_id == request.user.pk
        and exception.status in services.EDITABLE_STATUSES,
        "service_level": selectors.annotate_waits([exception])[0],
    }


def _deleted(request, exception):
    """A draft its requester deleted: back to their list, saying so."""
    messages.info(request, _("This draft was deleted."))
    return redirect("exceptions:list")


@require_GET
def detail(request, pk):
    exception = selectors.get_request_for_user(request.user, pk)
    if exception.is_deleted:
        return _deleted(request, exception)
    return render(request, "exceptions/detail.html", _detail_context(request, exception))


def _done(request, event):
    messages.success(
        request,
        _("Done: the request is now %(status)s.") % {"status": event.to_status_phrase},
    )


@require_POST
def act(request, pk):
    exception = selectors.get_request_for_user(request.user, pk)
    steps = workflow.allowed_transitions(exception, request.user)
    form = _transition_form(exception, steps, request.POST)
    if not form.is_valid():
        context = _detail_context(request, exception, form)
        return render(request, "exceptions/detail.html", context, status=400)
    name = form.cleaned_data["transition"]
    step = workflow.transition_for(exception.status, name, exception.route)
    seen = form.cleaned_data["seen_status"]
    if step is not None and step.needs_confirmation and seen == exception.status:
        # A final step is taken only from its confirmation page, which says what it does.
        _refuse_forbidden(exception, request.user, step)
        return redirect("exceptions:confirm", pk=pk, step=name)
    try:
        event = services.exception_transition(
            request_pk=exception.pk,
            by=request.user,
            name=name,
            comment=form.cleaned_data["comment"],
            seen_status=form.cleaned_data["seen_status"],
            parent_text=form.parent_text(),
        )
    except workflow.TransitionRefused as refused:
        if refused.forbidden:
            raise PermissionDenied(refused.message) from refused
        messages.error(request, refused.message)
    else:
        _done(request, event)
    return redirect("exceptions:detail", pk=pk)


def _refuse_forbidden(exception, user, step):
    refused = workflow.refusal(exception, user, step)
    if refused is not None:
        raise PermissionDenied(refused.message)


@require_http_methods(["GET", "POST"])
def confirm(request, pk, step):
    """A final step (withdraw, delete a draft, decline, revoke): GET says what it will do and
    changes nothing; POST takes it. A second POST finds the request moved and says so."""
    exception = selectors.get_request_for_user(request.user, pk)
    if step not in workflow.NAMES:
        raise Http404("No such step.")
    if exception.is_deleted:
        return _deleted(request, exception)
    transition = workflow.transition_for(exception.status, step, exception.route)
    if transition is None or not transition.needs_confirmation:
        messages.info(
            request,
            _("This request is %(status)s: that step is not possible now. Nothing was changed.")
            % {"status": exception.status_phrase},
        )
        return redirect("exceptions:detail", pk=pk)
    _refuse_forbidden(exception, request.user, transition)
    form = ConfirmForm(
        request.POST or None, step=transition, initial={"seen_status": exception.status}
    )
    if request.method == "POST" and form.is_valid():
        try:
            event = services.exception_transition(
                request_pk=exception.pk,
                by=request.user,
                name=step,
                comment=form.cleaned_data["comment"],
                seen_status=form.cleaned_data["seen_status"],
            )
        except workflow.TransitionRefused as refused:
            messages.error(request, refused.message)
            return redirect("exceptions:detail", pk=pk)
        if event.to_status == Status.DELETED:
            messages.success(request, _("The draft is deleted."))
            return redirect("exceptions:list")
        _done(request, event)
        return redirect("exceptions:detail", pk=pk)
    return render(
        request,
        "exceptions/confirm.html",
        {"exception": exception, "step": transition, "form": form},
        status=400 if form.is_bound else 200,
    )


def _private_file(request, field, filename, content_type):
    handle = open_private(field)
    if handle is None:
        return being_filed(request)
    return attachment_response(handle, filename=filename, content_type=content_type)


@require_GET
def attachment(request, pk, attachment_pk):
    exception = selectors.get_request_for_user(request.user, pk)
    item = exception.attachments.filter(pk=attachment_pk).first()
    if item is None:
        raise Http404("No such attachment.")
    return _private_file(request, item.file, item.original_name, item.content_type)


@require_GET
def decision(request, pk, decision_pk):
    exception = selectors.get_request_for_user(request.user, pk)
    record = exception.decision_records.filter(pk=decision_pk).first()
    if record is None:
        raise Http404("No such decision record.")
    return _private_file(
        request,
        record.file,
        f"exception-{exception.pk}-{record.event.to_status}.pdf",
        "application/pdf",
    )


@require_POST
def clear_flag(request, pk):
    """ITS clears the "platform no longer approved" flag once the platform is approved again."""
    exception = selectors.get_request_for_user(request.user, pk)
    try:
        platform_flags.exception_flag_clear(
            request_pk=exception.pk, by=request.user, comment=request.POST.get("comment", "")
        )
    except workflow.TransitionRefused as refused:
        if refused.forbidden:
            raise PermissionDenied(refused.message) from refused
        messages.error(request, refused.message)
    else:
        messages.success(request, _("The platform flag is cleared."))
    return redirect("exceptions:detail", pk=pk)
