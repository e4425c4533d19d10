"""The audit rows' object_id loses its own index (and, on PostgreSQL, its LIKE twin): every
query by object_id names the object_type too, which the (object_type, object_id, at) index
answers. The indexes are dropped by name, not through AlterField, which on SQLite would copy
the whole audit trail into a new table."""

from django.db import migrations, models

INDEXES = ("audit_auditevent_object_id_3d6dccfb", "audit_auditevent_object_id_3d6dccfb_like")


def drop(apps, schema_editor):
    for name in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


def create(apps, schema_editor):
    schema_editor.execute(f'CREATE INDEX "{INDEXES[0]}" ON "audit_auditevent" ("object_id")')
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f'CREATE INDEX "{INDEXES[1]}" ON "audit_auditevent" ("object_id" varchar_pattern_ops)'
        )


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0004_deferred_chaining"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="auditevent",
                    name="object_id",
                    field=models.CharField(blank=True, max_length=64),
                ),
            ],
            database_operations=[migrations.RunPython(drop, create)],
        ),
    ]
