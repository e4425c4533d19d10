"""Indexes that give each case-list filter its page newest first, with the organisation (and
the person, for the nationality filter) read from the index (issue 20, docs/benchmarks.md)."""

from django.conf import settings
from django.db import migrations, models

NEW_INDEXES = [
    "case_newest_first_scoped",
    "case_status_newest",
    "case_urgency_newest",
    "case_assignee_newest",
]


def analyse_new_indexes(apps, schema_editor):
    """SQLite plans from `sqlite_stat1` when it exists: an index missing from it is guessed at and
    loses to the old ones (the status filter sorted every case of that status). Where the
    database was analysed before, the new indexes are analysed too (one read of each);
    PostgreSQL keeps statistics per column and needs nothing."""
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return
        for name in NEW_INDEXES:
            cursor.execute(f'ANALYZE "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0013_case_opened_reason_in_readers_language"),
        ("compounds", "0006_added_in_readers_language"),
        ("orgs", "0007_user_language"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                fields=["created_at", "id", "organisation", "person"],
                name="case_newest_first_scoped",
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                fields=["status", "created_at", "id", "organisation"], name="case_status_newest"
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                fields=["urgency", "created_at", "id", "organisation"], name="case_urgency_newest"
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                fields=["assigned_to", "created_at", "id", "organisation"],
                name="case_assignee_newest",
            ),
        ),
        migrations.RunPython(analyse_new_indexes, migrations.RunPython.noop, elidable=True),
    ]
