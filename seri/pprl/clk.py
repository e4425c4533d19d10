"""Cryptographic long-term keys (CLKs): keyed Bloom-filter encodings of a person (Schnell,
Bachteler & Reiher 2009, 2011), hardened as the attack literature recommends.

Pure functions, no database. Parameters (docs/security.md, decision 0031):

- one Bloom filter of L = 1024 bits per *reading* of a name (a Han name gives several: Mandarin,
  Wade-Giles, Cantonese, Hokkien …; each is encoded separately, so a Han name and its Cantonese
  romanisation can match), with the same birth year, sex and nationality in every reading;
- tokens: padded bigrams of each name word (word order does not matter), the birth year
  and its two neighbours (1990 and 1991 share two of three tokens), the month and day of
  birth when the date is known, sex, each nationality;
- field-specific keys: HMAC-SHA256(project key, "seri-pprl/<field>") per field; positions by
  double hashing (Kirsch & Mitzenmacher) with two HMAC-SHA256 values of the salted token under
  the field key, k positions per token (name 15, year 25, month and day 20, sex 20,
  nationality 20);
- salting: every token is prefixed with the project name, so the same person encodes
  differently in two projects;
- balancing (Schnell, Rukasz, Borgs et al. 2016): the filter and its complement are
  concatenated and the 2L bits permuted by a keyed permutation, so every encoding has exactly
  L ones — its weight tells nothing about the length of the name;
- every record carries exactly VARIANTS encodings: readings beyond are dropped, missing ones
  are random balanced filters (similarity ≈ 0.5 with anything), so the count of readings does
  not reveal a Han name.
"""

import hashlib
import hmac
import random
import secrets
from dataclasses import dataclass

import numpy as np

L = 1024
BITS = 2 * L  # after balancing
BYTES = BITS // 8
VARIANTS = 12
K = {"name": 15, "yob": 25, "dob": 20, "sex": 20, "nat": 20}


@dataclass(frozen=True)
class Person:
    """What is encoded of one person: readings (each a set of romanised words), birth year,
    sex, nationalities."""

    readings: tuple[frozenset[str], ...]
    birth_year: int | None
    sex: str
    nationalities: tuple[str, ...]
    birth_day: tuple[int, int] | None = None  # (month, day) when the date of birth is known


def project_key(master: bytes, project: str, version: int) -> bytes:
    """The key of one project (and key version): rotating means a new version."""
    return hmac.new(master, f"seri-pprl/project/{project}/{version}".encode(), "sha256").digest()


def _field_key(key: bytes, field: str) -> bytes:
    return hmac.new(key, f"seri-pprl/field/{field}".encode(), "sha256").digest()


def bigrams(word: str) -> set[str]:
    padded = f"_{word}_"
    return {padded[i : i + 2] for i in range(len(padded) - 1)}


def _tokens(reading: frozenset[str], person: Person) -> list[tuple[str, str]]:
    tokens = [("name", g) for w in sorted(reading) for g in bigrams(w)]
    if person.birth_year:
        year = person.birth_year  # the year and its neighbours: ±1 shares 2 of 3, ±3 nothing
        tokens += [("yob", str(y)) for y in (year - 1, year, year + 1)]
    if person.birth_day:
        tokens += [("dob", f"m{person.birth_day[0]}"), ("dob", f"d{person.birth_day[1]}")]
    if person.sex:
        tokens.append(("sex", person.sex))
    tokens += [("nat", n) for n in person.nationalities]
    return tokens


class Encoder:
    """Encodes people under one project's key."""

    def __init__(self, key: bytes, project: str):
        self.salt = project.encode()
        self.keys = {f: _field_key(key, f) for f in K}
        perm_seed = int.from_bytes(_field_key(key, "permutation"), "big")
        self.permutation = np.array(random.Random(perm_seed).sample(range(BITS), BITS))
        self._cache: dict[tuple[str, str], list[int]] = {}

    def _positions(self, field: str, token: str) -> list[int]:
        found = self._cache.get((field, token))
        if found is None:
            found = self._cache[(field, token)] = self._hash(field, token)
        return found

    def _hash(self, field: str, token: str) -> list[int]:
        msg = self.salt + b"\x00" + token.encode()
        key = self.keys[field]
        h1 = int.from_bytes(hmac.new(key, b"1" + msg, "sha256").digest()[:8], "big")
        h2 = int.from_bytes(hmac.new(key, b"2" + msg, "sha256").digest()[:8], "big")
        return [(h1 + i * h2) % L for i in range(K[field])]

    def filter(self, reading: frozenset[str], person: Person) -> bytes:
        bits = np.zeros(L, dtype=bool)
        for field, token in _tokens(reading, person):
            bits[self._positions(field, token)] = True
        balanced = np.concatenate([bits, ~bits])[self.permutation]
        return np.packbits(balanced).tobytes()

    def encode(self, person: Person) -> list[bytes]:
        """VARIANTS balanced filters of BYTES bytes each."""
        out = [self.filter(r, person) for r in person.readings[:VARIANTS] if r]
        while len(out) < VARIANTS:
            out.append(random_filter())
        return out


_RNG = np.random.default_rng(secrets.randbits(128))


def random_filter() -> bytes:
    """A random balanced filter (L ones among BITS): padding indistinguishable from a reading."""
    return np.packbits(_RNG.permutation(np.arange(BITS) < L)).tobytes()


def new_record_id() -> str:
    """A random identifier for one person in one project (nothing derived from the person)."""
    return secrets.token_hex(8)


def dice(a: bytes, b: bytes) -> float:
    x = np.frombuffer(a, dtype=np.uint8)
    y = np.frombuffer(b, dtype=np.uint8)
    common = int(np.bitwise_count(x & y).sum())
    total = int(np.bitwise_count(x).sum() + np.bitwise_count(y).sum())
    return 2 * common / total if total else 0.0


def key_digest(key: bytes) -> str:
    """A short fingerprint so participants can check they share a key (not the key)."""
    return hashlib.sha256(b"seri-pprl/fingerprint" + key).hexdigest()[:16]
