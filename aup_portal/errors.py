"""The project's error handlers: Django's friendly pages, except on the texting system's API,
which answers JSON whatever went wrong (its clients parse every answer)."""

from django.http import JsonResponse
from django.views import defaults

# Every path of the texting system's API (consent/urls.py) starts with this.
API_PREFIX = "/consent/api/"


def is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def api_error(status: int, code: str, detail: str, **headers) -> JsonResponse:
    """The API's error body: {"error": code, "detail": detail}; ``Retry_After=`` → header."""
    response = JsonResponse({"error": code, "detail": detail}, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def bad_request(request, exception):
    if is_api(request):
        return api_error(400, "bad_request", "The request could not be read.")
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if is_api(request):
        return api_error(403, "forbidden", "This key may not do that.")
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    if is_api(request):
        return api_error(404, "not_found", "No such API address.")
    return defaults.page_not_found(request, exception)


def server_error(request):
    if is_api(request):
        return api_error(500, "server_error", "Something went wrong on our side; try again.")
    return defaults.server_error(request)
