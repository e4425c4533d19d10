"""`seri audit-sequencer`: chain the audit rows that requests inserted unchained, in order,
every SERI_AUDIT_SEQUENCER_INTERVAL seconds (decision 0030).

`seri serve` starts one beside the web server; it stops when its parent process does. Run it
yourself under a process supervisor when the web server is started another way. `--once`
chains what waits and exits (cron, tests). Two sequencers at once are safe: they take the
chain head's lock in turn.
"""

import os
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seri.audit.chain import chain_all_pending


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]  # a property, so that it is translated when it is shown
        return _("Chain the audit rows written since the last round, in order, every few seconds.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help=gettext_lazy("One round, then exit.")
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=None,
            help=gettext_lazy("Seconds between rounds (default SERI_AUDIT_SEQUENCER_INTERVAL)."),
        )
        parser.add_argument(
            "--parent-pid",
            type=int,
            default=0,
            help=gettext_lazy("Exit when this process is gone (used by seri serve)."),
        )

    def handle(self, *args, once=False, interval=None, parent_pid=0, **options):
        interval = settings.SERI_AUDIT_SEQUENCER_INTERVAL if interval is None else interval
        self.verbosity = options.get("verbosity", 1)
        while True:
            refused = self._round()
            if once:
                if refused:
                    raise CommandError("\n".join(refused))
                return
            if parent_pid and not _alive(parent_pid):
                return
            time.sleep(interval)
            close_old_connections()  # a database restarted meanwhile: connect again

    def _round(self) -> list[str]:
        refused = []
        for name, result in chain_all_pending().items():
            if result.chained and self.verbosity > 1:
                self.stdout.write(
                    _("%(name)s: %(count)s rows chained") % {"name": name, "count": result.chained}
                )
            if result.problem:
                # Left unchained for `seri verify` to report; the rows after it wait too.
                refused.append(f"{name}: {result.problem}")
                self.stderr.write(refused[-1])
        return refused


def _alive(pid: int) -> bool:
    # The parent is gone when this process was re-parented (to init or a subreaper).
    return os.getppid() == pid
