import base64
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from seri.pprl import linking, services
from tests.factories import CaseFactory, PersonFactory

from .helpers import encodings
from .test_linking import EMBASSY, POLICE, SHELTER


def write(tmp_path, name, people):
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(encodings(name, people)))
    return str(path)


def test_link_offline_writes_groups_and_histories(tmp_path):
    files = [
        write(tmp_path, "shelter", SHELTER),
        write(tmp_path, "embassy", EMBASSY),
        write(tmp_path, "police", POLICE),
    ]
    out = StringIO()
    histories = tmp_path / "histories.csv"
    call_command("pprl", "link", *files, "--json", "--histories", str(histories), stdout=out)
    groups = json.loads(out.getvalue())["groups"]
    assert sorted(len(g) for g in groups) == [2, 3]
    assert {(m["installation"], m["record"]) for g in groups for m in g} == {
        ("shelter", "s1"),
        ("embassy", "e1"),
        ("police", "p2"),
        ("shelter", "s2"),
        ("police", "p1"),
    }
    lines = histories.read_text().splitlines()
    assert lines[0] == "shelter,embassy,police,count"
    assert "1,1,1,1" in lines and "0,0,1,1" in lines


def test_bad_files_are_refused_by_name(tmp_path):
    good = write(tmp_path, "shelter", SHELTER)
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(CommandError, match=r"bad\.json: not JSON"):
        call_command("pprl", "link", good, str(bad))
    with pytest.raises(CommandError, match=r"missing\.json: no such file"):
        call_command("pprl", "link", good, str(tmp_path / "missing.json"))


@pytest.mark.django_db
def test_encode_writes_a_file_the_service_reads(tmp_path, ngo, alice):
    for name in ("Nguyen Thi Lan", "Sokha Chan", "陳家豪"):
        CaseFactory(organisation=ngo, person=PersonFactory(organisation=ngo, name=name))
    services.project_create(
        actor=alice, name="coalition", installation="shelter", organisations=[ngo], legal_basis="b"
    )
    key_file = tmp_path / "key"
    key_file.write_text(base64.b64encode(bytes(range(32))).decode())
    output = tmp_path / "shelter.json"
    out = StringIO()
    call_command(
        "pprl", "encode", "--project", "coalition", "-o", str(output), "--key-file", str(key_file),
        stdout=out,
    )  # fmt: skip
    assert out.getvalue().startswith("3 people encoded to")
    dataset = linking.dataset_from(json.loads(output.read_text()), name="shelter.json")
    assert dataset.installation == "shelter" and len(dataset.ids) == 3
