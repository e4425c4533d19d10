"""Synthetic people encoded as installations would (no database)."""

from seri.linkage.names import name_forms
from seri.pprl import clk, linking

KEY = bytes(range(32))


def person(name, year=1990, sex="m", nat=("HK",), phones=()):
    return clk.Person(tuple(name_forms(name).readings), year, sex, nat, phones=phones)


def encodings(installation, people: dict[str, clk.Person], project="coalition"):
    enc = clk.Encoder(KEY, project)
    return {
        "format": linking.FORMAT,
        "project": project,
        "installation": installation,
        "key_fingerprint": clk.key_digest(KEY),
        "records": [clk.record_of(enc, rid, p) for rid, p in people.items()],
    }
