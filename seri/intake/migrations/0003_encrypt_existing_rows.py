from functools import partial

from django.db import migrations

from seri.core.encrypt_existing import encrypt_rows


class Migration(migrations.Migration):
    dependencies = [("intake", "0002_initial")]

    operations = [
        migrations.RunPython(
            partial(encrypt_rows, model_labels=["intake.Report", "intake.ReportAttachment"]),
            migrations.RunPython.noop,
        ),
    ]
