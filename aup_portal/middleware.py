"""Request checks at the door: a NUL byte anywhere a view or the database would read it is
refused with a 400 (PostgreSQL cannot store or compare one, so it would otherwise be a 500)."""

from itertools import chain

from django.core.exceptions import BadRequest

NUL = "\x00"


def _texts(request):
    """Every string of the request a view may pass on: path, query and form fields (names and
    values), cookies, the names of uploaded files."""
    yield request.path
    # Reading POST here parses the body once; the views read the same parsed data later.
    for key, values in chain(request.GET.lists(), request.POST.lists()):
        yield key
        yield from values
    yield from chain.from_iterable(request.COOKIES.items())
    for _field, uploads in request.FILES.lists():
        yield from (upload.name or "" for upload in uploads)


class RejectNulMiddleware:
    """Answers 400 (the friendly page, or JSON on the texting API: aup_portal.errors) to a
    request with a NUL byte in its path, query, form fields, cookies or file names."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any(NUL in text for text in _texts(request)):
            raise BadRequest("NUL byte in the request")
        return self.get_response(request)
