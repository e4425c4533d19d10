from django.urls import path

from seri.cases import views

urlpatterns = [
    path("", views.home, name="home"),
    path("cases/", views.case_list, name="case-list"),
    path("cases/<str:reference>/", views.case_detail, name="case-detail"),
    path("cases/<str:reference>/edit/", views.case_edit, name="case-edit"),
    path("cases/<str:reference>/person/", views.person_edit, name="person-edit"),
    path("cases/<str:reference>/status/", views.case_status, name="case-status"),
    path("cases/<str:reference>/notes/", views.case_note, name="case-note"),
    path("cases/<str:reference>/tasks/", views.case_task, name="case-task"),
    path("cases/<str:reference>/tasks/<uuid:task_id>/done/", views.task_done, name="task-done"),
    path("cases/<str:reference>/consent/", views.case_consent, name="case-consent"),
]
