from django.urls import path

from seri.pprl import views

urlpatterns = [
    path("match/<uuid:public_id>/referral/", views.ask_referral_view, name="pprl-ask-referral"),
    path("match/<uuid:public_id>/decide/", views.decide_view, name="pprl-decide"),
]
