"""Candidate pairs get a random public id for URLs (integer keys stay internal).

Added in steps, as Django documents for a unique field on a table with rows: nullable and
filled one row at a time here, unique and required in the next migration (apart, so that
PostgreSQL does not alter a table with the fill's updates pending)."""

import uuid

from django.db import migrations, models


def fill_public_ids(apps, schema_editor):
    MatchCandidate = apps.get_model("linkage", "MatchCandidate")
    for candidate in MatchCandidate.objects.only("pk").iterator():
        MatchCandidate.objects.filter(pk=candidate.pk).update(public_id=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [
        ("linkage", "0002_name_word_frequencies"),
    ]

    operations = [
        migrations.AddField(
            model_name="matchcandidate",
            name="public_id",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(fill_public_ids, migrations.RunPython.noop),
    ]
