"""Cryptographic long-term keys (CLKs): keyed Bloom-filter encodings of a person (Schnell,
Bachteler & Reiher 2009, 2011), hardened as the attack literature recommends.

Pure functions, no database. Parameters (docs/security.md, decision 0031):

- one Bloom filter of L = 1024 bits per *reading* of a name (a Han name gives several: Mandarin,
  Wade-Giles, Cantonese, Hokkien …; each is encoded separately, so a Han name and its Cantonese
  romanisation can match), with the same other fields in every reading;
- fields and tokens: padded bigrams of each name word (word order does not matter); the birth
  year as the seven tokens y-3 … y+3 (an age given instead of a date is often two or three
  years off: years d apart share 7 - d); sex; each nationality; each compound the person was
  held in;
- beside the filters, keyed exact-match tokens (`Encoder.tokens`): PHONES tokens for phone
  numbers (E.164) and one for the full date of birth, each HMAC-SHA256 under its own field key;
  a missing one is MISSING (zero bytes), so the service tells a missing phone or date from a
  different one (a pair of namesakes with two different phones is evidence against; one
  without a phone is not) and learns which records have none. It compares them for equality
  only; a phone token is one person's, a date token is shared by people born the same day
  (evenly spread: its frequency says nothing).
  They are compared as separate fields, so the linkage service can weigh them by
  Fellegi-Sunter weights it estimates itself (seri.pprl.linking);
- per-field weights, as clkhash's schema sets them: name, year, date, sex and nationality each
  spread a fixed number of positions over their tokens (BITS_PER_FIELD, clkhash's
  `bitsPerFeature`: a long name weighs as much as a short one); every phone and compound gets
  BITS_PER_TOKEN positions (`bitsPerToken`). Similarity of balanced filters is 1 - Hamming / L,
  so a field the two records share adds nothing, a field only one has costs its positions and a
  field that differs costs twice: relative to a missing field, agreement counts +w and
  disagreement -w, a Fellegi-Sunter score with symmetric weights w per field;
- field-specific keys: HMAC-SHA256(project key, "seri-pprl/<field>") per field; positions by
  double hashing (Kirsch & Mitzenmacher) with two HMAC-SHA256 values of the salted token under
  the field key (the second odd, so the k positions differ; a token with fewer positions uses a
  prefix of the same sequence, so shared bigrams of a short and a long name still overlap);
- salting: every token is prefixed with the project name, so the same person encodes
  differently in two projects;
- balancing (Schnell, Rukasz, Borgs et al. 2016): the filter and its complement are
  concatenated and the 2L bits permuted by a keyed permutation, so every encoding has exactly
  L ones — its weight tells nothing about the length of the name;
- every record carries exactly VARIANTS encodings: readings beyond are dropped, missing ones
  are random filters balanced and permuted like the others (similarity ≈ 0.5 with anything),
  so the count of readings does not reveal a Han name.
"""

import base64
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
# How much each field weighs (the clkhash schema's strategies): a field with BITS_PER_FIELD
# spreads that many positions over its tokens (`bitsPerFeature`: a long name weighs as much as
# a short one, and one wrong bigram costs less in a long name); a field with BITS_PER_TOKEN
# gives each token that many (`bitsPerToken`: every phone or compound counts in full). The
# weights follow the fields' discriminative power (Fellegi-Sunter agreement weights, log m/u):
# a phone is shared by one person, a compound by a few hundred, a sex by half of everyone.
BITS_PER_FIELD = {"name": 300, "yob": 80, "sex": 20, "nat": 25}
BITS_PER_TOKEN = {"compound": 60}
PHONES = 2  # keyed phone tokens per record (more phones: the first two in order)
TOKEN_BYTES = 16
MISSING = bytes(TOKEN_BYTES)  # the token of a phone or date the record does not have
YEAR_WINDOW = 3  # the birth year as y-3 … y+3: years d apart share 7 - d tokens (an age
# given instead of a date is often 2 or 3 years off)


@dataclass(frozen=True)
class Person:
    """What is encoded of one person: readings (each a set of romanised words), birth year,
    sex, nationalities; optionally the month and day of birth, phone numbers (E.164) and the
    compounds the person was held in (the coalition's shared compound names)."""

    readings: tuple[frozenset[str], ...]
    birth_year: int | None
    sex: str
    nationalities: tuple[str, ...]
    birth_day: tuple[int, int] | None = None  # (month, day) when the date of birth is known
    phones: tuple[str, ...] = ()
    compounds: tuple[str, ...] = ()


def compound_key(name: str, province: str) -> str:
    """A compound as the coalition's shared compound list names it (never a database id: the
    installations' ids differ)."""
    return " ".join(f"{name}|{province}".casefold().split())


def project_key(master: bytes, project: str, version: int) -> bytes:
    """The key of one project (and key version): rotating means a new version."""
    return hmac.new(master, f"seri-pprl/project/{project}/{version}".encode(), "sha256").digest()


def _field_key(key: bytes, field: str) -> bytes:
    return hmac.new(key, f"seri-pprl/field/{field}".encode(), "sha256").digest()


def bigrams(word: str) -> set[str]:
    padded = f"_{word}_"
    return {padded[i : i + 2] for i in range(len(padded) - 1)}


def _fields(reading: frozenset[str], person: Person) -> dict[str, list[str]]:
    """The tokens of each field; one reading of the name with everything else."""
    fields: dict[str, list[str]] = {
        "name": sorted({g for w in reading for g in bigrams(w)}),
        "sex": [person.sex] if person.sex else [],
        "nat": list(person.nationalities),
        "compound": sorted(set(person.compounds)),
    }
    if person.birth_year:
        year = person.birth_year
        fields["yob"] = [str(y) for y in range(year - YEAR_WINDOW, year + YEAR_WINDOW + 1)]
    return fields


def _per_token(field: str, count: int) -> int:
    if field in BITS_PER_TOKEN:
        return BITS_PER_TOKEN[field]
    return max(1, round(BITS_PER_FIELD[field] / count))


class Encoder:
    """Encodes people under one project's key."""

    def __init__(self, key: bytes, project: str):
        self.salt = project.encode()
        self.keys = {
            f: _field_key(key, f) for f in (*BITS_PER_FIELD, *BITS_PER_TOKEN, "phone", "dob")
        }
        perm_seed = int.from_bytes(_field_key(key, "permutation"), "big")
        self.permutation = np.array(random.Random(perm_seed).sample(range(BITS), BITS))
        self._cache: dict[tuple[str, str, int], list[int]] = {}

    def _positions(self, field: str, token: str, k: int) -> list[int]:
        found = self._cache.get((field, token, k))
        if found is None:
            h1, h2 = self._hash(field, token)
            found = [(h1 + i * h2) % L for i in range(k)]
            self._cache[(field, token, k)] = found
        return found

    def _hash(self, field: str, token: str) -> tuple[int, int]:
        msg = self.salt + b"\x00" + token.encode()
        key = self.keys[field]
        h1 = int.from_bytes(hmac.new(key, b"1" + msg, "sha256").digest()[:8], "big")
        h2 = int.from_bytes(hmac.new(key, b"2" + msg, "sha256").digest()[:8], "big")
        return h1, h2 | 1  # odd: with L a power of two, the k positions are all different

    def _field_positions(self, field: str, tokens: list[str]) -> list[int]:
        k = _per_token(field, len(tokens)) if tokens else 0
        return [i for token in tokens for i in self._positions(field, token, k)]

    def _balanced(self, positions: list[int]) -> bytes:
        bits = np.zeros(L, dtype=bool)
        bits[positions] = True
        return np.packbits(np.concatenate([bits, ~bits])[self.permutation]).tobytes()

    def filter(self, reading: frozenset[str], person: Person) -> bytes:
        fields = _fields(reading, person)
        return self._balanced([i for f, t in fields.items() for i in self._field_positions(f, t)])

    def encode(self, person: Person) -> list[bytes]:
        """VARIANTS balanced filters of BYTES bytes each."""
        # what is not the name is the same in every reading: hashed once
        rest = _fields(frozenset(), person)
        del rest["name"]
        common = [i for f, t in rest.items() for i in self._field_positions(f, t)]
        readings = [
            common + self._field_positions("name", _fields(r, person)["name"])
            for r in person.readings[:VARIANTS]
            if r
        ]
        out = [self._balanced(positions) for positions in readings]
        ones = len(set(readings[0])) if readings else L // 3
        while len(out) < VARIANTS:
            out.append(self.padding(ones))
        return out

    def _token(self, field: str, value: str) -> bytes:
        msg = self.salt + b"\x00" + value.encode()
        return hmac.new(self.keys[field], msg, "sha256").digest()[:TOKEN_BYTES]

    def tokens(self, person: Person) -> tuple[list[bytes], bytes]:
        """(PHONES phone tokens, the date-of-birth token): keyed, equal only for equal values;
        MISSING where the person has fewer phones or no known date."""
        phones = [self._token("phone", p) for p in sorted(set(person.phones))[:PHONES]]
        phones += [MISSING] * (PHONES - len(phones))
        if person.birth_day and person.birth_year:
            month, day = person.birth_day
            dob = self._token("dob", f"{person.birth_year:04d}-{month:02d}-{day:02d}")
        else:
            dob = MISSING
        return phones, dob

    def padding(self, ones: int) -> bytes:
        """A filter of `ones` random positions (as many as the person's first reading sets),
        balanced and permuted as a reading is: neither its weight nor the share of its ones in
        either half of the permutation tells it from a reading."""
        return self._balanced(_RNG.choice(L, size=min(ones, L), replace=False).tolist())


_RNG = np.random.default_rng(secrets.randbits(128))


def random_filter() -> bytes:
    """A random balanced filter (L ones among BITS), for padding without an encoder."""
    return np.packbits(_RNG.permutation(np.arange(BITS) < L)).tobytes()


def record_of(encoder: Encoder, record_id: str, person: Person) -> dict:
    """One record of an encodings file (linking.FORMAT): its random id, the filters, the
    phone tokens and the date-of-birth token, in base64."""
    phones, dob = encoder.tokens(person)
    return {
        "id": record_id,
        "clks": [base64.b64encode(c).decode() for c in encoder.encode(person)],
        "phones": [base64.b64encode(p).decode() for p in phones],
        "dob": base64.b64encode(dob).decode(),
    }


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
