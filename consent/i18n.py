"""The language of a parent's pages: the guardian's preferred language by default, changed with
?lang= (the "English | Español" switch) and remembered in the session for that link.

Only the parent's pages choose a language (inside ``translation.override``); staff pages and
everything stored for staff stay in the district's working language, English."""

from django.utils import translation
from django.utils.translation import gettext_noop

PARENT_LANGUAGES = ("en", "es")
DEFAULT_LANGUAGE = "en"
# {link pk: language} for the links this browser switched, and the last choice for pages
# that have no usable link (a broken or expired link's page).
SESSION_KEY = "consent_link_languages"
LAST_CHOICE_KEY = "consent_language"


def guardian_language(guardian) -> str:
    """The language the portal writes to a guardian in: Spanish for Spanish, else English."""
    return "es" if (guardian.preferred_language or "").startswith("es") else DEFAULT_LANGUAGE


def link_language(request, link) -> str:
    """The language of this link's pages in this browser; a ?lang= choice is remembered."""
    chosen = request.GET.get("lang")
    chosen_by_link = request.session.get(SESSION_KEY, {})
    if chosen in PARENT_LANGUAGES:
        if chosen_by_link.get(str(link.pk)) != chosen:
            request.session[SESSION_KEY] = {**chosen_by_link, str(link.pk): chosen}
        if request.session.get(LAST_CHOICE_KEY) != chosen:
            request.session[LAST_CHOICE_KEY] = chosen
        return chosen
    return chosen_by_link.get(str(link.pk)) or guardian_language(link.guardian)


def language_without_link(request) -> str:
    """For a page about a link that can't be used: ?lang=, the browser's last choice, then
    what the browser asks for (Accept-Language), else English."""
    chosen = request.GET.get("lang")
    if chosen in PARENT_LANGUAGES:
        return chosen
    remembered = request.session.get(LAST_CHOICE_KEY)
    if remembered in PARENT_LANGUAGES:
        return remembered
    accepted = translation.get_language_from_request(request)
    return accepted if accepted in PARENT_LANGUAGES else DEFAULT_LANGUAGE


def in_link_language(request, link):
    """A context manager that renders what it wraps in this link's language."""
    return translation.override(link_language(request, link))


# The standard programs' names and descriptions live in the database (migrations 0002 and
# 0008); these copies put them in the catalogue, so parents read them in their language. A
# program renamed in the admin, or one the CEO approved, shows as written until the catalogue
# has its words.
STANDARD_PROGRAM_TEXTS = (
    gettext_noop("Bulk text notifications and alerts"),
    gettext_noop(
        "The school sends group text notifications and alerts to the student's own cell "
        "phone through a district-approved bulk text notification system."
    ),
    gettext_noop(
        "Notifications and alerts go out only through a district-approved bulk text "
        "notification system, as group notifications. A parent or guardian who chooses "
        "duplicate notices receives the same notifications and alerts."
    ),
    gettext_noop("Safety meet-up communications"),
    gettext_noop(
        "Designated school staff may text high-school students taking part in an "
        "educational or extra-curricular activity, to ensure their safety."
    ),
    gettext_noop(
        "Only designated school staff, and only as group texts that include the parent or "
        "guardian and the staff member's district email address, so that communications "
        "are kept. Needs the principal's written permission too."
    ),
    gettext_noop("Re-engagement programs"),
    gettext_noop(
        "Outreach by CEO-approved re-engagement programs to out-of-school youth, chronic "
        "truants and students leaving juvenile detention facilities."
    ),
    gettext_noop(
        "Only designated staff responsible for student outreach under a CEO-approved "
        "re-engagement program, in accordance with the CEO's requirements for parent or "
        "guardian permission and group texts."
    ),
)
