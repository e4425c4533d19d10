from django.urls import path

from seri.referrals import views

urlpatterns = [
    path("", views.inbox, name="referral-inbox"),
    path("send/<str:reference>/", views.referral_send, name="referral-send"),
    path("preview/<str:reference>/", views.referral_preview, name="referral-preview"),
    path(
        "<uuid:public_id>/<str:action>/",
        views.referral_respond,
        name="referral-respond",
    ),
]
