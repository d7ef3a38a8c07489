"""The contacts every page's footer shows (and the home page and answers use)."""

from django.utils.functional import SimpleLazyObject

from faq.contacts import ContactDirectory


def contacts(request):
    # Lazy: one query on a page that shows contacts, none on a page that does not.
    return {"portal_contacts": SimpleLazyObject(ContactDirectory.load)}
