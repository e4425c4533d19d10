import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("linkage", "0003_candidate_public_id"),
    ]

    operations = [
        migrations.AlterField(
            model_name="matchcandidate",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
