from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import SimpleRouter

from seri.api import views

router = SimpleRouter()
router.register("cases", views.CaseViewSet, basename="api-case")
router.register("people", views.PersonViewSet, basename="api-person")
router.register("reports", views.ReportViewSet, basename="api-report")
router.register("referrals", views.ReferralViewSet, basename="api-referral")
router.register("tasks", views.TaskViewSet, basename="api-task")

urlpatterns = [
    path("token/", obtain_auth_token, name="api-token"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    *router.urls,
]
