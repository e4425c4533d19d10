from django.urls import path

from seri.linkage import views

urlpatterns = [
    path("", views.queue_view, name="linkage-queue"),
    path("pairs/<uuid:public_id>/decide/", views.decide_view, name="linkage-decide"),
    path("pairs/<uuid:public_id>/ask/", views.ask_view, name="linkage-ask"),
]
