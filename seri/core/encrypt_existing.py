"""Encrypting rows written before encryption at rest: used by the data migrations.

Migrations normally use only `apps.get_model`; these functions work on the historical models
they are given, and import nothing of the apps but the crypto module, whose keyed
normalisation must be the one the running code uses.
"""

from seri.core import crypto


def encrypt_rows(apps, schema_editor, model_labels: list[str]) -> None:
    for label in model_labels:
        model = apps.get_model(label)
        fields = [
            f.name
            for f in model._meta.local_fields
            if getattr(f, "identifying", False) or hasattr(f, "purpose")
        ]
        for row in model._base_manager.iterator(chunk_size=1000):
            # Saving through the identifying field types encrypts what is still plaintext
            # (values already encrypted are left as they are) and fills the blind indexes.
            row.save(update_fields=fields)


def index_names(apps, schema_editor) -> None:
    name_model = apps.get_model("cases", "PersonName")
    token_model = apps.get_model("cases", "PersonNameToken")
    batch = []
    for name in name_model._base_manager.iterator(chunk_size=1000):
        batch += [
            token_model(person_id=name.person_id, token=token)
            for token in crypto.name_tokens(name.value)
        ]
        if len(batch) >= 5000:
            token_model.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    token_model.objects.bulk_create(batch, ignore_conflicts=True)
