"""The API's JSON parser: DRF's, except that a body nested deeper than Python's decoder goes
(`[[[[…`, a few hundred kilobytes) is a malformed request (400), not a server error."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, parsers


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError(_("The JSON body is nested too deeply.")) from None
