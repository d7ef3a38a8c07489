"""The signed-in user's to-do counts on the home page: what waits for them, each with the
page that lists it. Read-only; a fixed number of queries per role (one per count shown, plus
the school years when a school count is shown)."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from consent.models import ConsentRequest, RequestStatus
from consent.selectors import countersign_queue, locked_links
from exceptions.selectors import waiting_for
from platforms.services.consults import consults_waiting
from roster.access import Action, can
from roster.selectors import school_year_current

_EXCEPTION_STAGES = (Action.ENDORSE_EXCEPTION, Action.REVIEW_EXCEPTION, Action.DECIDE_EXCEPTION)


def _item(count: int, words, none_words, url: str) -> dict:
    return {"count": count, "label": words % {"count": count} if count else none_words, "url": url}


def todo_for(user, roles) -> list[dict]:
    """Counts for ``user``, each {"count", "label", "url"}. ``roles`` are the user's StaffRole
    rows with their schools (the home page has them). The two school counts (unanswered
    requests, locked parent links) are for the schools the user issues consent at through a
    school role (a principal); district-wide roles follow schools from the dashboard."""
    items = []
    if can(user, Action.COUNTERSIGN_CONSENT):
        items.append(
            _item(
                countersign_queue(user).count(),
                ngettext_lazy(
                    "%(count)d consent awaits your countersignature",
                    "%(count)d consents await your countersignature",
                    "count",
                ),
                _("No consent awaits your countersignature"),
                reverse("consent:countersign_queue"),
            )
        )
    if any(can(user, action) for action in _EXCEPTION_STAGES):
        items.append(
            _item(
                waiting_for(user).count(),
                ngettext_lazy(
                    "%(count)d exception request waits for you",
                    "%(count)d exception requests wait for you",
                    "count",
                ),
                _("No exception request waits for you"),
                reverse("exceptions:list"),
            )
        )
    if can(user, Action.AUDIT_PLATFORMS):
        items.append(
            _item(
                consults_waiting().count(),
                ngettext_lazy(
                    "%(count)d consult waits for an answer",
                    "%(count)d consults wait for an answer",
                    "count",
                ),
                _("No consult waits for an answer"),
                reverse("platforms:consults"),
            )
        )
    schools = sorted(
        {role.school for role in roles if role.school_id and can(user, Action.ISSUE_CONSENT, role)},
        key=lambda school: school.name,
    )
    year = school_year_current() if schools else None
    if year is not None:
        dashboard = reverse("consent:dashboard")
        if len(schools) == 1:
            dashboard += "?" + urlencode({"school": schools[0].code})
        unanswered = ConsentRequest.objects.filter(
            school__in=schools, school_year=year, status=RequestStatus.OPEN
        ).count()
        items.append(
            _item(
                unanswered,
                ngettext_lazy(
                    "%(count)d consent request has no answer yet",
                    "%(count)d consent requests have no answer yet",
                    "count",
                ),
                _("Every consent request has an answer"),
                dashboard,
            )
        )
        items.append(
            _item(
                locked_links(school__in=schools, school_year=year).count(),
                ngettext_lazy(
                    "%(count)d parent link locked and needs a new one",
                    "%(count)d parent links locked and need a new one",
                    "count",
                ),
                _("No parent link is locked"),
                dashboard + "#locked-links",
            )
        )
    return items
