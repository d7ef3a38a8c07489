"""One demo FAQ entry as the content modules write it."""

from dataclasses import dataclass

from faq.models import EntryStatus

# The first paragraph of every answer about how the portal works, so no reader takes
# product help for district policy (its topic, "Using this portal", says so too).
PORTAL_HELP = "*Help with this portal, not district policy.*\n\n"

# The first paragraph of every archived answer from the district page's "OLD Content".
SUPERSEDED = "*Earlier answer, replaced by the current FAQ and kept for reference only.*"
# ... and of one the current FAQ has no answer for.
NOT_CURRENT = (
    "*Earlier answer, no longer current; the current FAQ does not address this. Kept for "
    "reference only.*"
)


@dataclass(frozen=True)
class DemoEntry:
    slug: str
    question: str
    audiences: tuple[str, ...]
    topic: str
    answer: str
    keywords: str = ""
    status: str = EntryStatus.PUBLISHED
    # Reviewed Spanish versions, for the entries written for parents.
    question_es: str = ""
    answer_es: str = ""


def superseded(answer: str, current_slug: str | None = None) -> str:
    """An OLD answer, labelled, with a link to the answer that replaced it where there is one."""
    if current_slug is None:
        return f"{NOT_CURRENT}\n\n{answer}"
    return f"{SUPERSEDED} [The current answer](/faq/#{current_slug}).\n\n{answer}"
