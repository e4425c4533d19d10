from django.urls import path

from seri.evidence import views

urlpatterns = [
    path("sources/", views.source_list, name="source-list"),
    path("sources/new/", views.source_create, name="source-create"),
    path("sources/<uuid:public_id>/", views.source_detail, name="source-detail"),
    path("upload/", views.evidence_upload, name="evidence-upload"),
    path("capture/", views.web_capture, name="web-capture"),
    path("bundle/case/<str:reference>/", views.bundle_for_case, name="evidence-bundle-case"),
    path(
        "bundle/compound/<uuid:public_id>/",
        views.bundle_for_compound,
        name="evidence-bundle-compound",
    ),
    path("<uuid:public_id>/", views.evidence_detail, name="evidence-detail"),
    path("<uuid:public_id>/original/", views.evidence_download, name="evidence-download"),
    path("<uuid:public_id>/shareable/", views.evidence_shareable, name="evidence-shareable"),
    path("<uuid:public_id>/preview/", views.evidence_preview, name="evidence-preview"),
    path("<uuid:public_id>/transfer/", views.evidence_transfer, name="evidence-transfer"),
]
