"""A synthetic coalition at regional scale, loaded straight into a Seri database.

    .venv/bin/python -m bench.generate --people 1000000 --seed 1 \
        --database postgres://postgres@127.0.0.1:5432/seri_bench_1000000

`--database` is a SERI_DATABASE_URL (default: bench/data/bench-<people>.sqlite3). The database
is migrated, then loaded in bulk: the coalition's organisations (seri/demo/coalition.py) with a
few users each, ~300 compounds across provinces, and `--people` person records. One true
identity is reported by one to four organisations, each record varying as real records do
(the other script or romanisation, name order swapped, diacritics missing, a typo, an age
instead of a date of birth, another phone format, no phone). Every record has a case with its
status history over several years and one to three reports.

Rows are what the services write: identifying fields encrypted (seri.core.crypto's format,
key and per-column context), blind indexes and name tokens computed the same way. They are
written with multi-row inserts (SQLite) or COPY (PostgreSQL) in large batches; the CPU-heavy
part (names, encryption, hashes) runs in worker processes, which on PostgreSQL also write what
they made, each on its own connection. Secondary indexes, unique constraints and foreign keys
are dropped before the load and made again after it, exactly as the migrations made them
(`deferred_schema`). Audit events are not generated.

The true identity of every person record is kept in `bench_truth(person_id, identity_id)` in the
same database, for scoring duplicate detection. Deterministic for a seed (except ciphertext
nonces). An already generated database is left as it is unless `--force` is given.
"""

import argparse
import datetime as dt
import json
import multiprocessing
import operator
import os
import random
import sys
import time
import unicodedata
import uuid
from base64 import b64encode

from bench import names as N
from bench.common import database_url, drop_database, peak_memory_mb, row, setup_django, vendor_of
from bench.common import write_rows as _write_rows

CHUNK = 5000  # person records per batch
START = dt.datetime(2021, 6, 1, tzinfo=dt.timezone.utc)
END = dt.datetime(2026, 11, 20, tzinfo=dt.timezone.utc)

# State shared with the worker processes (set before the pool forks).
G: dict = {}


# --- what the services would write ------------------------------------------------------------


class Writer:
    """Encrypts and hashes exactly as seri.core.crypto does, with the key objects made once."""

    def __init__(self):
        import hashlib
        import hmac

        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        from seri.core import crypto

        ring = crypto.keyring()
        self.prefix = f"{crypto.PREFIX}:{ring.current_id}:"
        self.aead = AESGCM(ring.keys[ring.current_id])
        self.index_key = ring.index_key
        self._hmac, self._sha = hmac, hashlib.sha256
        self.crypto = crypto
        self._token_cache: dict[str, str] = {}

    def enc(self, text: str, context: bytes) -> str:
        if not text:
            return text
        nonce = os.urandom(12)
        sealed = self.aead.encrypt(nonce, text.encode(), context)
        return self.prefix + b64encode(nonce + sealed).decode()

    def index(self, purpose: str, normalised: str) -> str:
        return self._hmac.new(
            self.index_key, f"{purpose}\x00{normalised}".encode(), self._sha
        ).hexdigest()[:32]

    def name_tokens(self, text: str) -> set[str]:
        out = set()
        for word in self.crypto.name_words(text):
            token = self._token_cache.get(word)
            if token is None:
                token = self._token_cache[word] = self.index("name", word)
            out.add(token)
        return out

    def phone_index(self, e164: str) -> str:
        return self.index("phone", self.crypto.NORMALISERS["phone"](e164))


CTX = {
    "name": b"cases.PersonName.value",
    "e164": b"cases.PhoneNumber.e164",
    "original": b"cases.PhoneNumber.original",
    "location": b"cases.Case.location_text",
    "reason": b"cases.StatusChange.reason",
    "report": b"intake.Report.original_text",
}


# --- table layouts ----------------------------------------------------------------------------


def _table_spec(model, provided: list[str], connection) -> dict:
    """Columns to write for `model`: the attnames we provide, plus every other column filled
    with its default (so a field added later with a default does not break the loader)."""
    columns, fill = [], []
    for field in model._meta.concrete_fields:
        if field.attname in provided:
            columns.append(field.column)
            fill.append(("value", provided.index(field.attname)))
        elif field.primary_key:
            continue
        elif field.has_default():
            columns.append(field.column)
            fill.append(("const", field.get_db_prep_save(field.get_default(), connection)))
        elif field.null:
            continue
        else:
            raise SystemExit(
                f"{model._meta.label}.{field.name} has no default: update the generator"
            )
    missing = set(provided) - {f.attname for f in model._meta.concrete_fields}
    if missing:
        raise SystemExit(f"{model._meta.label} has no {sorted(missing)}: update the generator")
    # A row is picked from the values given followed by the defaults, by one itemgetter.
    defaults = tuple(ix for kind, ix in fill if kind == "const")
    picks, n = [], 0
    for kind, ix in fill:
        if kind == "value":
            picks.append(ix)
        else:
            picks.append(len(provided) + n)
            n += 1
    return {
        "table": model._meta.db_table,
        "columns": columns,
        "defaults": defaults,
        # (itemgetter of one index gives the value, not a tuple: tables have several columns)
        "pick": operator.itemgetter(*picks),
    }


def _shape(spec: dict, values: tuple) -> tuple:
    return spec["pick"](values + spec["defaults"])


LAYOUT = {
    "person": (
        "cases.Person",
        [
            "id",
            "public_id",
            "created_at",
            "updated_at",
            "organisation_id",
            "gender",
            "date_of_birth",
            "age_estimate",
            "age_estimated_on",
            "languages",
        ],
    ),
    "name": ("cases.PersonName", ["person_id", "kind", "script", "value"]),
    "token": ("cases.PersonNameToken", ["person_id", "token"]),
    "nationality": ("cases.Nationality", ["person_id", "country"]),
    "phone": ("cases.PhoneNumber", ["person_id", "e164", "original", "e164_index"]),
    "case": (
        "cases.Case",
        [
            "id",
            "public_id",
            "created_at",
            "updated_at",
            "reference",
            "organisation_id",
            "person_id",
            "status",
            "urgency",
            "assigned_to_id",
            "location_text",
            "compound_id",
            "exploitation_types",
            "control_methods",
            "recruitment_methods",
            "recruitment_platforms",
            "date_trafficked",
            "status_changed_at",
        ],
    ),
    "status": (
        "cases.StatusChange",
        ["case_id", "from_status", "to_status", "reason", "changed_by_id", "changed_at"],
    ),
    "report": (
        "intake.Report",
        [
            "public_id",
            "created_at",
            "updated_at",
            "organisation_id",
            "case_id",
            "channel",
            "reporter_relation",
            "language",
            "original_text",
            "received_at",
            "recorded_by_id",
        ],
    ),
}
ORDER = ["person", "name", "token", "nationality", "phone", "case", "status", "report"]
# Blocking keys of the duplicate detection (seri.linkage), when that app has them: written as
# seri.linkage.services.index_people would, so that intake's candidate search has its real index.
LINKAGE_LAYOUT = ("namekey", ("linkage.PersonNameKey", ["person_id", "kind", "key"]))
# ... and each person's names as the match model reads them (stored with the keys, read back by
# the intake scorer instead of reading its candidates' names again).
FORMS_LAYOUT = (
    "nameforms",
    ("linkage.PersonNameForms", ["person_id", "reader_hash", "forms"]),
)
FORMS_CONTEXT = b"linkage.PersonNameForms.forms"


def _linkage_forms():
    """A function names -> (version, the JSON `PersonNameForms.forms` holds), or None if
    seri.linkage does not store name forms."""
    try:
        from seri.linkage.names import parse_name
        from seri.linkage.records import encode_parsed, forms_version
    except ImportError:
        return None
    version = forms_version()
    cache: dict[tuple[str, ...], str] = {}

    def forms(names: tuple[str, ...]) -> tuple[str, str]:
        found = cache.get(names)
        if found is None:
            value = [[n, encode_parsed(parse_name(n))] for n in names if n]
            # as seri.core.identifying.IdentifyingJSONField writes it
            found = cache[names] = json.dumps(value, ensure_ascii=False, sort_keys=True)
        return version, found

    return forms


def _linkage_keys():
    """A function names -> {(kind, key)} from seri.linkage, or None if it is not there."""
    try:
        from seri.linkage.scoring import record
        from seri.linkage.services import keys_of
    except ImportError:
        return None
    cache: dict[tuple[str, ...], set] = {}

    def keys(names: tuple[str, ...]) -> set:
        found = cache.get(names)
        if found is None:
            found = cache[names] = keys_of(record(*names))
        return found

    return keys


# --- synthetic people -------------------------------------------------------------------------

_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def case_reference(case_id: int) -> str:
    """A reference that looks random and is unique: case ids through a bijection of 32^8."""
    n = (case_id * 0x9E3779B1 + 0x5BD1E995) % (32**8)
    chars = []
    for _ in range(8):
        n, r = divmod(n, 32)
        chars.append(_ALPHABET[r])
    return "".join(chars[:4]) + "-" + "".join(chars[4:])


def strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def typo(rng: random.Random, text: str) -> str:
    letters = [i for i, c in enumerate(text) if c.isalpha()]
    if len(letters) < 4:
        return text
    i = rng.choice(letters[1:])
    kind = rng.random()
    if kind < 0.4:  # a letter replaced
        return text[:i] + rng.choice("aeiouynmrlhkt") + text[i + 1 :]
    if kind < 0.7 and i + 1 < len(text):  # two letters swapped
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if kind < 0.85:  # a letter dropped
        return text[:i] + text[i + 1 :]
    return text[:i] + text[i] + text[i:]  # a letter doubled


def _join(ns: N.NameSet, family: str, given: str, *, native: bool, swapped: bool) -> str:
    family_first = ns.family_first != swapped
    sep = "" if native and ns.script in ("Hani", "Mymr") else " "
    return f"{family}{sep}{given}" if family_first else f"{given}{sep}{family}"


def phone_formats(rng: random.Random, cc: str, national: str) -> str:
    """The number as someone wrote it down."""
    choice = rng.random()
    if choice < 0.35:
        return f"+{cc}{national}"
    if choice < 0.6:
        return f"+{cc} {national[:3]} {national[3:6]} {national[6:]}"
    if choice < 0.8:
        return f"0{national}"
    if choice < 0.9:
        return f"00{cc}-{national[:3]}-{national[3:]}"
    return f"({cc}) {national}"


def _dt(rng: random.Random, start: dt.datetime, end: dt.datetime) -> dt.datetime:
    span = (end - start).total_seconds()
    return start + dt.timedelta(seconds=rng.random() * span)


def _walk(rng: random.Random) -> list[str]:
    """A status history from Reported: mostly forward along the path to safety."""
    from seri.cases.models import STATUS_TRANSITIONS, CaseStatus

    forward = {
        CaseStatus.REPORTED: CaseStatus.VERIFYING,
        CaseStatus.VERIFYING: CaseStatus.CONFIRMED_IN_COMPOUND,
        CaseStatus.CONFIRMED_IN_COMPOUND: CaseStatus.RELEASED_RESCUED,
        CaseStatus.REFERRED: CaseStatus.RELEASED_RESCUED,
        CaseStatus.RELEASED_RESCUED: CaseStatus.REPATRIATED,
        CaseStatus.IN_SUPPORT: CaseStatus.REPATRIATED,
        CaseStatus.REPATRIATED: CaseStatus.CLOSED,
    }
    path = [CaseStatus.REPORTED.value]
    for _ in range(rng.choice((0, 1, 1, 2, 2, 3, 4, 5, 6))):
        here = path[-1]
        nxt = forward.get(here)
        if nxt is None or rng.random() < 0.12:
            options = sorted(STATUS_TRANSITIONS[here])
            nxt = rng.choice(options)
        path.append(str(nxt))
        if nxt == CaseStatus.CLOSED:
            break
    return path


VARIATIONS = (
    "roman_only",
    "native_only",
    "swapped",
    "no_diacritics",
    "typo",
    "age",
    "phone_format",
    "no_phone",
    "given_only",
)
LATIN_VARIATIONS = (
    "swapped",
    "no_diacritics",
    "typo",
    "typo",
    "age",
    "phone_format",
    "no_phone",
    "given_only",
)

REASONS = (
    "Family confirmed the details by phone",
    "Partner organisation verified the location",
    "Person contacted the hotline again",
    "Released after police operation",
    "Repatriation arranged with the embassy",
    "No contact for 60 days",
    "Record merged after review",
    "Case reviewed at the weekly meeting",
)


def generate_chunk(chunk: int) -> dict:
    """The rows of person records [chunk*CHUNK + 1, (chunk+1)*CHUNK], as database tuples."""
    seed, people = G["seed"], G["people"]
    rng = random.Random(f"{seed}:{chunk}")
    w: Writer = G["writer"]
    sqlite = G["vendor"] == "sqlite"
    specs = G["specs"]
    now = END

    def ts(value: dt.datetime):
        return value.replace(tzinfo=None).isoformat(" ") if sqlite else value

    def day(value: dt.date):
        return value.isoformat() if sqlite and value is not None else value

    def uid():
        u = uuid.UUID(int=rng.getrandbits(128), version=4)
        return u.hex if sqlite else u

    json_of: dict[tuple, str] = {}  # the lists repeat: a few hundred distinct ones

    def js(value: list) -> str:
        key = tuple(value)
        found = json_of.get(key)
        if found is None:
            found = json_of[key] = json.dumps(value)
        return found

    order = G["order"]
    linkage_keys = G["linkage_keys"]
    linkage_forms = G["linkage_forms"]
    out = {key: [] for key in order}
    truth = []
    first = chunk * CHUNK + 1
    last = min(people, first + CHUNK - 1)
    person_id = first
    identity = chunk * CHUNK
    orgs, org_weights = G["orgs"], G["org_weights"]
    nat_codes, nat_weights = G["nat_codes"], G["nat_weights"]
    compounds = G["compounds"]
    dup_counts = (1, 2, 3, 4)
    dup_weights = (72, 20, 6, 2)
    from seri.cases.services import detect_script

    while person_id <= last:
        identity += 1
        nat = rng.choices(nat_codes, nat_weights)[0]
        ns = N.NAMES[nat]
        fam_native, fam_roman = rng.choice(ns.family)
        giv_native, giv_roman = rng.choice(ns.given)
        gender = rng.choices(("Feminine", "Masculine", "NonSpecifiedUnknown"), (40, 55, 5))[0]
        dob = dt.date(rng.randint(1972, 2007), rng.randint(1, 12), rng.randint(1, 28))
        national = rng.choice(ns.mobile_prefixes) + "".join(
            rng.choice("0123456789") for _ in range(ns.national_digits)
        )
        e164 = f"+{ns.calling_code}{national}"
        compound = rng.choice(compounds) if rng.random() < 0.8 else None
        first_seen = _dt(rng, START, END - dt.timedelta(days=3))
        copies = rng.choices(dup_counts, dup_weights)[0]
        reporting = []
        while len(reporting) < copies:
            org = rng.choices(orgs, org_weights)[0]
            if org not in reporting:
                reporting.append(org)
        for j, org in enumerate(reporting):
            if person_id > last:
                break
            pid = person_id
            person_id += 1
            truth.append((pid, identity))
            created = (
                first_seen
                if j == 0
                else min(now, first_seen + dt.timedelta(days=rng.uniform(0, 240)))
            )
            # --- how this organisation wrote the person down
            roman_fam, roman_giv = fam_roman, giv_roman
            kinds = VARIATIONS if fam_native != fam_roman else LATIN_VARIATIONS
            variations = (
                set()
                if j == 0 and rng.random() < 0.7
                else set(rng.sample(kinds, rng.choice((1, 1, 2, 2, 3))))
            )
            if "no_diacritics" in variations:
                roman_fam, roman_giv = strip_diacritics(roman_fam), strip_diacritics(roman_giv)
            if "typo" in variations:
                if rng.random() < 0.5:
                    roman_fam = typo(rng, roman_fam)
                else:
                    roman_giv = typo(rng, roman_giv)
            swapped = "swapped" in variations
            full_names = []
            has_native = fam_native != fam_roman
            if has_native and "roman_only" not in variations:
                native = _join(ns, fam_native, giv_native, native=True, swapped=swapped)
                full_names.append((ns.script, native))
            if not has_native or "native_only" not in variations or not full_names:
                if "given_only" in variations:
                    roman = roman_giv
                else:
                    roman = _join(ns, roman_fam, roman_giv, native=False, swapped=swapped)
                full_names.append(("Latn" if detect_script(roman) == "Latn" else "Zyyy", roman))
            use_age = "age" in variations or rng.random() < 0.15
            created_day = created.date()
            age = None
            if use_age:
                age = max(14, min(80, (created_day - dob).days // 365 + rng.randint(-2, 2)))
            org_id = org[0]
            out["person"].append(
                _shape(
                    specs["person"],
                    (
                        pid,
                        uid(),
                        ts(created),
                        ts(created),
                        org_id,
                        gender,
                        None if use_age else day(dob),
                        age,
                        day(created_day) if use_age else None,
                        js([N.LANGUAGE_OF[nat]]),
                    ),
                )
            )
            tokens = set()
            for script, value in full_names:
                out["name"].append(
                    _shape(specs["name"], (pid, "full", script, w.enc(value, CTX["name"])))
                )
                tokens |= w.name_tokens(value)
            for token in tokens:
                out["token"].append(_shape(specs["token"], (pid, token)))
            if linkage_keys is not None:
                for kind, key in linkage_keys(tuple(value for _s, value in full_names)):
                    out["namekey"].append(_shape(specs["namekey"], (pid, kind, key)))
            if linkage_forms is not None:
                version, forms = linkage_forms(tuple(value for _s, value in full_names))
                out["nameforms"].append(
                    _shape(specs["nameforms"], (pid, version, w.enc(forms, FORMS_CONTEXT)))
                )
            out["nationality"].append(_shape(specs["nationality"], (pid, nat)))
            if "no_phone" not in variations and rng.random() < 0.9:
                original = (
                    phone_formats(rng, ns.calling_code, national)
                    if (j == 0 or "phone_format" in variations)
                    else f"+{ns.calling_code}{national}"
                )
                out["phone"].append(
                    _shape(
                        specs["phone"],
                        (
                            pid,
                            w.enc(e164, CTX["e164"]),
                            w.enc(original, CTX["original"]),
                            w.phone_index(e164),
                        ),
                    )
                )
            # --- the case and its history
            users = G["users"][org_id]
            path = _walk(rng)
            times = [created]
            for _ in path[1:]:
                times.append(min(now, times[-1] + dt.timedelta(days=rng.expovariate(1 / 30))))
            if compound is not None:
                location = f"{compound[1]}, {compound[2]}"
            else:
                location = f"A building near {rng.choice(N.PROVINCES)[0]} casino strip"
            exploitation = ["ForcedLabour"] + (
                ["SexualExploitation"] if rng.random() < 0.08 else []
            )
            control = rng.sample(
                [
                    "PhysicalThreats",
                    "DebtBondage",
                    "FalsePromises",
                    "WithholdsDocuments",
                    "PhysicalAbuse",
                    "ExcessiveWorkingHours",
                ],
                rng.randint(0, 3),
            )
            recruitment = [
                rng.choice(
                    [
                        "ThroughOnlineSocialNetworks",
                        "ThroughAnOnlineAdvertisement",
                        "ThroughFriendsOrSocialEvents",
                    ]
                )
            ]
            out["case"].append(
                _shape(
                    specs["case"],
                    (
                        pid,
                        uid(),
                        ts(created),
                        ts(times[-1]),
                        case_reference(pid),
                        org_id,
                        pid,
                        path[-1],
                        rng.choices(("immediate", "medical", "normal"), (8, 7, 85))[0],
                        rng.choice(users) if rng.random() < 0.7 else None,
                        w.enc(location, CTX["location"]),
                        compound[0] if compound else None,
                        js(exploitation),
                        js(control),
                        js(recruitment),
                        js(["Telegram"] if rng.random() < 0.3 else []),
                        day((created - dt.timedelta(days=rng.randint(10, 400))).date()),
                        ts(times[-1]),
                    ),
                )
            )
            previous = ""
            for status, at in zip(path, times, strict=True):
                reason = "Case opened" if not previous else rng.choice(REASONS)
                out["status"].append(
                    _shape(
                        specs["status"],
                        (
                            pid,
                            previous,
                            status,
                            w.enc(reason, CTX["reason"]),
                            rng.choice(users),
                            ts(at),
                        ),
                    )
                )
                previous = status
            reports = 1 + (rng.random() < 0.35) + (rng.random() < 0.1)
            received = created
            for k in range(reports):
                if k:
                    received = min(now, received + dt.timedelta(days=rng.expovariate(1 / 20)))
                relation = rng.choice(("self", "family", "family", "friend", "organisation"))
                who = full_names[-1][1]
                years = age or (created_day - dob).days // 365
                text = (
                    f"Synthetic report {k + 1} about {who}, about {years}"
                    f" years old, held at {location}. Reported by {relation}; asks for help."
                )
                out["report"].append(
                    _shape(
                        specs["report"],
                        (
                            uid(),
                            ts(received),
                            ts(received),
                            org_id,
                            pid,
                            rng.choice(("hotline", "telegram", "whatsapp", "partner", "web_form")),
                            relation,
                            "",
                            w.enc(text, CTX["report"]),
                            ts(received),
                            rng.choice(users),
                        ),
                    )
                )
    out["truth"] = truth
    return out


# --- secondary indexes and constraints, built after the load ----------------------------------


def deferred_schema(tables: list[str]) -> tuple[list[str], list[str]]:
    """Statements that drop the secondary indexes, unique constraints and foreign keys of
    `tables`, and the statements that make them again exactly as the migrations made them
    (names and definitions read from the database's own catalogue).

    Built once over the loaded rows, an index costs a sort; kept during the load, it costs a
    random insertion per row, which grows with the index (tens of minutes at a million people
    on PostgreSQL, whose 128 MB of shared buffers no longer hold the indexes). A foreign key
    added afterwards is checked by one join instead of a trigger per row. Primary keys stay
    (ids are written in order), and so do an index a foreign key of another table depends on
    and check constraints (cheap). On SQLite the foreign keys are off for the load
    (`PRAGMA foreign_keys`) and only `CREATE INDEX` indexes can be dropped."""
    from django.db import connection

    quote = connection.ops.quote_name
    drop: list[str] = []
    create: list[str] = []
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
                " AND tbl_name IN (SELECT value FROM json_each(%s)) ORDER BY tbl_name, name",
                [json.dumps(tables)],
            )
            for name, sql in cursor.fetchall():
                drop.append(f"DROP INDEX {quote(name)}")
                create.append(sql)
            return drop, create
        # A foreign key depends on the unique index it references: such an index stays.
        cursor.execute(
            """
            SELECT c.relname, i.relname, x.indisunique, k.conname,
                   pg_get_indexdef(x.indexrelid), pg_get_constraintdef(k.oid)
            FROM pg_index x
            JOIN pg_class i ON i.oid = x.indexrelid
            JOIN pg_class c ON c.oid = x.indrelid
            LEFT JOIN pg_constraint k ON k.conindid = x.indexrelid AND k.conrelid = x.indrelid
                                     AND k.contype IN ('p', 'u', 'x')
            WHERE c.relname = ANY(%s) AND c.relnamespace = 'public'::regnamespace
              AND NOT x.indisprimary
              AND NOT EXISTS (SELECT 1 FROM pg_constraint f
                              WHERE f.contype = 'f' AND f.conindid = x.indexrelid)
            ORDER BY c.relname, i.relname
            """,
            [tables],
        )
        indexes = cursor.fetchall()
        cursor.execute(
            """
            SELECT c.relname, k.conname, pg_get_constraintdef(k.oid)
            FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
            WHERE k.contype = 'f' AND c.relname = ANY(%s)
              AND c.relnamespace = 'public'::regnamespace
            ORDER BY c.relname, k.conname
            """,
            [tables],
        )
        foreign_keys = cursor.fetchall()
    for table, name, _definition in foreign_keys:
        drop.append(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
    # Unique ones first when re-made: they are what a duplicate in the data would stop.
    for table, index, _unique, constraint, index_sql, constraint_sql in sorted(
        indexes, key=lambda r: not r[2]
    ):
        if constraint:
            drop.append(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(constraint)}")
            create.append(
                f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(constraint)} {constraint_sql}"
            )
        else:
            drop.append(f"DROP INDEX {quote(index)}")
            create.append(index_sql)
    for table, name, definition in foreign_keys:
        create.append(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}")
    return drop, create


# --- loading ----------------------------------------------------------------------------------


def _organisations(rng: random.Random):
    from seri.demo.coalition import COALITION, MAIN_NGO, PARTNERS, SECOND_NGO
    from seri.orgs.models import Membership, Organisation, Role, User

    orgs = []
    for seed in (*COALITION, *PARTNERS):
        org, _ = Organisation.objects.get_or_create(
            short_name=seed.short_name,
            defaults={"name": seed.name, "country": seed.country, "type": seed.type},
        )
        orgs.append(org)
    users_by_org: dict[int, list[int]] = {}
    roles = [
        Role.ORG_ADMIN,
        Role.CASEWORKER,
        Role.CASEWORKER,
        Role.CASEWORKER,
        Role.INVESTIGATOR,
        Role.VIEWER,
    ]
    for index, org in enumerate(orgs):
        for n, role in enumerate(roles):
            user, created = User.objects.get_or_create(
                username=f"bench-{index:02d}-{n}",
                defaults={"display_name": f"Bench user {n} of {org.short_name}"},
            )
            if created:
                user.set_unusable_password()
                user.save(update_fields=["password"])
            Membership.objects.get_or_create(user=user, organisation=org, defaults={"role": role})
            if role != Role.VIEWER:
                users_by_org.setdefault(org.pk, []).append(user.pk)
    # Case volume: a few large responders, many smaller ones; partners hold no cases.
    big = {MAIN_NGO: 14, SECOND_NGO: 10, "ADHOC": 7, "CCHR": 6, "M'Lop Tapang": 5}
    weighted = []
    for org in orgs:
        if org.type != "NGO":
            continue
        weighted.append(((org.pk,), big.get(org.short_name, rng.choice((1, 1.5, 2, 3)))))
    return orgs, users_by_org, weighted


def _compounds(rng: random.Random, count: int = 300):
    from django.apps import apps

    from seri.compounds.models import Compound

    existing = list(Compound.objects.values_list("id", "name", "province"))
    if len(existing) >= count:
        return existing
    rows = []
    seen = set()
    while len(rows) < count:
        name = f"{rng.choice(N.COMPOUND_WORDS)} {rng.choice(N.COMPOUND_KINDS)}"
        province, lat, lon = rng.choice(N.PROVINCES)
        if (name, province) in seen:
            name = f"{name} {rng.randint(2, 9)}"
        if (name, province) in seen:
            continue
        seen.add((name, province))
        rows.append(
            Compound(
                name=name,
                country="KH",
                province=province,
                latitude=round(lat + rng.uniform(-0.15, 0.15), 6),
                longitude=round(lon + rng.uniform(-0.15, 0.15), 6),
                created_at=_dt(rng, START - dt.timedelta(days=365), START),
            )
        )
    made = Compound.objects.bulk_create(rows, batch_size=500)
    # Aliases, if the compound registry has them by now: the name in Chinese and a short form.
    try:
        alias_model = apps.get_model("compounds", "CompoundAlias")
    except LookupError:
        alias_model = None
    if alias_model is not None:
        fk = next(
            f
            for f in alias_model._meta.concrete_fields
            if f.is_relation and f.related_model is Compound
        )
        text = next(
            (f for f in alias_model._meta.concrete_fields if f.name in ("name", "alias", "value")),
            None,
        )
        if text is not None:
            zh = ("金", "福", "星", "龙", "皇", "凯博", "湾", "乐", "冠", "胜")
            aliases = []
            for compound in made:
                for alias in (f"{rng.choice(zh)}{rng.choice(zh)}园区", compound.name.split()[0]):
                    aliases.append(alias_model(**{fk.name: compound, text.name: alias}))
            try:
                alias_model.objects.bulk_create(aliases, batch_size=1000)
            except Exception as exc:  # the model may need more fields than we know of
                print(f"compound aliases skipped: {exc}", file=sys.stderr)
    return list(Compound.objects.values_list("id", "name", "province"))


def _loader(vendor: str):
    from django.db import connection

    if vendor == "sqlite":
        raw = connection.connection

        def insert(spec, rows):
            cols = ", ".join(f'"{c}"' for c in spec["columns"])
            marks = ", ".join("?" * len(spec["columns"]))
            sql = f'INSERT INTO "{spec["table"]}" ({cols}) VALUES ({marks})'  # noqa: S608
            raw.executemany(sql, rows)

        return insert

    def insert(spec, rows):
        cols = ", ".join(f'"{c}"' for c in spec["columns"])
        sql = f'COPY "{spec["table"]}" ({cols}) FROM STDIN'
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for values in rows:
                copy.write_row(values)

    return insert


TRUTH = {"table": "bench_truth", "columns": ["person_id", "identity_id"]}


def write_chunk(out: dict) -> dict[str, int]:
    """Write one batch's rows in one transaction, on this process's connection: rows per
    table."""
    from django.db import connection, transaction

    insert = G["insert"]
    written = {}
    with transaction.atomic():
        if G["vendor"] == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit = off")
        for key in G["order"]:
            if out[key]:
                insert(G["specs"][key], out[key])
            written[key] = len(out[key])
        insert(TRUTH, out["truth"])
        written["truth"] = len(out["truth"])
    return written


def load_chunk(chunk: int) -> dict[str, int]:
    """Make and write one batch (in a worker process, on its own connection)."""
    return write_chunk(generate_chunk(chunk))


def already_generated(url: str) -> int:
    """Person records of a finished generation in this database, or 0."""
    from django.db import connection

    with connection.cursor() as cursor:
        if "bench_meta" not in connection.introspection.table_names(cursor):
            return 0
        cursor.execute("SELECT value FROM bench_meta WHERE key = 'people'")
        found = cursor.fetchone()
    return int(found[0]) if found else 0


def generate(
    *,
    people: int,
    seed: int,
    url: str,
    workers: int = 2,
    verbose: bool = True,
    linkage: bool = True,
) -> dict:
    """Generate into `url` (which must be new or empty). Returns timings. `linkage=False`
    leaves out the duplicate-detection keys (their transliteration dictionaries take seconds
    to load: the smoke test skips them)."""
    from django.apps import apps
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connection, connections, transaction

    vendor = vendor_of(url)
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    migrated = time.perf_counter()
    Person = apps.get_model("cases", "Person")
    if Person.objects.exists():
        raise SystemExit("this database already holds people: use --force to start again")
    rng = random.Random(seed)
    _orgs, users, org_weights = _organisations(rng)
    compounds = _compounds(rng)

    layout = dict(LAYOUT)
    order = list(ORDER)
    linkage_keys = _linkage_keys() if linkage else None
    if linkage_keys is not None:
        layout[LINKAGE_LAYOUT[0]] = LINKAGE_LAYOUT[1]
        order.append(LINKAGE_LAYOUT[0])
    linkage_forms = _linkage_forms() if linkage else None
    if linkage_forms is not None:
        layout[FORMS_LAYOUT[0]] = FORMS_LAYOUT[1]
        order.append(FORMS_LAYOUT[0])
    specs = {
        key: _table_spec(apps.get_model(label), provided, connection)
        for key, (label, provided) in layout.items()
    }
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_truth "
            "(person_id INTEGER PRIMARY KEY, identity_id INTEGER NOT NULL)"
        )
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_meta (key VARCHAR(40) PRIMARY KEY, value TEXT)"
        )

    G.update(
        seed=seed,
        people=people,
        vendor=vendor,
        specs=specs,
        orgs=[o for o, _ in org_weights],
        org_weights=[w for _, w in org_weights],
        nat_codes=list(N.NATIONALITY_WEIGHTS),
        nat_weights=list(N.NATIONALITY_WEIGHTS.values()),
        compounds=compounds,
        users=users,
        writer=Writer(),
        order=order,
        linkage_keys=linkage_keys,
        linkage_forms=linkage_forms,
    )
    chunks = range((people + CHUNK - 1) // CHUNK)

    # Bulk-load settings, unless called inside a transaction (the test suite's smoke test).
    bulk = not connection.in_atomic_block
    if vendor == "sqlite" and bulk:
        raw = connection.connection
        raw.execute("PRAGMA foreign_keys=OFF")
        raw.execute("PRAGMA journal_mode=OFF")
        raw.execute("PRAGMA synchronous=OFF")
        raw.execute("PRAGMA cache_size=-1000000")
        raw.execute("PRAGMA temp_store=MEMORY")
    G["insert"] = _loader(vendor)

    # Secondary indexes, unique constraints and foreign keys are made after the load.
    tables = sorted({spec["table"] for spec in specs.values()})
    drop, create = deferred_schema(tables)
    with transaction.atomic(), connection.cursor() as cursor:
        if vendor == "postgresql" and not bulk:
            # Inside a caller's transaction (the smoke test), the rows written so far still
            # have their deferred checks pending, and PostgreSQL alters no table that has
            # (nor the table a foreign key refers to): run the checks now, until the end.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for sql in drop:
            cursor.execute(sql)

    counts = dict.fromkeys([*order, "truth"], 0)
    pool = None
    if workers > 1:
        if vendor == "postgresql":
            connections.close_all()  # each worker opens its own connection
        pool = multiprocessing.get_context("fork").Pool(workers)
    if pool and vendor == "postgresql":
        # The workers write what they made (COPY on a connection each): nothing is pickled
        # back, and the two COPYs run side by side. The order of the batches does not matter.
        results = pool.imap_unordered(load_chunk, chunks)
    else:
        # SQLite has one writer: the workers make the rows, this process writes them.
        made = pool.imap(generate_chunk, chunks) if pool else map(generate_chunk, chunks)
        results = map(write_chunk, made)
    done = 0
    try:
        for written in results:
            for key, n in written.items():
                counts[key] += n
            done += written["truth"]
            if verbose and (done % (CHUNK * 20) == 0 or done == people):
                rate = done / (time.perf_counter() - migrated)
                print(f"  {done:>9} people  {rate:,.0f}/s", file=sys.stderr)
    except BaseException:
        if drop:
            print(
                "the load stopped: this database lacks rows and indexes; run again with --force",
                file=sys.stderr,
            )
        raise
    finally:
        if pool:
            pool.close()
            pool.join()
    loaded = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        if vendor == "postgresql":
            # Sorts in memory where they fit (the session's default is 64 MB).
            cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
        for sql in create:
            cursor.execute(sql)
        if vendor == "postgresql" and not bulk:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    indexed = time.perf_counter()
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            for sql in connection.ops.sequence_reset_sql(
                no_style(), [apps.get_model("cases", "Person"), apps.get_model("cases", "Case")]
            ):
                cursor.execute(sql)
        # Statistics, and on PostgreSQL the visibility map that autovacuum would have set in a
        # database that has been running a while (index-only scans depend on it).
        cursor.execute("VACUUM ANALYZE" if vendor == "postgresql" and bulk else "ANALYZE")
        cursor.execute(
            "INSERT INTO bench_meta (key, value) VALUES ('people', %s), ('seed', %s)",
            [str(people), str(seed)],
        )
    if vendor == "sqlite" and bulk:
        raw = connection.connection
        raw.execute("PRAGMA journal_mode=WAL")
        raw.execute("PRAGMA foreign_keys=ON")
    finished = time.perf_counter()
    return {
        "migrate_s": migrated - started,
        "load_s": loaded - migrated,
        "index_s": indexed - loaded,
        "analyze_s": finished - indexed,
        "total_s": finished - started,
        "rows": counts,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database", default="sqlite", help="sqlite, postgresql or a URL")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--force", action="store_true", help="drop the database first")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)

    url = database_url(args.database, args.people)
    if args.force:
        drop_database(url)
    setup_django(url)
    if already_generated(url):
        print(f"already generated: {url} (use --force to start again)", file=sys.stderr)
        return 0
    timings = generate(
        people=args.people, seed=args.seed, url=url, workers=args.workers, verbose=not args.quiet
    )
    vendor = vendor_of(url)
    total_rows = sum(timings["rows"].values())
    print(
        f"generated {args.people} people ({total_rows:,} rows) into {vendor} in "
        f"{timings['total_s']:.1f} s (migrate {timings['migrate_s']:.1f} s, load"
        f" {timings['load_s']:.1f} s, indexes and constraints {timings['index_s']:.1f} s,"
        f" vacuum and analyze {timings['analyze_s']:.1f} s)",
        file=sys.stderr,
    )
    target = 15 * 60 * args.people / 1_000_000
    _write_rows(
        f"generate-{vendor}-{args.people}",
        [
            row(
                "generator",
                "time to generate and load",
                timings["total_s"],
                "s",
                database=vendor,
                scale=args.people,
                target="< 15 min per 1,000,000 people",
                met=timings["total_s"] < target,
                peak_memory=peak_memory_mb(),
            ),
            row(
                "generator",
                "of which indexes and constraints built after the load",
                timings["index_s"],
                "s",
                database=vendor,
                scale=args.people,
            ),
            row(
                "generator",
                "rows written",
                total_rows,
                "rows",
                database=vendor,
                scale=args.people,
            ),
        ],
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
