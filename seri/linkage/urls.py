from django.urls import path

from seri.linkage import views

urlpatterns = [
    path("", views.queue_view, name="linkage-queue"),
    path("pairs/<int:pk>/decide/", views.decide_view, name="linkage-decide"),
    path("pairs/<int:pk>/ask/", views.ask_view, name="linkage-ask"),
]
