"""The contacts every page's footer shows (and the home page and answers use)."""

from django.utils.functional import SimpleLazyObject

from faq.contacts import ContactDirectory


def contacts(request):
    # Lazy, and cached between requests (faq/contacts.py): no query on most pages.
    return {"portal_contacts": SimpleLazyObject(ContactDirectory.load)}
