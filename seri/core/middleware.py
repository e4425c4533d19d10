"""One answer for a refused write on every web page.

Services check permission themselves and raise `PermissionError`; this middleware turns that into
the 403 page (through Django's own handler, so `403.html` and its logging apply), so views need
not repeat the service's check. The API does the same in `seri/api/errors.py`.
"""

from django.core.exceptions import PermissionDenied
from django.core.handlers.exception import response_for_exception


class ServicePermissionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionError):
            return response_for_exception(request, PermissionDenied(str(exception)))
        return None
