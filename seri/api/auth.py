"""Authentication of the API: `Authorization: Token seri_<prefix>_<secret>`, checked against
the keyed hashes Seri keeps (`seri.orgs.services.tokens`). Expired, revoked, malformed and
unknown tokens, tokens of a deactivated user and tokens issued before the password last changed
all get the same 401. Tokens are made by `POST /api/token/` (`seri.api.token_views`) and on the
account's token page.

Imported by DRF's settings while `rest_framework.views` loads: nothing here may import it.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from seri.orgs.models import ApiToken, User
from seri.orgs.services import tokens

KEYWORD = "Token"


class ApiTokenAuthentication(BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD.lower().encode():
            return None  # not a token: another class (the session) may authenticate
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        try:
            key = parts[1].decode("ascii")
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        token = tokens.api_token_authenticate(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        return (token.user, token)

    def authenticate_header(self, request: Request) -> str:
        return KEYWORD


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "seri.api.auth.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": _('A token from POST /api/token/, sent as "Token seri_…".'),
        }
