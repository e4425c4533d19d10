from django.urls import path

from seri.intake import openrosa, public_views, views

urlpatterns = [
    path("", views.intake_new, name="intake-new"),
    path("cases/<str:reference>/report/", views.report_add, name="report-add"),
    path("triage/", views.triage_queue_view, name="intake-triage"),
    path("triage/<uuid:public_id>/", views.triage_report, name="triage-report"),
    path("import/", views.import_page, name="intake-import"),
    path("export/", views.export_reports, name="intake-export"),
    path("devices/", views.device_list, name="intake-devices"),
    path("devices/<uuid:public_id>/revoke/", views.device_revoke, name="intake-device-revoke"),
    # The public report form: no login (seri/intake/public.py)
    path("report/", public_views.public_report, name="public-report"),
    path("report/follow-up/", public_views.public_follow_up, name="public-follow-up"),
    path("report/exit/", public_views.public_exit, name="public-exit"),
    # OpenRosa (ODK Collect, KoboCollect): the server URL is …/intake/openrosa
    path("openrosa/formList", openrosa.form_list, name="openrosa-form-list"),
    path("openrosa/forms/<str:form_id>", openrosa.form_download, name="openrosa-form"),
    path("openrosa/submission", openrosa.submission, name="openrosa-submission"),
]
