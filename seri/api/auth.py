"""`POST /api/token/`: an API token for a username, a password and a current second-factor
code together. Failures count towards the same lock as the web login (seri.orgs.login)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from seri.orgs import login


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
    token = serializers.CharField()


class TokenView(APIView):
    # No authentication: the credentials are in the body (and no session means no CSRF check).
    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="token_create",
        request=TokenRequestSerializer,
        responses={
            200: TokenSerializer,
            400: OpenApiResponse(description=_("Wrong username, password or code.")),
            429: OpenApiResponse(description=_("Too many failed attempts: try again later.")),
        },
        auth=[],
        tags=["token"],
    )
    def post(self, request: Request) -> Response:
        body = TokenRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            token = login.api_token_issue(request=request, **body.validated_data)
        except login.LoginLocked:
            raise exceptions.Throttled(
                wait=int(login.LOCK_DURATION.total_seconds()), detail=str(login.LOCKED_MESSAGE)
            ) from None
        except login.LoginRefused:
            raise exceptions.ValidationError(
                {"non_field_errors": [_("Unable to log in with these credentials and code.")]}
            ) from None
        except login.SecondFactorMissing:
            raise exceptions.ValidationError(
                {"non_field_errors": [_("Log in on the web first to set up your second factor.")]}
            ) from None
        return Response(TokenSerializer({"token": token.key}).data)
