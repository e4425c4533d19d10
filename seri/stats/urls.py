from django.urls import path

from seri.stats import views

urlpatterns = [
    path("", views.dashboard, name="stats-dashboard"),
    path("chart/<slug:key>.svg", views.chart_svg, name="stats-chart-svg"),
    path("chart/<slug:key>.csv", views.chart_csv, name="stats-chart-csv"),
    path("export/", views.export, name="stats-export"),
    path("releases/", views.releases, name="stats-releases"),
    path("releases/<uuid:public_id>.csv", views.release_csv, name="stats-release-csv"),
    path("synthetic/", views.synthetic, name="stats-synthetic"),
    path(
        "synthetic/<uuid:public_id>/release",
        views.synthetic_publish,
        name="stats-synthetic-publish",
    ),
    path("synthetic/<uuid:public_id>.csv", views.synthetic_csv, name="stats-synthetic-csv"),
    path("estimate/", views.estimate, name="stats-estimate"),
    path("brief.pdf", views.brief, name="stats-brief"),
]
