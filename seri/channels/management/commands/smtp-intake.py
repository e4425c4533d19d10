"""`seri smtp-intake [--host 127.0.0.1] [--port 8025]`: receive mail for the hotline addresses
of e-mail channels (docs/channels.md: forward the address to it from your mail server)."""

import signal
import threading

from django.core.management.base import BaseCommand, CommandParser

from seri.channels.smtp import smtp_controller


class Command(BaseCommand):
    help = "Receive e-mail for the hotline addresses of e-mail channels (SMTP)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8025)

    def handle(self, *args, **options) -> None:
        controller = smtp_controller(options["host"], options["port"])
        controller.start()
        self.stdout.write(f"Receiving mail on {options['host']}:{options['port']}")
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        try:
            stop.wait()
        except KeyboardInterrupt:
            pass
        finally:
            controller.stop()
