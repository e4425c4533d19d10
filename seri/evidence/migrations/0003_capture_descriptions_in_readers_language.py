"""A web capture's parts were described "Web capture of <url>: <part>" in the language of whoever
asked for the capture; the description becomes empty where it is exactly that sentence in a
site language, and is then shown in the reader's (EvidenceFile.display_description). Anything
else stays as written. Evidence files are not in the custody chain: nothing chained changes."""

from django.conf import settings
from django.db import migrations
from django.utils import translation

CAPTURED = "Web capture of %(url)s: %(part)s"  # a variable: makemessages skips it


def forget_the_written_sentence(apps, schema_editor):
    EvidenceFile = apps.get_model("evidence", "EvidenceFile")
    templates = set()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            templates.add(translation.gettext(CAPTURED))
    changed = []
    for evidence in (
        EvidenceFile.objects.filter(capture__isnull=False)
        .select_related("capture")
        .only("description", "original_name", "capture__url")
        .iterator(chunk_size=500)
    ):
        values = {"url": evidence.capture.url[:300], "part": evidence.original_name}
        if evidence.description and evidence.description in {t % values for t in templates}:
            evidence.description = ""
            changed.append(evidence)
    EvidenceFile.objects.bulk_update(changed, ["description"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0002_identifying_free_text"),
    ]

    operations = [
        migrations.RunPython(forget_the_written_sentence, migrations.RunPython.noop),
    ]
