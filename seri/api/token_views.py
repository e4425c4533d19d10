"""`POST /api/token/`: a new API token for a username, a password and a current second-factor
code together. Every failure (unknown user, wrong password, no second factor yet, wrong code)
gets the same answer; failures count towards the same lock as the web login
(`seri.orgs.services.login`)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from seri.api.parsers import JSONParser
from seri.orgs.services import login

REFUSED = _("Unable to log in with these credentials and code.")


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)
    otp = serializers.CharField(
        max_length=20,
        help_text=_(
            "A current code of the user's authenticator app, or one of their recovery codes."
        ),
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text=_("The key: shown only in this answer."))
    prefix = serializers.CharField()
    expires_at = serializers.DateTimeField()


class TokenView(APIView):
    # No authentication: the credentials are in the body (and no session means no CSRF check).
    authentication_classes: list = []
    permission_classes = [AllowAny]
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    @extend_schema(
        operation_id="token_create",
        request=TokenRequestSerializer,
        responses={
            200: TokenSerializer,
            400: OpenApiResponse(
                description=_(
                    "Wrong username, password or code, or no second factor set up yet: one "
                    "answer for all."
                )
            ),
            429: OpenApiResponse(description=_("Too many failed attempts: try again later.")),
        },
        auth=[],
        tags=["token"],
    )
    def post(self, request: Request) -> Response:
        body = TokenRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            issued = login.api_token_login(request=request, **body.validated_data)
        except login.LoginLocked:
            raise exceptions.Throttled(
                wait=int(login.LOCK_DURATION.total_seconds()), detail=str(login.LOCKED_MESSAGE)
            ) from None
        except login.LoginRefused:
            raise exceptions.ValidationError({"non_field_errors": [REFUSED]}) from None
        return Response(
            TokenSerializer(
                {
                    "token": issued.key,
                    "prefix": issued.token.prefix,
                    "expires_at": issued.token.expires_at,
                }
            ).data
        )
