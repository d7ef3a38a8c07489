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
from exceptions.forms import ExceptionRequestForm, TransitionForm
from roster.access import Action, can, schools_for

PAGE_SIZE = 25
_QUEUE_ACTIONS = (Action.ENDORSE_EXCEPTION, Action.REVIEW_EXCEPTION, Action.DECIDE_EXCEPTION)


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
            % {"status": exception.status_label.lower()},
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


def _detail_context(request, exception, form=None):
    steps = workflow.allowed_transitions(exception, request.user)
    form = form or TransitionForm(initial={"seen_status": exception.status})
    if not any(step.needs_comment for step in steps):
        form.fields["comment"].help_text = "Optional: a note for the timeline."
    elif len(steps) == 1:
        form.fields["comment"].help_text = "Required: say why."
    return {
        "exception": exception,
        "events": exception.events.select_related("actor").order_by("at", "pk"),
        "attachments": exception.attachments.all(),
        "decisions": exception.decision_records.select_related("event"),
        "steps": steps,
        "form": form,
        "is_requester": exception.requester_id == request.user.pk,
        "editable": exception.requester_id == request.user.pk
        and exception.status in services.EDITABLE_STATUSES,
        "service_level": selectors.annotate_waits([exception])[0],
    }


@require_GET
def detail(request, pk):
    exception = selectors.get_request_for_user(request.user, pk)
    return render(request, "exceptions/detail.html", _detail_context(request, exception))


@require_POST
def act(request, pk):
    exception = selectors.get_request_for_user(request.user, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        context = _detail_context(request, exception, form)
        return render(request, "exceptions/detail.html", context, status=400)
    try:
        event = services.exception_transition(
            request_pk=exception.pk,
            by=request.user,
            name=form.cleaned_data["transition"],
            comment=form.cleaned_data["comment"],
            seen_status=form.cleaned_data["seen_status"],
        )
    except workflow.TransitionRefused as refused:
        if refused.forbidden:
            raise PermissionDenied(refused.message) from refused
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            _("Done: the request is now %(status)s.")
            % {"status": event.get_to_status_display().lower()},
        )
    return redirect("exceptions:detail", pk=pk)


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
