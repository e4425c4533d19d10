"""A password must not be made of the name of the user's organisation."""

import re
from difflib import SequenceMatcher

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_NOT_LETTERS = re.compile(r"[\W_]+")


def _folded(text: str) -> str:
    return _NOT_LETTERS.sub("", text.casefold())


class OrganisationNameValidator:
    """Refuse a password that contains, or closely resembles, the name or short name of one
    of the user's organisations: the first thing someone guessing would try.

    Settings apply it to password changes; `user_create`, which validates before the
    membership exists, passes the organisation with `check(password, organisations)`.
    """

    max_similarity = 0.7

    def validate(self, password, user=None):
        if user is None or user.pk is None:
            return
        from seri.orgs.models import Organisation

        self.check(password, Organisation.objects.filter(memberships__user=user))

    def check(self, password, organisations) -> None:
        folded = _folded(password)
        for organisation in organisations:
            for name in (organisation.name, organisation.short_name):
                name = _folded(name)
                if len(name) < 4:
                    continue
                if name in folded or (
                    SequenceMatcher(a=folded, b=name).quick_ratio() >= self.max_similarity
                    and SequenceMatcher(a=folded, b=name).ratio() >= self.max_similarity
                ):
                    raise ValidationError(
                        _("The password is too similar to the name of your organisation."),
                        code="password_too_similar",
                    )

    def get_help_text(self):
        return _("Your password can't be the name of your organisation.")


# Django's own validators, with their messages in Seri's catalogue: Django ships no Khmer for
# them, and a caseworker who reads Khmer must understand why a password was refused.


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return _("This password is too short: it needs at least %(min_length)d characters.") % {
            "min_length": self.min_length
        }

    def get_help_text(self):
        return _("At least %(min_length)d characters.") % {"min_length": self.min_length}


class UserAttributeSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    def get_error_message(self):
        return _("The password is too similar to your user name, name or e-mail address.")

    def get_help_text(self):
        return _("Not like your user name, name or e-mail address.")


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    def get_error_message(self):
        return _("This password is among the most common ones: choose another.")

    def get_help_text(self):
        return _("Not a common password.")


class NumericPasswordValidator(password_validation.NumericPasswordValidator):
    def get_error_message(self):
        return _("This password has only digits.")

    def get_help_text(self):
        return _("Not only digits.")
