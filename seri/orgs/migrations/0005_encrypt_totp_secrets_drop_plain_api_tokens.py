"""Encrypt the TOTP secrets stored in clear before 0004, and drop the API tokens of DRF's
authtoken app, which were stored in clear: their owners make new ones (docs/security.md)."""

from functools import partial

from django.db import migrations

from seri.core.encrypt_existing import encrypt_rows

DROP_PLAIN_TOKENS = [
    "DROP TABLE IF EXISTS authtoken_token",
    "DELETE FROM django_migrations WHERE app = 'authtoken'",
]


class Migration(migrations.Migration):
    dependencies = [("orgs", "0004_api_tokens_hashed_totp_secret_encrypted")]

    operations = [
        migrations.RunPython(
            partial(encrypt_rows, model_labels=["orgs.TOTPDevice"]), migrations.RunPython.noop
        ),
        migrations.RunSQL(DROP_PLAIN_TOKENS, migrations.RunSQL.noop),
    ]
