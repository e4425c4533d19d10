"""`seri rotate-key`: re-encrypt identifying data under the first key of SERI_ENCRYPTION_KEYS.

Rotation: put a new key first in SERI_ENCRYPTION_KEYS (keep the old one after it), restart
Seri, run `seri rotate-key` (it can be stopped and run again), then remove the old key.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from seri.core import crypto
from seri.core.services import encryption_rotate, encryption_status


class Command(BaseCommand):
    # Lazy, so that it is translated when it is shown; Django str()s it (the stubs say str).
    help = gettext_lazy("Re-encrypt identifying data under the current encryption key (resumable).")  # type: ignore[assignment]

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=1000)
        parser.add_argument(
            "--generate", action="store_true", help=_("Print a new random key and exit.")
        )
        parser.add_argument(
            "--status", action="store_true", help=_("Count stored values per key and exit.")
        )

    def handle(self, *args, batch_size, generate, status, **options):
        if generate:
            self.stdout.write(crypto.new_key())
            return
        if status:
            for key_id, count in sorted(encryption_status().items()):
                self.stdout.write(f"{key_id}: {count}")
            return
        current = crypto.keyring().current_id
        self.stdout.write(_("Re-encrypting under key “%s”…") % current)

        def report(progress):
            self.stdout.write(f"  {progress.table}.{progress.column}: {progress.rewritten}")

        try:
            total = encryption_rotate(batch_size=batch_size, report=report)
        except crypto.DecryptionError as exc:
            raise CommandError(
                _("%s — keep every old key in SERI_ENCRYPTION_KEYS until rotation has finished.")
                % exc
            ) from exc
        self.stdout.write(
            ngettext("Done: %d value re-encrypted.", "Done: %d values re-encrypted.", total) % total
        )
