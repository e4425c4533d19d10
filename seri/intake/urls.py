from django.urls import path

from seri.intake.views import devices, files, imports, intake, openrosa, public, triage

urlpatterns = [
    path("", intake.intake_new, name="intake-new"),
    path("check/", intake.intake_check, name="intake-check"),
    path("cases/<str:reference>/report/", intake.report_add, name="report-add"),
    path("triage/", triage.triage_queue_view, name="intake-triage"),
    path("triage/<uuid:public_id>/", triage.triage_report, name="triage-report"),
    path("files/<uuid:public_id>/", files.attachment_file, name="report-file"),
    path("import/", imports.import_page, name="intake-import"),
    path("export/", imports.export_reports, name="intake-export"),
    path("devices/", devices.device_list, name="intake-devices"),
    path("devices/<uuid:public_id>/revoke/", devices.device_revoke, name="intake-device-revoke"),
    # The public report form: no login (seri/intake/views/public.py)
    path("report/", public.public_report, name="public-report"),
    path("report/follow-up/", public.public_follow_up, name="public-follow-up"),
    path("report/exit/", public.public_exit, name="public-exit"),
    # OpenRosa (ODK Collect, KoboCollect): the server URL is …/intake/openrosa
    path("openrosa/formList", openrosa.form_list, name="openrosa-form-list"),
    path("openrosa/forms/<str:form_id>", openrosa.form_download, name="openrosa-form"),
    path("openrosa/submission", openrosa.submission, name="openrosa-submission"),
]
