from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from seri.api import registry_views, views
from seri.api.token_views import TokenView

router = SimpleRouter()
router.register("cases", views.CaseViewSet, basename="api-case")
router.register("people", views.PersonViewSet, basename="api-person")
router.register("reports", views.ReportViewSet, basename="api-report")
router.register("referrals", views.ReferralViewSet, basename="api-referral")
router.register("tasks", views.TaskViewSet, basename="api-task")
router.register("compounds", registry_views.CompoundViewSet, basename="api-compound")
router.register("sources", registry_views.SourceViewSet, basename="api-source")
router.register("evidence", registry_views.EvidenceViewSet, basename="api-evidence")
router.register("actors", registry_views.ActorViewSet, basename="api-actor")

urlpatterns = [
    path("token/", TokenView.as_view(), name="api-token"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script from a URL, not inline (CSP).
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api-schema", template_name="api/swagger_ui.html"
        ),
        name="api-docs",
    ),
    *router.urls,
]
