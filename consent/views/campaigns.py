"""ITS's district-wide campaigns: the choices, the confirmation page with the counts (nothing
created), Send, and the campaign's page whose progress static/js/progress.js polls."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from consent.forms.campaigns import CampaignForm
from consent.models import Campaign
from consent.services.campaigns import campaign_check, campaign_issue, campaign_plan
from consent.services.errors import ConsentError
from consent.services.forms_text import untranslated_languages
from consent.services.issuing import SKIP_REASONS
from consent.views.school import with_new_token
from roster.access import Action, can

# The skipped students named per reason on the confirmation page; the rest are counted.
SKIPPED_LISTED = 20
SCHOOLS_LISTED = 100


def campaign_new(request):
    """Choose a program, a year and every eligible school or some; see who it reaches; Send.
    The confirmation page's one-time token makes a second press return the same campaign."""
    if not can(request.user, Action.ISSUE_CAMPAIGN):
        raise PermissionDenied
    form = CampaignForm(request.POST or None)
    if request.method != "POST" or not form.is_valid() or "edit" in request.POST:
        return render(request, "consent/campaign_new.html", {"form": form})
    target, token = form.target(), form.cleaned_data["token"]
    if "send" in request.POST and token:
        try:
            campaign = campaign_issue(
                **target,
                actor=request.user,
                english_with_note=form.cleaned_data["english_with_note"],
                preview_token=token,
            )
        except ConsentError as error:
            field = "english_with_note" if error.code == "no_translation" else None
            form.add_error(field, error.message)
        else:
            return redirect("consent:campaign", pk=campaign.pk)
    try:
        schools = campaign_check(**target)
    except ConsentError as error:
        form.add_error(None, error.message)
        return render(request, "consent/campaign_new.html", {"form": form}, status=400)
    plan = campaign_plan(
        program=target["program"], school_year=target["school_year"], schools=schools
    )
    context = {"form": form, "plan": plan, "skipped": skipped_capped(plan)}
    if not plan.students:
        form.add_error(None, gettext("Nobody would be asked: every chosen student is skipped."))
        return render(request, "consent/campaign_new.html", context, status=400)
    if not token:
        context["form"] = form = with_new_token(form)
    context["untranslated"] = untranslated_languages(target["program"], plan.languages)
    return render(
        request, "consent/campaign_preview.html", context, status=400 if form.errors else 200
    )


def skipped_capped(plan) -> list:
    """[(reason's words, count, the first students, how many more)] for the includes'
    capped list."""
    named = plan.skipped_named(SKIPPED_LISTED)
    return [
        (SKIP_REASONS.get(reason, reason), len(pks), named[reason], len(pks) - len(named[reason]))
        for reason, pks in sorted(plan.skipped.items())
    ]


def _campaign_for(user, pk):
    # Campaigns are ITS's: anyone else finds none (404), as a batch of another school.
    if not can(user, Action.ISSUE_CAMPAIGN):
        raise Http404
    return get_object_or_404(
        Campaign.objects.select_related("program", "school_year", "issued_by"), pk=pk
    )


@require_GET
def campaign(request, pk):
    campaign = _campaign_for(request.user, pk)
    entries = campaign.schools.filter(done_at__isnull=False).select_related("school", "batch")
    done = list(entries.order_by("school__name")[:SCHOOLS_LISTED])
    skipped = [
        (SKIP_REASONS.get(reason, reason), count)
        for reason, count in sorted(campaign.skipped.items())
    ]
    return render(
        request,
        "consent/campaign.html",
        {
            "campaign": campaign,
            "done": done,
            "more_done": campaign.schools_done - len(done),
            "skipped": skipped,
        },
    )


@require_GET
def campaign_progress(request, pk):
    """The campaign page's counts, as JSON for static/js/progress.js."""
    campaign = _campaign_for(request.user, pk)
    return JsonResponse(
        {
            "schools_total": campaign.schools_total,
            "schools_done": campaign.schools_done,
            "requests_created": campaign.requests_created,
            "emails_queued": campaign.emails_queued,
            "letters": campaign.letters,
            "done": not campaign.is_running,
        }
    )
