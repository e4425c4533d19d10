"""`seri createadmin`: the first organisation admin of an organisation, and the organisation
itself if it does not exist yet. After that, admins add their users in Seri."""

import getpass
import sys
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seri.core.vocabularies import OrganisationType
from seri.orgs.models import Organisation, Role
from seri.orgs.services import organisation_create, user_create

PASSWORD_ENV = "SERI_ADMIN_PASSWORD"  # noqa: S105 (the name of the variable)

# Which option to blame for an error on which field.
OPTION_FOR_FIELD = {
    "name": "--organisation-name",
    "short_name": "--short-name",
    "type": "--type",
    "country": "--country",
    "username": "--username",
    "display_name": "--display-name",
    "email": "--email",
}


def _describe(exc: ValidationError) -> str:
    if not hasattr(exc, "error_dict"):
        return " ".join(exc.messages)
    return "\n".join(
        f"{OPTION_FOR_FIELD.get(name, name)}: {message}"
        for name, messages in exc.message_dict.items()
        for message in messages
    )


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]  # a property, so that it is translated when it is shown
        return _(
            "Create an organisation admin, and the organisation if it does not exist yet. The "
            "password comes from --password-file, the SERI_ADMIN_PASSWORD environment variable "
            "(or a file named by SERI_ADMIN_PASSWORD_FILE), or is asked for."
        )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--username", required=True, help=gettext_lazy("The admin's login."))
        parser.add_argument("--display-name", default="", help=gettext_lazy("Name shown in Seri."))
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--organisation-name",
            default="",
            help=gettext_lazy("Full name of the organisation."),
        )
        parser.add_argument(
            "--short-name",
            default="",
            help=gettext_lazy("Short name of the organisation, e.g. its acronym."),
        )
        parser.add_argument(
            "--type",
            default=OrganisationType.NGO,
            help=gettext_lazy("Organisation type, for a new organisation: one of %(types)s.")
            % {"types": ", ".join(OrganisationType.values)},
        )
        parser.add_argument(
            "--country",
            default="KH",
            help=gettext_lazy("ISO 3166 country code of a new organisation."),
        )
        parser.add_argument(
            "--password-file",
            help=gettext_lazy("Read the password from this file (its first line)."),
        )

    def handle(self, *args, **options) -> None:
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError(_("The database is not set up yet: run `seri migrate` first."))
        name = options["organisation_name"].strip()
        short_name = options["short_name"].strip()
        if not (name or short_name):
            raise CommandError(
                _(
                    "Say which organisation: give --short-name, and --organisation-name to "
                    "create it."
                )
            )
        organisation = self._existing_organisation(name, short_name)
        if organisation is None:
            if not (name and short_name):
                raise CommandError(
                    _(
                        "There is no organisation “%(org)s” yet. To create it, give both "
                        "--organisation-name and --short-name."
                    )
                    % {"org": name or short_name}
                )
            if options["type"] not in OrganisationType.values:
                raise CommandError(
                    _("--type must be one of: %(types)s.")
                    % {"types": ", ".join(OrganisationType.values)}
                )
        password = self._password(options["password_file"])
        try:
            with transaction.atomic():
                created = organisation is None
                if organisation is None:
                    organisation = organisation_create(
                        name=name,
                        short_name=short_name,
                        type=options["type"],
                        country=options["country"],
                    )
                user = user_create(
                    actor=None,
                    system=True,
                    organisation=organisation,
                    username=options["username"],
                    password=password,
                    role=Role.ORG_ADMIN,
                    display_name=options["display_name"],
                    email=options["email"],
                )
        except ValidationError as exc:
            raise CommandError(_describe(exc)) from None
        if created:
            self.stdout.write(
                _("Created the organisation %(short)s (%(name)s).")
                % {"short": organisation.short_name, "name": organisation.name}
            )
        self.stdout.write(
            self.style.SUCCESS(
                _("Created %(username)s, organisation admin of %(org)s.")
                % {"username": user.username, "org": organisation.short_name}
            )
        )

    def _existing_organisation(self, name: str, short_name: str) -> Organisation | None:
        by_short = (
            Organisation.objects.filter(short_name__iexact=short_name).first()
            if short_name
            else None
        )
        by_name = Organisation.objects.filter(name__iexact=name).first() if name else None
        if by_short and by_name and by_short != by_name:
            raise CommandError(
                _(
                    "--short-name %(short)s belongs to “%(short_org)s”, but --organisation-name "
                    "“%(name)s” is %(name_org)s. Give the names of one organisation."
                )
                % {
                    "short": short_name,
                    "short_org": by_short.name,
                    "name": name,
                    "name_org": by_name.short_name,
                }
            )
        if by_short and name and not by_name:
            raise CommandError(
                _("--short-name %(short)s belongs to “%(short_org)s”, not “%(name)s”.")
                % {"short": short_name, "short_org": by_short.name, "name": name}
            )
        if by_name and short_name and not by_short:
            raise CommandError(
                _("“%(name)s” exists with the short name %(existing)s, not %(short)s.")
                % {"name": name, "existing": by_name.short_name, "short": short_name}
            )
        organisation = by_short or by_name
        if organisation is not None and not organisation.is_active:
            raise CommandError(
                _("The organisation %(short)s is not active.") % {"short": organisation.short_name}
            )
        return organisation

    def _password(self, password_file: str | None) -> str:
        if password_file:
            try:
                text = Path(password_file).read_text(encoding="utf-8")
            except OSError as exc:
                raise CommandError(
                    _("Cannot read the password file %(file)s: %(error)s")
                    % {"file": password_file, "error": exc.strerror or exc}
                ) from None
            lines = text.splitlines()
            return lines[0] if lines else ""
        if settings.SERI_ADMIN_PASSWORD:  # from the variable or its _FILE (seri.settings)
            return settings.SERI_ADMIN_PASSWORD
        if not sys.stdin.isatty():
            raise CommandError(
                _(
                    "No password given, and no terminal to ask for one: use --password-file "
                    "or the %(env)s environment variable."
                )
                % {"env": PASSWORD_ENV}
            )
        try:
            password = getpass.getpass(_("Password: "))
            again = getpass.getpass(_("Password (again): "))
        except (EOFError, KeyboardInterrupt):
            raise CommandError(_("Cancelled; nothing was created.")) from None
        if password != again:
            raise CommandError(_("The two passwords differ; nothing was created."))
        return password
