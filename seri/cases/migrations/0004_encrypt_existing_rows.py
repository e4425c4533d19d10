from functools import partial

from django.db import migrations

from seri.core.encrypt_existing import encrypt_rows, index_names

MODELS = [
    "cases.PersonName",
    "cases.PhoneNumber",
    "cases.MessagingHandle",
    "cases.IdentityDocument",
    "cases.Case",
    "cases.StatusChange",
    "cases.ConsentRecord",
    "cases.TimelineEntry",
]


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_encrypt_identifying_data_and_blind_indexes")]

    operations = [
        migrations.RunPython(partial(encrypt_rows, model_labels=MODELS), migrations.RunPython.noop),
        migrations.RunPython(index_names, migrations.RunPython.noop),
    ]
