"""TOTP secrets are encrypted at rest like identifying data: whoever reads the database file
cannot make a user's codes."""

from django.apps import apps
from django.db import connection

from seri.core.encrypt_existing import encrypt_rows
from seri.orgs.models import TOTPDevice
from seri.orgs.services.mfa import totp_device_start


def stored_secret(device: TOTPDevice) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM orgs_totpdevice WHERE id = %s", [device.pk])
        return cursor.fetchone()[0]


def test_a_new_secret_is_stored_encrypted(bob):
    device = totp_device_start(actor=bob)
    stored = stored_secret(device)
    assert stored.startswith("enc1:") and device.secret not in stored
    assert TOTPDevice.objects.get(pk=device.pk).secret == device.secret


def test_the_migration_encrypts_secrets_stored_in_clear(bob):
    device = totp_device_start(actor=bob)
    with connection.cursor() as cursor:  # as a row written before encryption was switched on
        cursor.execute(
            "UPDATE orgs_totpdevice SET secret = %s WHERE id = %s", [device.secret, device.pk]
        )
    assert stored_secret(device) == device.secret

    encrypt_rows(apps, None, ["orgs.TOTPDevice"])  # what migration 0005 runs

    assert stored_secret(device).startswith("enc1:")
    assert TOTPDevice.objects.get(pk=device.pk).secret == device.secret
