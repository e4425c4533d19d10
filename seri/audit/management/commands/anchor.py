"""`seri anchor`: verify every hash chain, then write their heads outside the database.

Run it on a schedule (see docs/security.md: a cron line or a systemd timer), e.g. hourly:

    17 * * * *  seri  SERI_DATA_DIR=/var/lib/seri SERI_ANCHOR_DIR=/var/lib/seri-anchors seri anchor

Each run checks the chains against the latest anchor first and refuses to write a new one
over a broken chain (exit status 1, and the reason), so a rewrite is never blessed.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seri.audit import anchors
from seri.audit.chain import chain_all_pending, chained_models


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]  # a property, so that it is translated when it is shown
        return _(
            "Verify the hash chains and write their heads outside the database "
            "(SERI_ANCHOR_DIR, SERI_ANCHOR_URL, SERI_ANCHOR_SYSLOG); run it on a schedule."
        )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            default="",
            help=gettext_lazy("Write the anchor file here instead of SERI_ANCHOR_DIR."),
        )
        parser.add_argument(
            "--batch-size", type=int, default=5000, help=gettext_lazy("Rows read at a time.")
        )

    def handle(self, *args, dir: str = "", batch_size: int = 5000, **options):
        directory = Path(dir).expanduser().resolve() if dir else anchors.anchor_directory()
        url = settings.SERI_ANCHOR_URL or ""
        syslog = settings.SERI_ANCHOR_SYSLOG or ""
        if directory is None and not url and not syslog:
            raise CommandError(
                _(
                    "Say where anchors go: set SERI_ANCHOR_DIR (or give --dir), "
                    "SERI_ANCHOR_URL or SERI_ANCHOR_SYSLOG."
                )
            )
        if directory is not None and anchors.inside_data_dir(directory):
            raise CommandError(
                _(
                    "%(dir)s is inside the data folder: whoever can change the database could "
                    "change the anchors too. Choose a folder elsewhere."
                )
                % {"dir": directory}
            )
        try:
            previous = anchors.latest(directory) if directory is not None else None
        except anchors.AnchorError as exc:
            raise CommandError(str(exc)) from None
        # The anchor covers every audit row written so far: chain those still waiting first.
        chain_all_pending()
        results = anchors.verify_chains(chained_models(), anchor=previous, batch_size=batch_size)
        broken = [
            f"{report.label}: {report.problem}" for _n, report in results if not report.intact
        ]
        if broken:
            raise CommandError(
                _("No anchor written: a chain is broken.") + "\n" + "\n".join(broken)
            )
        payload = anchors.anchor_payload(results)
        try:
            self._write(payload, directory, url, syslog)
        except anchors.AnchorError as exc:
            raise CommandError(
                _("The anchor could not be written: %(error)s") % {"error": exc}
            ) from None
        for _name, report in results:
            self.stdout.write(
                _("%(label)s head: %(sequence)s:%(hash)s")
                % {
                    "label": report.label,
                    "sequence": report.head_sequence,
                    "hash": report.head_hash,
                }
            )

    def _write(self, payload, directory, url: str, syslog: str) -> None:
        if directory is not None:
            path = anchors.write_file(payload, directory)
            self.stdout.write(_("Anchor written to %(path)s") % {"path": path})
        if url:
            anchors.post(payload, url)
            self.stdout.write(_("Anchor sent to %(url)s") % {"url": url})
        if syslog:
            anchors.send_syslog(payload, syslog)
            self.stdout.write(_("Anchor sent to syslog (%(address)s)") % {"address": syslog})
