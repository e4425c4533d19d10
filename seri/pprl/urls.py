from django.urls import path

from seri.pprl import views

urlpatterns = [
    path("match/<uuid:public_id>/referral/", views.ask_referral_view, name="pprl-ask-referral"),
    path("match/<uuid:public_id>/decide/", views.decide_view, name="pprl-decide"),
    path("projects/", views.project_list_view, name="pprl-projects"),
    path("projects/<slug:name>/", views.project_detail_view, name="pprl-project"),
    path("projects/<slug:name>/encode/", views.encode_view, name="pprl-encode"),
    path("projects/<slug:name>/import/", views.import_view, name="pprl-import"),
    path("projects/<slug:name>/channels/", views.contact_view, name="pprl-contact"),
    path("projects/<slug:name>/find/", views.find_record_view, name="pprl-find-record"),
]
