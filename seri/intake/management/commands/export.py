"""`seri export csv|xlsx PATH --org ORG [--since YYYY-MM-DD] [--user U]`: an organisation's
reports as a spreadsheet in the format `seri import csv|xlsx` reads. Recorded in the audit
trail; the file holds identifying data: keep it as carefully as the database."""

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from seri.core.management.options import (
    add_organisation_argument,
    organisation_from,
    user_from,
)
from seri.intake.services.exports import FORMATS, reports_export


class Command(BaseCommand):
    help = "Export an organisation's reports as CSV or XLSX (the columns the importer reads)."

    def add_arguments(self, parser):
        parser.add_argument("format", choices=FORMATS)
        parser.add_argument("path", help="the file to write ('-' for standard output, CSV only)")
        add_organisation_argument(parser, help_text="the organisation's short name")
        parser.add_argument("--since", default="", help="only reports received on or after")
        parser.add_argument("--user", default="", help="recorded in the audit trail as exporter")

    def handle(self, *args, **options):
        organisation = organisation_from(options["org"])
        actor = user_from(options["user"])
        since = None
        if options["since"]:
            try:
                day = dt.date.fromisoformat(options["since"])
            except ValueError as exc:
                raise CommandError("--since: a date as YYYY-MM-DD") from exc
            since = dt.datetime.combine(day, dt.time(0), tzinfo=timezone.get_current_timezone())
        fmt, path = options["format"], options["path"]
        if path == "-" and fmt != "csv":
            raise CommandError("only CSV can be written to standard output")
        try:
            content, count = reports_export(
                actor=actor, organisation=organisation, fmt=fmt, since=since
            )
        except PermissionError as exc:
            raise CommandError(
                f"{options['user']} is no admin of {organisation.short_name}: "
                "run without --user to export as the system"
            ) from exc
        if path == "-":
            self.stdout.write(content.decode("utf-8"), ending="")
            return
        target = Path(path)
        target.write_bytes(content)
        target.chmod(0o600)
        self.stderr.write(f"{count} reports written to {target}")
