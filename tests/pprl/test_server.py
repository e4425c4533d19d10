"""The linkage service over real HTTP on loopback: each participant gets only its groups, and
nothing of the encodings stays in the service's state or its log after the run."""

import json
import logging
import threading
import urllib.error
import urllib.request

import pytest

from seri.pprl import linking, server

from .helpers import encodings, person

TOKENS = {
    "shelter": "tok-shelter-synthetic",
    "embassy": "tok-embassy-synthetic",
    "police": "tok-police-synthetic",
}
PEOPLE = {
    "shelter": {"s1": person("陳家豪"), "s2": person("Sokha Chan", 2001, "f", ("KH",))},
    "embassy": {"e1": person("Chan Ka Ho")},
    "police": {"p1": person("Aung Ko Ko", 1995, "m", ("MM",))},
}


@pytest.fixture
def service():
    svc = server.LinkageService(TOKENS)
    httpd = server.Server(("127.0.0.1", 0), svc)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield svc, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def call(url, token, body=None):
    headers = {"Authorization": f"Bearer {token}"}
    req = urllib.request.Request(url, data=body, headers=headers)  # noqa: S310 (loopback)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:  # noqa: S310
            return r.status, r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_run_returns_only_own_groups_and_keeps_nothing(service, caplog):
    svc, base = service
    caplog.set_level(logging.DEBUG, logger="seri.pprl.server")
    uploads = {name: json.dumps(encodings(name, PEOPLE[name])).encode() for name in TOKENS}
    assert call(f"{base}/runs/r1/result", TOKENS["shelter"])[0] == 202
    assert call(f"{base}/runs/r1/encodings", "wrong", uploads["shelter"])[0] == 401
    assert call(f"{base}/runs/r1/encodings", TOKENS["embassy"], uploads["shelter"])[0] == 403
    assert call(f"{base}/runs/r1/encodings", TOKENS["shelter"], uploads["shelter"])[0] == 202
    assert call(f"{base}/runs/r1/encodings", TOKENS["embassy"], uploads["embassy"])[0] == 202
    assert svc.runs["r1"].uploads  # held in memory while waiting
    assert call(f"{base}/runs/r1/encodings", TOKENS["police"], uploads["police"])[0] == 200

    run = svc.runs["r1"]
    assert run.uploads == {}
    state = b"".join(run.results.values())
    clks = [c for name in uploads for r in json.loads(uploads[name])["records"] for c in r["clks"]]
    assert not any(c.encode() in state for c in clks)

    results = {}
    for name, token in TOKENS.items():
        status, body = call(f"{base}/runs/r1/result", token)
        assert status == 200
        results[name] = json.loads(body)
    (group,) = results["shelter"]["groups"]
    (other,) = group["others"]
    assert (group["record"], other["installation"], other["record"]) == ("s1", "embassy", "e1")
    assert 0.9 < other["similarity"] <= 1.0  # the match probability
    assert results["embassy"]["groups"][0]["others"][0]["record"] == "s1"
    assert results["police"]["groups"] == []  # the police's person is at no other installation
    assert "s2" not in json.dumps(results["embassy"])
    assert results["police"]["histories"]["lists"] == ["embassy", "police", "shelter"]
    assert results["police"]["histories"]["threshold"] == linking.ESTIMATE_THRESHOLD
    assert svc.runs == {}  # every result fetched: the run is gone

    log = caplog.text
    assert "linked: 1 groups" in log
    for rid in ("s1", "s2", "e1", "p1"):
        assert f" {rid}" not in log
    assert not any(c[:16] in log for c in clks)


def test_a_record_marked_safe_is_told_to_the_others_and_nothing_stays(service):
    _svc, base = service
    people = {
        "shelter": {"s1": person("陳家豪")},
        "embassy": {"e1": person("Chan Ka Ho")},
        "police": {"p1": person("Aung Ko Ko", 1995, "m", ("MM",))},
    }
    docs = {name: encodings(name, people[name]) for name in TOKENS}
    docs["shelter"]["records"][0]["safe"] = True
    docs["embassy"]["records"][0]["safe"] = False
    for name, token in TOKENS.items():
        call(f"{base}/runs/r2/encodings", token, json.dumps(docs[name]).encode())
    assert call(f"{base}/state", "wrong")[0] == 401
    status, body = call(f"{base}/state", TOKENS["police"])
    assert status == 200 and json.loads(body) == {"runs": 1, "encodings": 0, "results_waiting": 3}
    results = {n: json.loads(call(f"{base}/runs/r2/result", t)[1]) for n, t in TOKENS.items()}
    (other,) = results["embassy"]["groups"][0]["others"]
    assert other == {**other, "installation": "shelter", "record": "s1", "safe": True}
    assert set(other) == {"installation", "record", "similarity", "safe"}
    # the embassy said "not safe": nothing is told (only true is passed on)
    assert "safe" not in results["shelter"]["groups"][0]["others"][0]
    assert json.loads(call(f"{base}/state", TOKENS["police"])[1]) == {
        "runs": 0,
        "encodings": 0,
        "results_waiting": 0,
    }
