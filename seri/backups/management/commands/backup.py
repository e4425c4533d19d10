"""`seri backup`: one encrypted file with the database and the stored files."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from seri.backups.services import (
    BackupError,
    backup_create,
    backup_key_decode,
    backup_key_generate,
)


class Command(BaseCommand):
    # A property, so that it is translated when it is shown (BaseCommand declares an attribute).
    @property
    def help(self) -> str:  # type: ignore[override]
        return _(
            "Write an encrypted backup of the database and the stored files to one file. The "
            "key comes from SERI_BACKUP_KEY or SERI_BACKUP_KEY_FILE and is never written into "
            "the backup."
        )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            help=gettext_lazy(
                "File to write (default: DATA_DIR/backups/seri-<UTC time>.seribackup)."
            ),
        )
        parser.add_argument(
            "--generate-key",
            action="store_true",
            help=gettext_lazy("Print a new random backup key and exit."),
        )

    def handle(self, *args, output: Path | None, generate_key: bool, **options) -> None:
        if generate_key:
            # The key alone on standard output, so that it can go straight into a file.
            self.stdout.write(backup_key_generate())
            self.stderr.write(
                _(
                    "Keep this key apart from the backups (a password manager, a sealed "
                    "envelope): a backup cannot be restored without it. Give it to Seri as "
                    "SERI_BACKUP_KEY or through SERI_BACKUP_KEY_FILE."
                )
            )
            return
        try:
            key = backup_key_decode(settings.SERI_BACKUP_KEY)
            result = backup_create(key=key, output=output)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                ngettext(
                    "Backup written to %(path)s (%(size)s MB: the database and %(files)d "
                    "stored file) in %(seconds).1f s.",
                    "Backup written to %(path)s (%(size)s MB: the database and %(files)d "
                    "stored files) in %(seconds).1f s.",
                    result.file_count,
                )
                % {
                    "path": result.path,
                    "size": f"{result.size / 1e6:.1f}",
                    "files": result.file_count,
                    "seconds": result.seconds,
                }
            )
        )
