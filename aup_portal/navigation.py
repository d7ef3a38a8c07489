"""The links each signed-in role sees on the home page and in the menu.

A link shows when its page exists (its URL name resolves) and roster.access says the user
may do its action; later features add a line here when they add their page. In the menu the
links are grouped (``MENU_GROUPS``), one dropdown per group, so the header stays one line.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from roster.access import Action, can

# The staff menu's groups, in order: a dropdown each (a group with one link is a plain link).
# A link's group is its URL namespace unless it names another.
MENU_GROUPS = {
    "consent": _("Consent"),
    "exceptions": _("Exceptions"),
    "platforms": _("Platforms"),
    "admin": _("Administration"),
}


@dataclass(frozen=True)
class RoleLink:
    label: str  # lazily translated
    description: str
    url_name: str
    action: Action
    group: str = ""  # a key of MENU_GROUPS; empty: the URL's namespace
    # Hidden from who may do this (they reach the page from a fuller one).
    unless: Action | None = None

    @property
    def menu_group(self) -> str:
        group = self.group or self.url_name.partition(":")[0]
        return group if group in MENU_GROUPS else "admin"


ROLE_LINKS = [
    RoleLink(
        _("Consent dashboard"),
        _("Issue texting-consent forms and follow your school's answers."),
        "consent:dashboard",
        Action.VIEW_CONSENT_DASHBOARD,
    ),
    RoleLink(
        _("Countersign consents"),
        _("Give or refuse the principal's permission for safety meet-up texting."),
        "consent:countersign_queue",
        Action.COUNTERSIGN_CONSENT,
    ),
    RoleLink(
        _("May I text this student?"),
        _("Check whether a student is covered by a consent before you text them."),
        "consent:check",
        Action.CHECK_COVERAGE,
    ),
    RoleLink(
        _("Designated staff"),
        _("Name the staff who may text students for an activity, such as a safety meet-up."),
        "consent:activities",
        Action.DESIGNATE_STAFF,
    ),
    RoleLink(
        _("Exception requests"),
        _("Requests you made or must act on."),
        "exceptions:list",
        Action.SUBMIT_EXCEPTION,
    ),
    RoleLink(
        _("Exceptions to review"),
        _("Vet requests that principals endorsed."),
        "exceptions:list",
        Action.REVIEW_EXCEPTION,
    ),
    RoleLink(
        _("Exceptions to decide"),
        _("Requests that ITS has vetted and await the CEO's decision."),
        "exceptions:list",
        Action.DECIDE_EXCEPTION,
    ),
    RoleLink(
        _("Platforms"),
        _("Messaging platforms: audits, remediation plans and schools' moves."),
        "platforms:overview",
        Action.AUDIT_PLATFORMS,
    ),
    RoleLink(
        _("Messaging platforms"),
        _("The messaging tools your school uses, and any ITS asks you to move off."),
        "platforms:school",
        Action.ANSWER_PLATFORM_SURVEY,
        unless=Action.AUDIT_PLATFORMS,
    ),
    # The platform survey and pre-purchase consults (ITS sees "Consults": the same page).
    RoleLink(
        _("Platform survey"),
        _("The messaging tools each school uses, listed for ITS's security review."),
        "platforms:survey",
        Action.ANSWER_PLATFORM_SURVEY,
    ),
    RoleLink(
        _("Consults"),
        _("Answer staff who ask ITS before buying a messaging tool."),
        "platforms:consults",
        Action.AUDIT_PLATFORMS,
    ),
    RoleLink(
        _("Ask ITS before buying"),
        _("Request an AUP consult before buying a messaging tool, and read ITS's answer."),
        "platforms:consults",
        Action.REQUEST_CONSULT,
    ),
    RoleLink(
        _("Administration"),
        _("Programs, FAQ content and the roster in the Django admin."),
        "admin:index",
        Action.USE_ADMIN,
    ),
]


@dataclass(frozen=True)
class PublicLink:
    label: str  # lazily translated
    url_name: str


# The public pages everyone reaches from the menu, signed in or not.
PUBLIC_LINKS = [
    PublicLink(_("FAQ"), "faq:index"),
    PublicLink(_("Ask a question"), "faq:ask"),
    PublicLink(_("Texting programs"), "guidance:programs"),
    PublicLink(_("Approved platforms"), "guidance:platforms"),
]


def public_links(path: str) -> list[dict]:
    """The public menu; ``current`` marks the link to the page at ``path``."""
    links = []
    for link in PUBLIC_LINKS:
        url = reverse(link.url_name)
        links.append({"label": link.label, "url": url, "current": url == path})
    return links


def links_for(user) -> list[dict]:
    """The links ``user`` may follow, once each, in the order above."""
    links, seen = [], set()
    for link in ROLE_LINKS:
        if not can(user, link.action) or (link.unless and can(user, link.unless)):
            continue
        try:
            url = reverse(link.url_name)
        except NoReverseMatch:
            continue
        if url in seen:
            continue
        seen.add(url)
        links.append(
            {
                "label": link.label,
                "description": link.description,
                "url": url,
                "group": link.menu_group,
            }
        )
    return links


def menu_for(links: list[dict], path: str) -> list[dict]:
    """``links`` (from links_for) grouped for the menu, groups in MENU_GROUPS order, each
    {"key", "label", "links", "current"}; a link to the page at ``path`` is ``current``."""
    groups = []
    for key, label in MENU_GROUPS.items():
        members = [
            {**link, "current": link["url"] == path} for link in links if link["group"] == key
        ]
        if members:
            current = any(link["current"] for link in members)
            groups.append({"key": key, "label": label, "links": members, "current": current})
    return groups
