"""The contacts every page shows, read once per request from the Contact rows editors keep:
the footer, the home page and each answer's ``{{contact:<key>}}`` and contact box."""

import re
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction
from django.utils.html import escape, format_html

from faq.models import Contact
from faq.rendering import CONTACT_PLACEHOLDER, sanitise

TAG = re.compile(r"(<[^>]*>)")

# Every page's footer shows the contacts: they are kept in the cache (Redis in production,
# shared by every process) rather than read on each request. Saving or deleting a Contact
# forgets them once the change commits (faq/apps.py); an edit the signals don't see (a
# queryset update in a data migration) shows within CACHE_SECONDS.
CACHE_KEY = "faq:contacts"
CACHE_SECONDS = 600


@dataclass
class ContactDirectory:
    """The active contacts in page order, and those with a short name by that name."""

    shown: list[Contact] = field(default_factory=list)
    by_key: dict[str, Contact] = field(default_factory=dict)

    @classmethod
    def load(cls) -> "ContactDirectory":
        directory = cache.get(CACHE_KEY)
        if directory is None:
            directory = cls.from_database()
            cache.set(CACHE_KEY, directory, CACHE_SECONDS)
        return directory

    @classmethod
    def from_database(cls) -> "ContactDirectory":
        shown = list(Contact.objects.filter(active=True).order_by("position", "label"))
        return cls(shown=shown, by_key={c.key: c for c in shown if c.key})

    def referenced(self, *texts: str) -> list[Contact]:
        """The active contacts that ``texts`` name with a placeholder, in page order."""
        keys = {key for text in texts for key in CONTACT_PLACEHOLDER.findall(text or "")}
        return [c for c in self.shown if c.key in keys]


def contacts_forget(**_signal):
    """Receiver of Contact's post_save and post_delete: the next page reads the rows again.
    Now, and again after the commit, so a page in between can't keep the old rows cached."""
    cache.delete(CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))


def contact_link(contact: Contact) -> str:
    return format_html('<a href="{}">{}</a>', contact.href, contact.value)


def expand_contacts(safe_html: str, directory: ContactDirectory) -> str:
    """Each placeholder in the text becomes a link to the contact's current number or address;
    one inside a tag (``[call us]({{contact:oig}})``) becomes the contact's link address. A
    name no active contact has stays as typed, so an editor sees the mistake in the preview
    rather than a sentence silently losing its number. The result is sanitised again, so no
    placeholder can produce markup an answer could not carry."""

    def fill(part: str, in_tag: bool) -> str:
        def one(match):
            contact = directory.by_key.get(match.group(1))
            if contact is None:
                return match.group(0)
            return escape(contact.href) if in_tag else contact_link(contact)

        return CONTACT_PLACEHOLDER.sub(one, part)

    parts = TAG.split(safe_html)
    # re.split with one group: text at even indexes, tags at odd ones.
    filled = "".join(fill(part, in_tag=index % 2 == 1) for index, part in enumerate(parts))
    return sanitise(filled)
