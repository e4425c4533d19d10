from django.urls import path

from seri.intake import views

urlpatterns = [
    path("", views.intake_new, name="intake-new"),
    path("cases/<str:reference>/report/", views.report_add, name="report-add"),
]
