"""A compound's first status change, "Added to the registry", is read in the reader's language
(issue 19, item 6): stored without the sentence, shown in the language of whoever reads it;
older rows that hold the sentence in a site language are turned the same way by the migration,
and a note someone typed stays as written."""

import importlib

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from seri.compounds.models import CompoundStatus, CompoundStatusChange
from seri.compounds.services import CompoundInput, compound_create
from tests.conftest import login
from tests.factories import UserFactory

READERS = ["km", "zh-hans"]
ADDED = "Added to the registry"


def _in(language: str) -> str:
    with translation.override(language):
        return translation.gettext(ADDED)


@pytest.fixture
def readers(ngo):
    clients = {}
    for language in READERS:
        client = login(UserFactory(username=f"reader-{language}", membership=(ngo, "caseworker")))
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        clients[language] = client
    return clients


def test_added_to_the_registry_is_read_in_the_readers_language(readers):
    with translation.override("en"):  # the writer works in English
        compound = compound_create(
            actor=None,
            data=CompoundInput(name="Language Demo Compound", status=CompoundStatus.ACTIVE),
        )
    change = compound.status_history.get()
    assert (change.note, change.added) == ("", True)
    for language, client in readers.items():
        page = client.get(reverse("compound-detail", args=[compound.public_id]))
        assert page.status_code == 200
        assert _in(language) != ADDED
        assert escape(_in(language)) in page.text
        assert ADDED not in page.text


def test_the_migration_turns_the_written_sentence_and_keeps_typed_notes(db):
    compound = compound_create(
        actor=None, data=CompoundInput(name="Older Demo Compound", status=CompoundStatus.ACTIVE)
    )
    compound.status_history.all().delete()
    rows = [
        CompoundStatusChange.objects.create(compound=compound, status="active", note=note)
        for note in (_in("km"), ADDED, _in("zh-hans"), "Raided by police (typed)")
    ]
    migration = importlib.import_module("seri.compounds.migrations.0006_added_in_readers_language")
    migration.forget_the_written_sentence(apps, None)
    after = [CompoundStatusChange.objects.get(pk=row.pk) for row in rows]
    assert [(a.note, a.added) for a in after] == [
        ("", True),
        ("", True),
        ("", True),
        ("Raided by police (typed)", False),
    ]
    with translation.override("km"):
        assert after[1].display_note == _in("km")
        assert after[3].display_note == "Raided by police (typed)"
