"""`seri demo`: an empty database filled with synthetic data, and the logins to try it with."""

import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seri.demo.coalition import COALITION, MAIN_NGO
from seri.demo.services import DemoLogin, demo_create

MAX_PEOPLE = 100_000


def _unapplied_migrations() -> bool:
    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


class Command(BaseCommand):
    # A property, so that it is translated when it is shown (BaseCommand declares an attribute).
    @property
    def help(self) -> str:  # type: ignore[override]
        return _(
            "Fill an empty database with synthetic demo data: the organisations of the 2022 joint "
            "statement, partners, compounds, people, cases and referrals. Prints the demo logins."
        )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--people",
            type=int,
            default=300,
            help=gettext_lazy("How many synthetic people (one case each) to create."),
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=2022,
            help=gettext_lazy("Seed of the random generator: the same seed, the same data."),
        )
        parser.add_argument(
            "--host",
            default=settings.SERI_HOST,  # the address `seri serve` would use
            help=gettext_lazy("Host shown in the address to open (nothing is started)."),
        )
        parser.add_argument(
            "--port",
            default=settings.SERI_PORT,
            help=gettext_lazy("Port shown in the address to open (nothing is started)."),
        )

    def handle(self, *args, people: int, seed: int, host: str, port: str, **options) -> None:
        if not 0 <= people <= MAX_PEOPLE:
            raise CommandError(_("--people must be between 0 and %(max)d.") % {"max": MAX_PEOPLE})
        if _unapplied_migrations():
            self.stdout.write(_("Setting up the database…"))
            call_command("migrate", interactive=False, verbosity=0)
        started = time.monotonic()
        result = demo_create(people=people, seed=seed)
        elapsed = time.monotonic() - started

        if result.created:
            main_name = next(seed.name for seed in COALITION if seed.short_name == MAIN_NGO)
            counts = result.counts
            self.stdout.write(
                self.style.SUCCESS(
                    _(
                        "Demo data created in %(seconds).1f s: %(organisations)d organisations, "
                        "%(compounds)d compounds, %(people)d people, %(cases)d cases, "
                        "%(referrals)d referrals."
                    )
                    % {"seconds": elapsed, **counts}
                )
            )
            self.stdout.write(
                _("The main demo organisation is %(short)s (%(name)s).")
                % {"short": MAIN_NGO, "name": main_name}
            )
        elif result.logins:
            self.stdout.write(
                self.style.WARNING(_("The demo data already exists; nothing was created."))
            )
        else:
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "This database already holds organisations, so no demo data was "
                        "created: the demo only fills an empty database."
                    )
                )
            )
            return

        self.stdout.write("")
        serve = "seri serve"
        if host != settings.SERI_HOST:
            serve += f" --host {host}"
        if str(port) != str(settings.SERI_PORT):
            serve += f" --port {port}"
        self.stdout.write(
            _(
                "Open http://%(host)s:%(port)s/ (start Seri with `%(serve)s` if it is not "
                "running) and log in as:"
            )
            % {"host": f"[{host}]" if ":" in host else host, "port": port, "serve": serve}
        )
        self.stdout.write("")
        self._table(result.logins)
        self.stdout.write("")
        self.stdout.write(_("On first login you set up a second factor with an authenticator app."))
        self.stdout.write(
            _("The public report form (no login) is at http://%(host)s:%(port)s%(path)s")
            % {
                "host": f"[{host}]" if ":" in host else host,
                "port": port,
                "path": reverse("public-report"),
            }
        )
        self.stdout.write(
            self.style.WARNING(
                _(
                    "Every demo login has the same password. Never load the demo into a "
                    "database that holds real cases."
                )
            )
        )

    def _table(self, logins: list[DemoLogin]) -> None:
        header = (_("Username"), _("Role"), _("Organisation"), _("Password"))
        rows = [header] + [
            (login.username, login.role, login.organisation, login.password) for login in logins
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
        for number, row in enumerate(rows):
            line = "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            self.stdout.write(line.rstrip())
            if number == 0:
                self.stdout.write("  ".join("-" * width for width in widths))
