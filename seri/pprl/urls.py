from django.urls import path

from seri.pprl import views

urlpatterns = [
    path("match/<int:pk>/referral/", views.ask_referral_view, name="pprl-ask-referral"),
    path("match/<int:pk>/decide/", views.decide_view, name="pprl-decide"),
]
