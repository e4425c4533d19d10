"""`seri brief --language km --as USERNAME -o brief.pdf`: the PDF brief, from the command line."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

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
        user = get_user_model().objects.filter(username=opts["username"]).first()
        if user is None:
            raise CommandError(f"no user {opts['username']}")
        try:
            pdf = render_brief(user=user, language=opts["language"])
        except PermissionDenied:
            raise CommandError(f"{user} may not see statistics") from None
        Path(opts["output"]).write_bytes(pdf)
        self.stdout.write(f"Wrote {opts['output']} ({len(pdf):,} bytes)")
