"""The demo's registry: the statement in two languages, the warnings it cites, compounds with
aliases in several scripts and status histories, synthetic actors."""

import datetime as dt

import pytest

from seri.compounds.locate import compounds_named_in
from seri.compounds.models import Actor, Compound, CompoundStatus
from seri.demo.services import demo_create
from seri.evidence.models import Source, SourceKind


@pytest.fixture
def demo(db):
    return demo_create(people=3)


def test_the_statement_in_english_and_chinese_linked_as_translations(demo):
    english = Source.objects.get(title="Abolish Slave Compounds in Cambodia")
    chinese = Source.objects.get(title="清除柬埔寨的奴役园区")
    assert english.published_on == chinese.published_on == dt.date(2022, 3, 10)
    assert list(english.translations.all()) == [chinese]
    assert list(chinese.translations.all()) == [english]
    assert "most compounds are located in Sihanoukville" in english.summary
    assert "西哈努克" in chinese.summary
    assert "(+855)" not in english.summary  # the contact block is left out


def test_the_embassy_warnings_it_cites_with_their_dates(demo):
    warnings = Source.objects.filter(kind=SourceKind.ADVISORY)
    dates = {w.country: w.published_on for w in warnings}
    assert dates["ID"] == dt.date(2021, 1, 1)
    assert dates["VN"] == dt.date(2021, 6, 1)
    assert dates["TH"] == dt.date(2021, 11, 1)
    assert dates["PK"] == dt.date(2022, 1, 1)
    assert "CN" in dates


def test_compounds_have_aliases_in_several_scripts_and_histories(demo):
    scripts = {a.script for c in Compound.objects.all() for a in c.aliases.all()}
    assert {"Latn", "Hani", "Khmr", "Thai"} <= scripts
    silver = Compound.objects.get(name="Silver Bay Demo Resort")
    assert silver.status == CompoundStatus.RELOCATED
    assert silver.relocated_to.name == "Palm Demo Villas"
    assert silver.province_code == "18"
    assert [c.status for c in silver.status_history.all()] == ["active", "raided", "relocated"]
    assert compounds_named_in("他在金塔园区")[0].compound.name == "Golden Demo Tower"


def test_actors_look_synthetic(demo):
    names = set(Actor.objects.values_list("name", flat=True))
    assert names and all("(demo)" in name for name in names)
    holdings = Actor.objects.get(name="Example Holdings Co. (demo)")
    assert holdings.relationships.filter(kind="operates").count() == 2
    assert all(r.sources.exists() for r in holdings.relationships.all())
