from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from seri.notifications import services
from seri.notifications.selectors import my_tasks, notifications_for


@login_required
def tasks(request):
    today = timezone.localdate()
    return render(
        request,
        "notifications/tasks.html",
        {"tasks": my_tasks(request.user, today=today), "today": today, "nav": "tasks"},
    )


@login_required
def notification_list(request):
    notices = list(notifications_for(request.user)[:200])
    return render(request, "notifications/list.html", {"notices": notices, "nav": "notices"})


@login_required
@require_POST
def notification_open(request, pk: int):
    notice = get_object_or_404(notifications_for(request.user), pk=pk)
    services.notification_mark_read(actor=request.user, notification=notice)
    if notice.case is None:
        raise Http404
    return redirect("case-detail", reference=notice.case.reference)


@login_required
@require_POST
def notifications_read_all(request):
    services.notifications_mark_all_read(actor=request.user)
    return redirect("notification-list")


@require_POST
def language_switch(request):
    """Django's language switcher (anyone, logged in or not), which also remembers a logged-in
    user's choice for their notice e-mails."""
    response = set_language(request)
    if request.user.is_authenticated:
        services.notification_language_remember(
            actor=request.user, language=request.POST.get("language", "")
        )
    return response
