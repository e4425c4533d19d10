"""`seri brief --language km --as USERNAME -o brief.pdf`: the PDF brief, from the command line."""

from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from seri.core.management.options import user_from
from seri.stats.brief import LANGUAGES, render_brief


class Command(BaseCommand):
    help = "Write the statistics brief as a PDF (English, Simplified Chinese or Khmer)."

    def add_arguments(self, parser):
        parser.add_argument("--language", choices=LANGUAGES, default="en")
        parser.add_argument(
            "--as",
            dest="username",
            required=True,
            help="the user whose view of the data the brief shows (a coordinator: coalition)",
        )
        parser.add_argument("-o", "--output", default="seri-brief.pdf")

    def handle(self, *args, **opts):
        user = user_from(opts["username"], required=True)
        try:
            pdf = render_brief(user=user, language=opts["language"])
        except PermissionDenied:
            raise CommandError(f"{user} may not see statistics") from None
        Path(opts["output"]).write_bytes(pdf)
        self.stdout.write(f"Wrote {opts['output']} ({len(pdf):,} bytes)")
