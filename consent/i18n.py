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


# The standard programs' names and descriptions live in the database (migration 0002); these
# copies put them in the catalogue, so parents read them in their language. A program renamed
# in the admin, or one the CEO approved, shows as written until the catalogue has its words.
STANDARD_PROGRAM_TEXTS = (
    gettext_noop("Bulk text notifications and alerts"),
    gettext_noop(
        "The school sends group alerts (closings, schedule changes, emergencies) to the "
        "student's own phone through the district-approved bulk messaging system."
    ),
    gettext_noop(
        "Alerts go out only through the district-approved bulk system, as group messages. "
        "Staff do not reply to or start one-to-one conversations from it."
    ),
    gettext_noop("Safety meet-up communications"),
    gettext_noop(
        "During a school trip, game or other educational or extra-curricular activity, "
        "designated staff may text high-school students to keep them safe: where to meet, "
        "when the bus leaves, a change of plan."
    ),
    gettext_noop(
        "Only staff the principal designates, only for the activity, and only as group "
        "texts that include the parent or guardian and the staff member's district email "
        "address, so every message is kept. Needs the principal's written permission too."
    ),
    gettext_noop("Re-engagement programs"),
    gettext_noop(
        "Outreach by CEO-approved programs to help students who are out of school, often "
        "absent, or returning from juvenile detention get back to school."
    ),
    gettext_noop(
        "Only staff of a CEO-approved re-engagement program, only as group texts that "
        "include the parent or guardian and the staff member's district email address."
    ),
)
