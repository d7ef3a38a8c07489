""" "Countersign selected": the consents chosen in the countersign queue, shown once on a
confirmation page, then countersigned one by one (consent_countersign_many)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_http_methods

from consent import selectors
from consent.forms.school import CountersignSelectedForm
from consent.models import ConsentRecord
from consent.services.countersigning import consent_countersign_many
from roster.access import Action, can, schools_for


@require_http_methods(["GET", "POST"])
def countersign_selected(request):
    """GET (from the queue's checkboxes): the confirmation page listing the chosen students.
    POST (its button): countersign them; those answered meanwhile are skipped and named."""
    if not can(request.user, Action.COUNTERSIGN_CONSENT):
        raise PermissionDenied
    records = ConsentRecord.objects.filter(
        request__school__in=schools_for(request.user, Action.COUNTERSIGN_CONSENT)
    ).select_related("request__student", "request__program", "request__school_year")
    form = CountersignSelectedForm(request.POST or request.GET, records=records)
    if not form.is_valid():
        if form.tampered:
            raise Http404("No such consent among yours.")
        for error in form.errors.get("record", []):
            messages.error(request, error)
        return redirect("consent:countersign_queue")
    chosen = sorted(
        form.cleaned_data["record"],
        key=lambda r: (r.request.student.last_name, r.request.student.first_name, r.pk),
    )
    if request.method == "GET":
        waiting = set(
            selectors.countersign_queue(request.user)
            .filter(pk__in=[r.pk for r in chosen])
            .values_list("pk", flat=True)
        )
        for record in chosen:
            record.is_waiting = record.pk in waiting
        return render(
            request,
            "consent/countersign_selected.html",
            {"chosen": chosen, "waiting_count": len(waiting)},
        )
    result = consent_countersign_many(records=chosen, principal=request.user)
    done = len(result["countersigned"])
    if done:
        messages.success(
            request,
            ngettext(
                "You countersigned %(count)d consent.",
                "You countersigned %(count)d consents.",
                done,
            )
            % {"count": done},
        )
    for record, error in result["skipped"]:
        messages.warning(
            request,
            gettext("Skipped %(student)s: %(reason)s")
            % {"student": record.request.student.full_name, "reason": error.message},
        )
    return redirect("consent:countersign_queue")
