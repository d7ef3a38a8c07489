"""The links each signed-in role sees on the home page and in the menu.

A link shows when its page exists (its URL name resolves) and roster.access says the user
may do its action; later features add a line here when they add their page.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from roster.access import Action, can


@dataclass(frozen=True)
class RoleLink:
    label: str
    description: str
    url_name: str
    action: Action


ROLE_LINKS = [
    RoleLink(
        "Consent dashboard",
        "Issue texting-consent forms and follow your school's answers.",
        "consent:dashboard",
        Action.VIEW_CONSENT_DASHBOARD,
    ),
    RoleLink(
        "Countersign consents",
        "Give or refuse the principal's permission for safety meet-up texting.",
        "consent:countersign_queue",
        Action.COUNTERSIGN_CONSENT,
    ),
    RoleLink(
        "May I text this student?",
        "Check whether a student is covered by a consent before you text them.",
        "consent:check",
        Action.CHECK_COVERAGE,
    ),
    RoleLink(
        "Exception requests",
        "Requests you made or must act on.",
        "exceptions:list",
        Action.SUBMIT_EXCEPTION,
    ),
    RoleLink(
        "Exceptions to review",
        "Vet requests that principals endorsed.",
        "exceptions:list",
        Action.REVIEW_EXCEPTION,
    ),
    RoleLink(
        "Exceptions to decide",
        "Requests that ITS has vetted and await the CEO's decision.",
        "exceptions:list",
        Action.DECIDE_EXCEPTION,
    ),
    RoleLink(
        "Administration",
        "Programs, FAQ content, platforms and the roster in the Django admin.",
        "admin:index",
        Action.USE_ADMIN,
    ),
]


def links_for(user) -> list[dict]:
    """The links ``user`` may follow, once each, in the order above."""
    links, seen = [], set()
    for link in ROLE_LINKS:
        if not can(user, link.action):
            continue
        try:
            url = reverse(link.url_name)
        except NoReverseMatch:
            continue
        if url in seen:
            continue
        seen.add(url)
        links.append({"label": link.label, "description": link.description, "url": url})
    return links
