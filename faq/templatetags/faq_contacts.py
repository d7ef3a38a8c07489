"""Showing an answer with its contacts: ``{{ html|with_contacts:portal_contacts }}`` fills the
``{{contact:<key>}}`` placeholders, ``{% contact_box entry %}`` lists the contacts it names."""

from django import template
from django.utils.safestring import mark_safe

from faq.contacts import ContactDirectory, expand_contacts

register = template.Library()


def _directory(context_or_value) -> ContactDirectory:
    # Pages get portal_contacts from the context processor (one query per request); a
    # template rendered without a request (an email) reads the rows itself.
    return context_or_value if context_or_value else ContactDirectory.load()


@register.filter
def with_contacts(safe_html: str, directory=None) -> str:
    """The answer's HTML (already sanitised when saved) with its placeholders filled."""
    return mark_safe(expand_contacts(safe_html or "", _directory(directory)))  # noqa: S308


@register.inclusion_tag("includes/contact_box.html", takes_context=True)
def contact_box(context, *texts):
    """The contacts an answer names (in English or Spanish), each with its purpose."""
    directory = _directory(context.get("portal_contacts"))
    return {"box_contacts": directory.referenced(*texts)}
