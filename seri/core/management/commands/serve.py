"""`seri serve`: the production server (granian, WSGI) with static files served by the app."""

import os
import socket
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _


def port_is_free(host: str, port: int) -> bool:
    # granian starts without complaint on a port that is already taken: check first.
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


class Command(BaseCommand):
    help = _("Run Seri with a production-grade server (migrates and collects static files first).")

    def add_arguments(self, parser):
        parser.add_argument("--host", default=settings.SERI_HOST)
        parser.add_argument("--port", type=int, default=settings.SERI_PORT)
        parser.add_argument("--workers", type=int, default=settings.SERI_WORKERS)
        parser.add_argument("--threads", type=int, default=settings.SERI_THREADS)
        parser.add_argument("--no-migrate", action="store_true")

    def handle(self, *args, host, port, workers, threads, no_migrate, **options):
        if not port_is_free(host, port):
            raise CommandError(
                _(
                    "Port %(port)s on %(host)s is already in use. Stop what runs there or choose "
                    "another with --port."
                )
                % {"port": port, "host": host}
            )
        if not no_migrate:
            call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(
            _("Seri is running at http://%(host)s:%(port)s/ (data in %(dir)s). Ctrl+C stops it.")
            % {
                "host": host if ":" not in host else f"[{host}]",
                "port": port,
                "dir": settings.DATA_DIR,
            }
        )
        self.stdout.flush()
        command = [
            sys.executable,
            "-m",
            "granian",
            "--interface",
            "wsgi",
            "--host",
            host,
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--blocking-threads",
            str(threads),
            "--no-ws",
            "--log-level",
            "warning",
            "seri.wsgi:application",
        ]
        # The audit sequencer (decision 0030) runs beside the server and stops with it: after
        # execv this process, whose id it watches, is the server.
        subprocess.Popen(  # noqa: S603  (fixed argv, no shell)
            [sys.executable, "-m", "seri", "audit-sequencer", "--parent-pid", str(os.getpid())]
        )
        os.execv(sys.executable, command)  # noqa: S606  (fixed argv, no shell)
