from django.urls import path

from seri.compounds import views

urlpatterns = [
    path("", views.compound_list, name="compound-list"),
    path("new/", views.compound_create, name="compound-create"),
    path("map/", views.compound_map, name="compound-map"),
    path("map/compounds.json", views.compound_map_data, name="compound-map-data"),
    path("locate/", views.compound_locate, name="compound-locate"),
    path("actors/", views.actor_list, name="actor-list"),
    path("actors/new/", views.actor_create, name="actor-create"),
    path("actors/<uuid:public_id>/", views.actor_detail, name="actor-detail"),
    path(
        "actors/<uuid:public_id>/relationships/",
        views.relationship_create,
        name="relationship-create",
    ),
    path("<uuid:public_id>/", views.compound_detail, name="compound-detail"),
    path("<uuid:public_id>/edit/", views.compound_edit, name="compound-edit"),
    path("<uuid:public_id>/status/", views.compound_status, name="compound-status"),
]
