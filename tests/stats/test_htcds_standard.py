"""Every column and every value of an export validates against the HTCDS 2.0 field standard
(tests/stats/data/htcds-field-standards-2.0.csv, a copy of the coalition's
standards/htcds-field-standards-2.0.csv): standard field names only in the HTCDS file, each
value one of the field's picklist values (multiselect values joined by ";"), ISO 3166
alpha-2 codes where the standard asks for a country; Seri's own columns in the second file."""

import csv
import datetime as dt
import io
import itertools
import re
import zipfile
from pathlib import Path

import pycountry
import pytest
from django.utils import timezone

from seri.cases.models import Case, CaseStatus, Nationality, Person
from seri.compounds.models import Compound
from seri.core.vocabularies import (
    ControlMethod,
    ExploitationType,
    Gender,
    Platform,
    RecruitmentMethod,
)
from seri.stats import htcds
from seri.stats.services import case_facts_refresh
from tests.conftest import login

STANDARD = Path(__file__).parent / "data" / "htcds-field-standards-2.0.csv"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "standards" / STANDARD.name
ISO = {c.alpha_2 for c in pycountry.countries}


def standard_fields() -> dict[str, dict]:
    with STANDARD.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    out = {}
    for r in rows:
        name = r["Field Name including Prefix"].strip()
        if name:
            out[name] = {
                "type": r["Field Type"].strip(),
                "values": {v.strip() for v in r["Value Names (if picklist)"].splitlines() if v},
                "iso3166": "ISO 3166" in r["Value Names (if picklist)"] + r["Notes"],
            }
    return out


def test_the_copy_is_the_coalitions_standard():
    if SHARED.exists():
        assert STANDARD.read_bytes() == SHARED.read_bytes()
    fields = standard_fields()
    assert fields["cas_Status"]["values"] == {"Active", "FollowUp", "Closed", "ClosedReferred"}


def test_every_status_maps_to_a_standard_value():
    allowed = standard_fields()["cas_Status"]["values"]
    assert set(htcds.STATUS_TO_HTCDS) == set(CaseStatus)
    assert set(htcds.STATUS_TO_HTCDS.values()) <= allowed


@pytest.fixture
def varied(ngo):
    """Cases with every status, gender and vocabulary value, several citizenships each (and a
    code that is not ISO 3166), a compound country and none."""
    compounds = [
        Compound.objects.create(name="Test Compound KH", province="Pursat", country="KH"),
        Compound.objects.create(name="Test Compound MM", province="", country="MM"),
        Compound.objects.create(name="Test Compound unknown", province="", country=""),
    ]
    vocabularies = itertools.cycle(
        zip(
            itertools.cycle(ExploitationType.values),
            itertools.cycle(RecruitmentMethod.values),
            itertools.cycle(Platform.values),
            itertools.cycle(ControlMethod.values),
        )
    )
    start = timezone.make_aware(dt.datetime(2023, 3, 1))
    statuses, genders = list(CaseStatus), list(Gender.values)
    for i in range(60):
        person = Person.objects.create(
            organisation=ngo, gender=genders[i % len(genders)], age_estimate=14 + i
        )
        countries = [("VN", "CN"), ("ID",), ("TH", "KH", "XX"), ()][i % 4]
        Nationality.objects.bulk_create([Nationality(person=person, country=c) for c in countries])
        types, method, platform, control = next(vocabularies)
        case = Case.objects.create(
            organisation=ngo,
            person=person,
            compound=compounds[i % 3],
            status=statuses[i % len(statuses)],
            exploitation_types=[types, "ForcedLabour", "NotInTheStandard"],
            recruitment_methods=[method],
            recruitment_platforms=[platform, "Telegram"],
            control_methods=[control],
        )
        Case.objects.filter(pk=case.pk).update(created_at=start + dt.timedelta(days=9 * i))
    case_facts_refresh()


def check_values(files):
    fields = standard_fields()
    standard = list(csv.DictReader(io.StringIO(files["htcds-2.0.csv"])))
    header = list(standard[0])
    assert header == htcds.STANDARD_HEADER
    assert all(name in fields for name in header), set(header) - set(fields)
    for row in standard:
        for name, value in row.items():
            if value == "":
                continue  # not recorded, or not published: the standard has no code for it
            spec = fields[name]
            multi = spec["type"].startswith("Multiselect")
            values = value.split(";") if multi else [value]
            assert len(set(values)) == len(values), (name, value)
            for v in values:
                if spec["iso3166"] or name == "hte_Country":
                    assert v in ISO, (name, v)
                elif spec["values"]:
                    assert v in spec["values"], (name, v)
                else:
                    pytest.fail(f"{name} is free text in the standard; the export writes none")
    additions = list(csv.DictReader(io.StringIO(files["seri-additions.csv"])))
    assert list(additions[0]) == htcds.ADDITIONS_HEADER
    assert all(name.startswith("seri_") and name not in fields for name in additions[0])
    return standard, additions


def export(client, data):
    response = client.post("/stats/export/", data)
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    return {name: archive.read(name).decode("utf-8-sig") for name in archive.namelist()}


@pytest.mark.django_db
def test_every_exported_value_is_a_standard_value(varied, coordinator):
    client = login(coordinator)
    # Everything released as recorded: every raw value passes through the mapping.
    data = {"format": "csv", "k": "2"}
    for key in htcds.COLUMNS:
        data[f"col_{key}"] = "release"
        data[f"reason_{key}"] = "Synthetic test data."
    standard, additions = check_values(export(client, data))
    assert len(standard) == 60
    seen = {name: {v for r in standard for v in r[name].split(";") if v} for name in standard[0]}
    assert seen["prs_Gender"] == set(Gender.values)
    assert seen["cas_Status"] == {"Active", "FollowUp", "Closed"}
    assert seen["prs_Citizenship"] == {"VN", "CN", "ID", "TH", "KH"}  # XX is no ISO code
    assert seen["hte_Country"] == {"KH", "MM"}
    assert "NotInTheStandard" not in seen["vic_TypeOfExploitation"]
    assert any(";" in r["prs_Citizenship"] for r in standard)  # several citizenships, one cell
    assert {a["seri_Status"] for a in additions} == {str(s) for s in CaseStatus}
    # And as quasi-identifiers (generalised, some removed): still only standard values.
    check_values(export(client, {"format": "csv", "k": "5"}))


def test_region_names_never_reach_the_standard_file():
    codes = ("KH", "VN")
    for level in range(3):
        country, region = htcds._country_cells(codes, level)
        assert country == "" or all(re.fullmatch(r"[A-Z]{2}", c) for c in country.split(";"))
        assert region == "" or level == 1
