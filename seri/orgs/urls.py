from django.contrib.auth import views as auth_views
from django.urls import path

from seri.orgs import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("two-factor/", views.two_factor_verify, name="two-factor-verify"),
    path("two-factor/setup/", views.two_factor_enrol, name="two-factor-enrol"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("account/tokens/", views.account_tokens, name="account-tokens"),
    path("tokens/<uuid:public_id>/revoke/", views.api_token_revoke, name="api-token-revoke"),
    path(
        "password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"
    ),
    path("users/", views.user_list, name="user-list"),
    path("users/new/", views.user_create, name="user-create"),
    path("users/<uuid:public_id>/toggle/", views.membership_toggle, name="membership-toggle"),
    path(
        "users/<uuid:public_id>/sessions/end/",
        views.membership_sessions_end,
        name="membership-sessions-end",
    ),
    path("users/<uuid:public_id>/tokens/", views.membership_tokens, name="membership-tokens"),
    path(
        "users/<uuid:public_id>/password/reset/",
        views.membership_password_reset,
        name="membership-password-reset",
    ),
    path(
        "users/<uuid:public_id>/second-factor/reset/",
        views.membership_second_factor_reset,
        name="membership-second-factor-reset",
    ),
]
