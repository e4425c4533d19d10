from django.urls import path

from seri.channels import views

urlpatterns = [
    path("", views.channel_list, name="channel-list"),
    path("<uuid:public_id>/", views.channel_detail, name="channel-detail"),
    path("<uuid:public_id>/remove/", views.channel_remove_view, name="channel-remove"),
    path("<uuid:public_id>/retry/", views.channel_media_retry, name="channel-media-retry"),
    path("reports/<uuid:public_id>/", views.thread, name="channel-thread"),
    path("senders/<uuid:public_id>/quiet/", views.sender_quiet, name="channel-sender-quiet"),
    # The providers call this; the channel's random public id is the only name in it.
    path("hook/<uuid:public_id>/", views.webhook, name="channel-webhook"),
]
