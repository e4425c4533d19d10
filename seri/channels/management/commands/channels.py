"""`seri channels add|list|test|poll|retry|remove`: hotline channels from the command line.

    seri channels add telegram --org TNGO --name "Hotline bot" --token 123:ABC
    seri channels list
    seri channels test "Hotline bot"
    seri channels poll "Mailbox" --every 60     # an e-mail channel's IMAP mailbox
    seri channels retry "Hotline bot"           # fetch failed files again
    seri channels remove "Hotline bot"

`add` prints the webhook URL and the secret to register with the provider, once. Secrets may
be given as options or read from the environment (SERI_CHANNEL_TOKEN, …) so that they stay out
of the shell's history. Runs as the system unless --user names an admin of the organisation.
"""

import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from seri.channels.imap import imap_poll
from seri.channels.models import Channel, Kind
from seri.channels.providers import ProviderError, email, registry
from seri.channels.selectors import webhook_path
from seri.channels.services.channels import ChannelInput, channel_create, channel_remove
from seri.channels.services.media import media_retry
from seri.channels.tasks import queue_media
from seri.orgs.models import Organisation, User

SECRET_OPTIONS = (
    "token",
    "app_secret",
    "access_token",
    "phone_number_id",
    "address",
    "mail_server",
    "imap_host",
    "imap_port",
    "imap_user",
    "imap_password",
    "imap_tls",
)


class Command(BaseCommand):
    help = "Add, list, test and remove hotline channels (Telegram, WhatsApp, Messenger, e-mail)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="add a channel and print its webhook URL and secret")
        add.add_argument("kind", choices=Kind.values)
        add.add_argument("--org", required=True, help="the organisation's short name")
        add.add_argument("--name", required=True)
        add.add_argument("--language", default="")
        for option in SECRET_OPTIONS:
            add.add_argument(f"--{option.replace('_', '-')}", dest=option, default="")
        add.add_argument("--api-base", default="", help="the provider's API address (tests)")
        add.add_argument(
            "--base-url",
            default=settings.SERI_PUBLIC_URL,
            help="the address the provider reaches Seri at (default: SERI_PUBLIC_URL)",
        )
        add.add_argument("--user", default="", help="recorded as the admin who added it")
        sub.add_parser("list", help="list the channels")
        test = sub.add_parser("test", help="try a channel's credentials against the provider")
        test.add_argument("name")
        poll = sub.add_parser("poll", help="fetch an e-mail channel's unseen mail over IMAP")
        poll.add_argument("name")
        poll.add_argument("--every", type=int, default=0, help="poll again every N seconds")
        retry = sub.add_parser("retry", help="fetch a channel's failed files again")
        retry.add_argument("name")
        remove = sub.add_parser("remove", help="remove a channel (its messages stay)")
        remove.add_argument("name")
        remove.add_argument("--user", default="")

    def handle(self, *args, **options) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _actor(self, username: str) -> User | None:
        if not username:
            return None
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user {username}")
        return user

    def _channel(self, name: str) -> Channel:
        channel = Channel.objects.filter(name=name, is_active=True).first()
        if channel is None:
            raise CommandError(f"no channel named {name!r} (see: seri channels list)")
        return channel

    def _add(self, options: dict) -> None:
        organisation = Organisation.objects.filter(short_name__iexact=options["org"]).first()
        if organisation is None:
            raise CommandError(f"no organisation with the short name {options['org']}")
        secrets = {
            key: options[key] or getattr(settings, f"SERI_CHANNEL_{key.upper()}", "")
            for key in SECRET_OPTIONS
        }
        data = ChannelInput(
            kind=options["kind"],
            name=options["name"],
            secrets={k: v for k, v in secrets.items() if v},
            language=options["language"],
            api_base=options["api_base"],
        )
        try:
            channel = channel_create(
                actor=self._actor(options["user"]), organisation=organisation, data=data
            )
        except ValidationError as exc:
            problems = "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
            raise CommandError(problems) from None
        except PermissionError as exc:
            raise CommandError(f"{options['user']} is no admin of {organisation}") from exc
        base = (options["base_url"] or f"https://{settings.ALLOWED_HOSTS[0]}").rstrip("/")
        self.stdout.write(f"Channel {channel.name} added ({channel.get_kind_display()}).")
        self.stdout.write(f"Webhook URL: {base}{webhook_path(channel)}")
        self.stdout.write(f"Secret: {channel.webhook_secret}")
        self.stdout.write(_how_to_register(channel, base))

    def _list(self, options: dict) -> None:
        channels = Channel.objects.filter(is_active=True).select_related("organisation")
        for channel in channels:
            last = channel.last_message_at.isoformat() if channel.last_message_at else "-"
            self.stdout.write(
                f"{channel.name}\t{channel.kind}\t{channel.organisation.short_name}\t"
                f"{webhook_path(channel)}\tlast message {last}"
            )
        if not channels:
            self.stdout.write("No channels.")

    def _test(self, options: dict) -> None:
        channel = self._channel(options["name"])
        try:
            answer = registry()[channel.kind].check(channel)
        except ProviderError as exc:
            raise CommandError(f"{channel.name}: {exc}") from None
        self.stdout.write(f"{channel.name}: the provider accepts the credentials ({answer}).")

    def _poll(self, options: dict) -> None:
        channel = self._channel(options["name"])
        while True:
            try:
                count = imap_poll(channel)
            except ProviderError as exc:
                if not options["every"]:
                    raise CommandError(f"{channel.name}: {exc}") from None
                self.stderr.write(f"{channel.name}: {exc}")
            else:
                self.stdout.write(f"{channel.name}: {count} new messages")
            if not options["every"]:
                return
            time.sleep(options["every"])

    def _retry(self, options: dict) -> None:
        channel = self._channel(options["name"])
        media_ids = media_retry(actor=None, channel=channel)
        transaction.on_commit(lambda: queue_media(media_ids))
        self.stdout.write(f"{len(media_ids)} files queued again (seri db_worker fetches them).")

    def _remove(self, options: dict) -> None:
        channel = self._channel(options["name"])
        channel_remove(actor=self._actor(options["user"]), channel=channel)
        self.stdout.write(f"Removed. Delete the webhook at the provider too ({channel.kind}).")


def _how_to_register(channel: Channel, base: str) -> str:
    url = f"{base}{webhook_path(channel)}"
    if channel.kind == Kind.LINE:
        return "Register it in the LINE Developers console (Messaging API: Webhook URL, on)."
    if channel.kind == Kind.VIBER:
        return f"Register it: POST {url} to https://chatapi.viber.com/pa/set_webhook (auth token)."
    if channel.kind == Kind.RAPIDPRO:
        return "In the flow: a Call Webhook action (POST) to the URL, header X-Seri-Secret."
    if channel.kind == Kind.SMS:
        return "Make the gateway POST each SMS to the URL with the header X-Seri-Secret: <secret>."
    if channel.kind == Kind.EMAIL:
        note = "Forward the hotline address to `seri smtp-intake` (see docs/channels.md)."
        if not email.mail_server(channel):
            note += (
                " No --mail-server given: no sender will count as verified, so every message"
                " starts its own triage report and none joins a case."
            )
        return note
    if channel.kind == Kind.TELEGRAM:
        return (
            "Register it: curl -F url=" + url + " -F secret_token=<the secret> "
            "https://api.telegram.org/bot<token>/setWebhook"
        )
    return (
        "Register it in the Meta app's Webhooks settings: callback URL as above, verify token "
        "= the secret; subscribe to 'messages'."
    )
