from django.urls import path

from seri.notifications import views

urlpatterns = [
    path("tasks/", views.tasks, name="my-tasks"),
    path("notices/", views.notification_list, name="notification-list"),
    path("notices/read/", views.notifications_read_all, name="notifications-read-all"),
    path("notices/<int:pk>/open/", views.notification_open, name="notification-open"),
]
