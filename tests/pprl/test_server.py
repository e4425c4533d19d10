"""The linkage service over real HTTP on loopback: each participant gets only its groups, and
nothing of the encodings stays in the service's state or its log after the run."""

import json
import logging
import threading
import urllib.error
import urllib.request

import pytest

from seri.pprl import server

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
    assert results["shelter"]["groups"] == [
        {"record": "s1", "others": [{"installation": "embassy", "record": "e1", "similarity": 1.0}]}
    ]
    assert results["embassy"]["groups"][0]["others"][0]["record"] == "s1"
    assert results["police"]["groups"] == []  # the police's person is at no other installation
    assert "s2" not in json.dumps(results["embassy"])
    assert results["police"]["histories"]["lists"] == ["embassy", "police", "shelter"]
    assert svc.runs == {}  # every result fetched: the run is gone

    log = caplog.text
    assert "linked: 1 groups" in log
    for rid in ("s1", "s2", "e1", "p1"):
        assert f" {rid}" not in log
    assert not any(c[:16] in log for c in clks)
