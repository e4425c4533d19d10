"""`seri import telegram|whatsapp|csv|xlsx PATH --org ORG`: import an export from the command line,
with a progress bar, ending with a summary (created, already present, rejected and why)."""

import sys

from django.core.management.base import BaseCommand, CommandError

from seri.core.management.options import (
    add_organisation_argument,
    organisation_from,
    user_from,
)
from seri.intake.importers.common import ImportRefused
from seri.intake.services.imports import KINDS, import_execute


class Command(BaseCommand):
    help = "Import a Telegram or WhatsApp chat export, or a partner's CSV/XLSX spreadsheet."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("path")
        add_organisation_argument(parser, help_text="the receiving organisation's short name")
        parser.add_argument("--user", default="", help="recorded as the importing user")
        parser.add_argument(
            "--reported-by",
            default="unknown",
            help="who gave the account (self, family, friend, …)",
        )
        parser.add_argument(
            "--time-zone", default="", help="for times written without one (default: the server's)"
        )
        parser.add_argument(
            "--date-order",
            choices=["dmy", "mdy", "ymd"],
            default="",
            help="WhatsApp: when the dates cannot tell",
        )
        parser.add_argument(
            "--include-channels",
            action="store_true",
            help="Telegram: import channels too (left out by default: not conversations)",
        )
        parser.add_argument(
            "--partner",
            default="",
            help="spreadsheets: the partner whose saved column mapping is used",
        )
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="HEADING=FIELD",
            help="spreadsheets: map a column to external_id, received_at, reporter_relation, "
            "language, original_text or ignore (saved for --partner)",
        )
        parser.add_argument("--batch-size", type=int, default=200)

    def handle(self, *args, **options):
        organisation = organisation_from(options["org"])
        actor = user_from(options["user"])
        bar = _Bar(self.stderr)
        try:
            summary = import_execute(
                options["kind"],
                actor=actor,
                organisation=organisation,
                path=options["path"],
                options={
                    "reporter_relation": options["reported_by"],
                    "time_zone": options["time_zone"],
                    "date_order": options["date_order"],
                    "include_channels": options["include_channels"],
                    "partner": options["partner"],
                    "batch_size": options["batch_size"],
                    "columns": dict(m.split("=", 1) for m in options["map"] if "=" in m),
                },
                progress=bar,
            )
        except PermissionError as exc:
            bar.end()
            raise CommandError(
                f"{options['user']} cannot import reports for {organisation.short_name}"
            ) from exc
        except ImportRefused as exc:
            bar.end()
            raise CommandError(
                "nothing was imported:\n" + "\n".join(f"  {p}" for p in exc.problems)
            ) from exc
        bar.end()
        for line in summary.lines():
            self.stdout.write(line)


class _Bar:
    def __init__(self, stream):
        self.stream = stream
        self.tty = sys.stderr.isatty()
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        share = done / total if total else 1.0
        filled = int(share * 30)
        text = f"[{'#' * filled}{' ' * (30 - filled)}] {done}/{total} ({share:.0%})"
        if self.tty:
            self.stream.write("\r" + text, ending="")
        else:
            self.stream.write(text)
        self.stream.flush()
        self.shown = True

    def end(self) -> None:
        if self.shown and self.tty:
            self.stream.write("")
