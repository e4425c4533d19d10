"""`seri notify-tasks`: notify the assignees of tasks due today or overdue (run it daily from
cron or a systemd timer; each task notifies once per due date, so running it again is safe)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from seri.notifications.events import tasks_due_notify


class Command(BaseCommand):
    help = "Notify the assignees of tasks due today or overdue."

    def handle(self, *args, **options) -> None:
        made = tasks_due_notify(actor=None, today=timezone.localdate())
        self.stdout.write(f"{made} notice(s) made")
