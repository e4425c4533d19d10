"""`seri restore`: a backup made by `seri backup`, into an empty installation."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from seri.backups.services import (
    BackupError,
    backup_check,
    backup_key_decode,
    backup_restore,
)


class Command(BaseCommand):
    # A property, so that it is translated when it is shown (BaseCommand declares an attribute).
    @property
    def help(self) -> str:  # type: ignore[override]
        return _(
            "Restore a backup made by `seri backup` into an empty installation of the same "
            "database engine. The whole file is decrypted and checked before anything is "
            "written. Stop Seri before restoring."
        )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path, help=gettext_lazy("The backup file."))
        parser.add_argument(
            "--force",
            action="store_true",
            help=gettext_lazy(
                "Restore even if this installation already holds data: its database is "
                "replaced by the backup's."
            ),
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help=gettext_lazy(
                "Only decrypt and check the backup (every file's SHA-256); restore nothing."
            ),
        )

    def handle(self, *args, path: Path, force: bool, check: bool, **options) -> None:
        try:
            key = backup_key_decode(settings.SERI_BACKUP_KEY)
            if check:
                manifest = backup_check(key=key, path=path)
            else:
                result = backup_restore(key=key, path=path, force=force)
                manifest = result.manifest
        except BackupError as error:
            raise CommandError(str(error)) from None
        summary = {
            "created": manifest["created_at"],
            "version": manifest["seri_version"],
            "files": len(manifest["files"]),
        }
        if check:
            self.stdout.write(
                self.style.SUCCESS(
                    ngettext(
                        "The backup of %(created)s (Seri %(version)s) is complete and intact: "
                        "the database and %(files)d stored file.",
                        "The backup of %(created)s (Seri %(version)s) is complete and intact: "
                        "the database and %(files)d stored files.",
                        summary["files"],
                    )
                    % summary
                )
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                ngettext(
                    "Restored the backup of %(created)s (Seri %(version)s): the database and "
                    "%(files)d stored file, in %(seconds).1f s.",
                    "Restored the backup of %(created)s (Seri %(version)s): the database and "
                    "%(files)d stored files, in %(seconds).1f s.",
                    summary["files"],
                )
                % {**summary, "seconds": result.seconds}
            )
        )
        if result.pending_migrations:
            self.stdout.write(
                self.style.WARNING(
                    ngettext(
                        "This version of Seri has %(count)d database migration that the "
                        "backup predates: run `seri migrate` before starting Seri.",
                        "This version of Seri has %(count)d database migrations that the "
                        "backup predates: run `seri migrate` before starting Seri.",
                        len(result.pending_migrations),
                    )
                    % {"count": len(result.pending_migrations)}
                )
            )
            if "verify" in get_commands():
                self.stdout.write(_("Then check the audit trail with `seri verify`."))
            return
        self._verify()

    def _verify(self) -> None:
        # `seri verify` checks the hash-chained audit trail; run it when this Seri has it.
        if "verify" not in get_commands():
            return
        self.stdout.write(_("Checking the restored audit trail (seri verify)…"))
        try:
            call_command("verify", stdout=self.stdout, stderr=self.stderr)
        except CommandError as error:
            raise CommandError(
                _("The backup was restored, but the audit trail did not verify: %(error)s")
                % {"error": error}
            ) from None
