"""Every bad input to the estimate is refused with its file, row and column, in one JSON shape
and with one exit code; the upload page answers with a form error, never a server error."""

import json
import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from seri.stats import mse
from tests.conftest import login

GOOD = "A,B,C,count\n1,0,0,60\n0,1,0,45\n0,0,1,80\n1,1,0,12\n1,0,1,20\n0,1,1,9\n1,1,1,3\n"


def refusal(tmp_path, content: bytes | str, *extra: str) -> dict:
    path = tmp_path / "lists.csv"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(SystemExit) as exited:
        call_command("estimate", str(path), "--json", "--bootstrap", "0", *extra)
    assert exited.value.code == 2
    return path


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("inf", "not a finite number"),
        ("1e400", "not a finite number"),
        ("nan", "not a finite number"),
        ("-3", "cannot be negative"),
        ("2.5", "not a whole number"),
        ("many", "not a number of people"),
    ],
)
def test_bad_counts_name_row_and_column(tmp_path, capsys, value, message):
    path = refusal(tmp_path, GOOD.replace("1,1,0,12", f"1,1,0,{value}"))
    out = json.loads(capsys.readouterr().out)
    assert out["refused"] == {
        "message": out["refused"]["message"],
        "file": str(path),
        "row": 5,
        "column": "count",
    }
    assert message in out["refused"]["message"]


def test_a_flag_that_is_not_0_or_1_names_its_list(tmp_path, capsys):
    refusal(tmp_path, GOOD.replace("0,1,1,9", "0,2,1,9"))
    out = json.loads(capsys.readouterr().out)["refused"]
    assert (out["row"], out["column"]) == (7, "B")


def test_a_duplicate_history_names_both_rows(tmp_path, capsys):
    refusal(tmp_path, GOOD + "1,0,1,4\n")
    out = json.loads(capsys.readouterr().out)["refused"]
    assert out["row"] == 9 and "already on row 6" in out["message"]


def test_encodings(tmp_path, capsys):
    path = tmp_path / "lists.csv"
    expected = None
    for encoded in (
        GOOD.encode(),
        b"\xef\xbb\xbf" + GOOD.encode(),  # UTF-8 with a byte-order mark (Excel)
        GOOD.encode("utf-16"),  # with its byte-order mark
        GOOD.encode("utf-16-le"),  # without one
    ):
        path.write_bytes(encoded)
        call_command("estimate", str(path), "--json", "--bootstrap", "0")
        estimate = json.loads(capsys.readouterr().out)["estimate"]
        assert expected in (None, estimate)
        expected = estimate
    # Latin-1 list names: refused, naming the byte and the line it is on
    refusal(tmp_path, ("A,Caf\u00e9,C,count\n" + GOOD.split("\n", 1)[1]).encode("latin-1"))
    out = json.loads(capsys.readouterr().out)["refused"]
    assert "0xE9" in out["message"] and out["row"] == 1


@pytest.mark.parametrize(
    ("options", "column", "message"),
    [
        (("--bootstrap", "1"), "bootstrap", "at least 100"),
        (("--bootstrap", "99"), "bootstrap", "at least 100"),
        (("--max-order", "0"), "max_order", "at least 1"),
        (("--max-order", "-1"), "max_order", "at least 1"),
        (("--max-order", "two"), "max_order", "whole number"),
        (("--selection", "best"), "selection", "unknown selection"),
        (("--pthresh", "x"), "pthresh", "must be a number"),
        (("--pthresh", "2"), "pthresh", "between 0 and 1"),
        (("--bca", "--bootstrap", "0"), "bootstrap", "BCa"),
        (("--ntop", "0"), "ntop", "at least 1"),
        (("--ntop", "ten"), "ntop", "whole number"),
        (("--merge", "A,Z"), "merge", "not two or more"),
        (("--merge", "A"), "merge", "not two or more"),
        (("--merge", "A,B", "--merge", "B,C"), "merge", "only once"),
        (("--omit", "Z"), "omit", "not a list"),
    ],
)
def test_settings_out_of_range_are_refused(tmp_path, capsys, options, column, message):
    path = tmp_path / "lists.csv"
    path.write_text(GOOD)
    with pytest.raises(SystemExit) as exited:
        call_command("estimate", str(path), "--json", *options)
    assert exited.value.code == 2
    out = json.loads(capsys.readouterr().out)["refused"]
    assert out["column"] == column and message in out["message"]


def test_main_effects_only_is_a_valid_order(tmp_path, capsys):
    path = tmp_path / "lists.csv"
    path.write_text(GOOD)
    call_command("estimate", str(path), "--json", "--bootstrap", "0", "--max-order", "1")
    out = json.loads(capsys.readouterr().out)
    assert [c["model"] for c in out["candidates"]] == ["main effects only"]


def test_without_json_the_same_refusal_is_a_command_error_with_the_same_exit_code(tmp_path):
    path = tmp_path / "lists.csv"
    path.write_text(GOOD.replace("1,1,0,12", "1,1,0,inf"))
    with pytest.raises(CommandError, match=r"lists.csv, row 5, column count") as refused:
        call_command("estimate", str(path))
    assert refused.value.returncode == 2


def test_data_refusals_and_input_refusals_share_shape_and_exit_code(tmp_path):
    """Run as a program: both kinds of refusal exit 2 with {"source", "refused": {...}}."""
    bad = tmp_path / "bad.csv"
    bad.write_text(GOOD.replace("1,1,0,12", "1,1,0,1e400"))
    apart = tmp_path / "apart.csv"
    apart.write_text("A,B,count\n1,0,40\n0,1,30\n")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "seri.settings"}
    shapes = []
    for path in (bad, apart):
        done = subprocess.run(
            [sys.executable, "-m", "django", "estimate", str(path), "--json", "--bootstrap", "0"],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
        assert done.returncode == 2, done.stderr
        out = json.loads(done.stdout)
        assert set(out) == {"source", "refused"}
        assert set(out["refused"]) == {"message", "file", "row", "column"}
        assert out["refused"]["file"] == str(path)
        shapes.append(out["refused"])
    assert shapes[0]["row"] == 5 and shapes[1]["row"] is None
    assert "no one appears on more than one list" in shapes[1]["message"]


@pytest.mark.django_db
def test_the_upload_page_answers_bad_files_with_a_form_error(ngo, coordinator):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(coordinator)
    for content, message in (
        (GOOD.replace("1,1,0,12", "1,1,0,1e400").encode(), "row 5, column count"),
        (GOOD.encode("utf-16"), None),
        ("A,Caf\u00e9,count\n1,0,3\n".encode("latin-1"), "0xE9"),
        (GOOD.replace("1,0,1,20", "1,0,1,2.5").encode(), "not a whole number"),
    ):
        upload = SimpleUploadedFile("lists.csv", content, content_type="text/csv")
        response = client.post(
            "/stats/estimate/", {"histories": upload, "selection": "bic", "model": ""}
        )
        assert response.status_code == 200
        page = response.content.decode()
        if message is None:
            assert "Candidate models" in page and "lists.csv" not in page
        else:
            assert message in page and "lists.csv" in page


def test_refusal_message_names_file_row_and_column():
    exc = mse.EstimateRefused("not a finite number", row=3, column="count").located("x.csv")
    assert str(exc) == "x.csv, row 3, column count: not a finite number"
