from functools import partial

from django.db import migrations

from seri.core.encrypt_existing import encrypt_rows


class Migration(migrations.Migration):
    dependencies = [("referrals", "0001_initial")]

    operations = [
        migrations.RunPython(
            partial(encrypt_rows, model_labels=["referrals.Referral"]), migrations.RunPython.noop
        ),
    ]
