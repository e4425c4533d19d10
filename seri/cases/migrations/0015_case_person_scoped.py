"""A search's people to the user's cases, the organisation checked in the index (issue 20).

Created `IF NOT EXISTS`: for a while this index was part of 0014, so some databases that
applied 0014 have it and others do not."""

from django.db import migrations, models


def analyse(apps, schema_editor):
    """As in 0014: where SQLite was analysed before, the new index is analysed too."""
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is not None:
            cursor.execute('ANALYZE "case_person_scoped"')


class Migration(migrations.Migration):
    dependencies = [("cases", "0014_case_list_filter_indexes")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddIndex(
                    model_name="case",
                    index=models.Index(
                        fields=["person", "organisation", "id"], name="case_person_scoped"
                    ),
                )
            ],
            database_operations=[
                migrations.RunSQL(
                    'CREATE INDEX IF NOT EXISTS "case_person_scoped" ON "cases_case" '
                    '("person_id", "organisation_id", "id")',
                    'DROP INDEX IF EXISTS "case_person_scoped"',
                )
            ],
        ),
        migrations.RunPython(analyse, migrations.RunPython.noop, elidable=True),
    ]
