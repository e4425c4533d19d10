from django.urls import path

from seri.audit import views

urlpatterns = [
    path("people/<uuid:public_id>/", views.person_access, name="audit-person-access"),
]
