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


def _score_file(tmp_path, text: str) -> list[dict]:
    from io import StringIO

    path = tmp_path / "other.tsv"
    path.write_text(text, encoding="utf-8")
    out = StringIO()
    call_command("linkage", "score", str(path), "--json", stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_score_reads_the_columns_a_header_names(tmp_path, db):
    # another project's file: columns in its own order and words, a label column, country
    # names and alpha-3 codes, HTCDS's gender values, dates of birth instead of ages
    results = _score_file(
        tmp_path,
        "same\tgender_1\tname 1\tname 2\tcountry_1\tcountry_2\tdob_1\tdob_2\tgender_2\n"
        "1\tFeminine\tสุดา ใจดี\tSuda Jaidee\tThailand\tTHA\t1990-02-03\t1990-02-03\tfemale\n"
        "0\tMasculine\t黄伟\t吴伟\tchina\tCN\t\t\tM\n",
    )
    first, second = results
    assert (first["name_a"], first["name_b"]) == ("สุดา ใจดี", "Suda Jaidee")
    fields = {f["field"]: f for f in first["fields"]}
    assert fields["birth_year"]["level"] == "same date of birth"
    assert fields["sex"]["outcome"] == "agrees"
    assert fields["nationality"]["outcome"] == "agrees"
    assert first["probability"] >= 0.95
    assert second["probability"] < 0.5


def test_score_names_the_line_of_a_date_it_cannot_read(tmp_path, db):
    import pytest
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="line 2: date of birth “12/05/1990”"):
        _score_file(tmp_path, "name_a\tname_b\tdob_a\nA\tB\t12/05/1990\n")


def test_a_labelled_set_gets_precision_and_recall_on_stderr(tmp_path, db):
    from io import StringIO

    path = tmp_path / "labelled.tsv"
    path.write_text("name_a\tname_b\tsame\n张伟\tZhang Wei\t1\n黄伟\t吴伟\t0\n", encoding="utf-8")
    out, err = StringIO(), StringIO()
    call_command("linkage", "score", str(path), "--json", stdout=out, stderr=err)
    assert len(out.getvalue().splitlines()) == 2  # stdout: the pairs only
    assert "2 labelled pairs, 1 the same person" in err.getvalue()
    assert "precision 1.000, recall 1.000" in err.getvalue()
