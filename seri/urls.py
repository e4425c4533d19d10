from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from seri.notifications.views import language_switch

urlpatterns = [
    path("", include("seri.cases.urls")),
    path("", include("seri.orgs.urls")),
    path("intake/", include("seri.intake.urls")),
    path("channels/", include("seri.channels.urls")),
    path("referrals/", include("seri.referrals.urls")),
    path("compounds/", include("seri.compounds.urls")),
    path("evidence/", include("seri.evidence.urls")),
    path("linkage/", include("seri.linkage.urls")),
    path("pprl/", include("seri.pprl.urls")),
    path("work/", include("seri.notifications.urls")),
    path("stats/", include("seri.stats.urls")),
    path("audit/", include("seri.audit.urls")),
    path("api/", include("seri.api.urls")),
    # Django's switcher, which also remembers a user's language for their e-mails
    path("i18n/setlang/", language_switch, name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
]
