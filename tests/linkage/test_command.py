"""`seri linkage score PAIRS.tsv [--json]` as a researcher uses it."""

import json

from django.core.management import call_command

HEADER = "name_a\tnationality_a\tage_a\tsex_a\tname_b\tnationality_b\tage_b\tsex_b\n"


def run(tmp_path, body: str, *args) -> str:
    path = tmp_path / "pairs.tsv"
    path.write_text(HEADER + body, encoding="utf-8")
    from io import StringIO

    out = StringIO()
    call_command("linkage", "score", str(path), *args, stdout=out)
    return out.getvalue()


def test_score_prints_probability_and_explanation(tmp_path, db):
    out = run(
        tmp_path,
        "张伟\tCN\t30\tM\tChang Wei\tCN\t31\tM\n"
        "Zhang Wei\tCN\t24\tM\t张伟\tMY\t51\tM\n"
        "😀\t\t\t\t\t\t\t\n",
    )
    lines = out.strip().split("\n")
    assert len(lines) == 3
    first = lines[0].split("\t")
    assert float(first[0]) >= 0.8 and first[1:3] == ["张伟", "Chang Wei"]
    assert "name agrees" in first[3] and "nationality agrees" in first[3]
    assert float(lines[1].split("\t")[0]) < 0.05
    assert "name missing" in lines[2]


def test_score_json(tmp_path, db):
    out = run(tmp_path, "สมชาย ใจดี\tTH\t40\tM\tSomchai Jaidee\tTH\t40\tM\n", "--json")
    result = json.loads(out)
    assert result["probability"] >= 0.8
    fields = {f["field"]: f["outcome"] for f in result["fields"]}
    assert fields["name"] == "agrees" and fields["sex"] == "agrees"
