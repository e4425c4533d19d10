"""One answer for a refused write on every web page.

Services check permission themselves and raise `PermissionError`; this middleware turns that into
the 403 page (through Django's own handler, so `403.html` and its logging apply), so views need
not repeat the service's check. The API does the same in `seri/api/errors.py`.
"""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.core.handlers.exception import response_for_exception
from django.http import HttpRequest, HttpResponseBase


class ServicePermissionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponseBase | None:
        if isinstance(exception, PermissionError):
            return response_for_exception(request, PermissionDenied(str(exception)))
        return None
