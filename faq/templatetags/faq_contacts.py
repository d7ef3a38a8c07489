"""Showing an answer with its contacts: ``{{ html|with_contacts:portal_contacts }}`` fills the
``{{contact:<key>}}`` placeholders, ``{% contact_box entry %}`` lists the contacts it names."""

from django import template
from django.utils.safestring import mark_safe

from faq.contacts import ContactDirectory, expand_contacts

register = template.Library()


def _directory(context_or_value) -> ContactDirectory:
    # Pages get portal_contacts from the context processor (cached, faq/contacts.py); a
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


@register.simple_tag(takes_context=True)
def contact(context, key: str):
    """The active contact with short name ``key`` (or None): ``{% contact "oig" as oig %}``."""
    directory = context.get("portal_contacts")
    if not directory:
        # An email, rendered without a request: read the rows once per rendering.
        if "faq_contacts" not in context.render_context:
            context.render_context["faq_contacts"] = ContactDirectory.load()
        directory = context.render_context["faq_contacts"]
    return directory.by_key.get(key)
