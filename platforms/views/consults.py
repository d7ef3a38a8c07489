"""Pre-purchase AUP consults: staff ask ITS before buying a messaging tool and read the
answer; ITS triages the waiting ones and answers."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from platforms.forms_consults import ConsultAnswerForm, ConsultForm
from platforms.services import consults
from roster.access import Action, can, schools_for


def consult_list(request):
    """My consults and their answers; for ITS also the consults waiting for an answer."""
    its = can(request.user, Action.AUDIT_PLATFORMS)
    if not its and not can(request.user, Action.REQUEST_CONSULT):
        raise PermissionDenied
    context = {
        "mine": list(consults.consults_of(request.user)),
        "waiting": list(consults.consults_waiting()) if its else None,
        "may_request": can(request.user, Action.REQUEST_CONSULT),
    }
    return render(request, "platforms/consults/list.html", context)


@require_http_methods(["GET", "POST"])
def consult_new(request):
    if not can(request.user, Action.REQUEST_CONSULT):
        raise PermissionDenied
    schools = schools_for(request.user, Action.REQUEST_CONSULT).filter(active=True).order_by("name")
    form = ConsultForm(request.POST or None, schools=schools)
    if request.method == "POST" and form.is_valid():
        consult = consults.consult_request(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your consult is with ITS. Their answer will come by email."))
        return redirect("platforms:consult_detail", consult.pk)
    return render(
        request,
        "platforms/consults/new.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def consult_detail(request, pk):
    consult = consults.consult_for(request.user, pk)
    its = can(request.user, Action.AUDIT_PLATFORMS)
    form = ConsultAnswerForm() if its and consult.is_waiting else None
    return render(request, "platforms/consults/detail.html", {"consult": consult, "form": form})


@require_POST
def consult_answer(request, pk):
    if not can(request.user, Action.AUDIT_PLATFORMS):
        raise PermissionDenied
    consult = consults.consult_for(request.user, pk)
    form = ConsultAnswerForm(request.POST)
    if form.is_valid():
        try:
            consults.consult_answer(user=request.user, consult_id=consult.pk, **form.cleaned_data)
        except consults.ConsultRefused as error:
            if error.code != "already_answered":
                form.add_error(None, error.message)
            else:
                messages.info(request, error.message)
                return redirect("platforms:consult_detail", consult.pk)
        else:
            messages.success(request, _("Answer saved; the requester will get it by email."))
            return redirect("platforms:consult_detail", consult.pk)
    return render(
        request, "platforms/consults/detail.html", {"consult": consult, "form": form}, status=400
    )
