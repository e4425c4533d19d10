"""The reason "Case opened" that the system stored, in its writer's language, on each case's
first status change becomes empty: it is shown in the reader's language instead
(StatusChange.display_reason). A reason someone typed stays as written."""

from django.conf import settings
from django.db import migrations
from django.utils import translation

CASE_OPENED = "Case opened"  # the sentence as written (a variable: makemessages skips it)


def forget_the_written_sentence(apps, schema_editor):
    StatusChange = apps.get_model("cases", "StatusChange")
    written = set()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            written.add(translation.gettext(CASE_OPENED))
    changed = []
    for change in (
        StatusChange.objects.filter(from_status="").only("reason").iterator(chunk_size=500)
    ):
        if change.reason in written:
            change.reason = ""
            changed.append(change)
    StatusChange.objects.bulk_update(changed, ["reason"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0012_timeline_texts_to_event_codes"),
    ]

    operations = [
        migrations.RunPython(forget_the_written_sentence, migrations.RunPython.noop),
    ]
