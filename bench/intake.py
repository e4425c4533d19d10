"""Intake at scale: report + person + case in one transaction, duplicate candidates included.

    .venv/bin/python -m bench.intake --people 100000 --database sqlite [--records 60]

Calls the intake service (`seri.intake.services.intake_record`) as the intake page does after
its forms are valid. `person_create` runs the duplicate detection inside the same transaction
(`seri.linkage.services.linkage_person_recorded`: blocking keys, exact identifiers, scoring,
candidate rows), so the time measured includes candidates. Half of the records re-report a
person already in the database with a variation (so candidates are found), half are new.
Each record is committed, as at the real intake. Target at 1,000,000 people: p95 < 250 ms.

The scorer reads its candidates' names as stored when they were recorded
(`seri.linkage.models.PersonNameForms`); a database generated before they were stored, or whose
forms were made by other name-reading code, has them read afresh at every intake (slower, the
same results) until `seri linkage reindex --forms-only`. The run says how many people that is.
"""

import argparse
import datetime as dt
import random
import sys
import time

from bench.common import (
    database_url,
    peak_memory_mb,
    percentile,
    row,
    setup_django,
    vendor_of,
    write_rows,
)


def _valid(number: str) -> bool:
    import phonenumbers

    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(number))
    except phonenumbers.NumberParseException:
        return False


def _inputs(organisation, count: int, seed: int = 11):
    from bench import names as N
    from bench.generate import strip_diacritics, typo
    from seri.cases.models import Person
    from seri.cases.services import CaseInput, NameInput, PersonInput
    from seri.intake.services import ReportInput

    rng = random.Random(seed)
    max_id = Person.objects.order_by("-id").values_list("id", flat=True).first() or 1
    out = []
    for n in range(count):
        if n % 2 == 0:
            person = (
                Person.objects.filter(id__gte=rng.randint(1, max_id))
                .prefetch_related("names", "phones", "nationalities")
                .order_by("id")
                .first()
            )
            names = [x.value for x in person.names.all()][-1:]
            names = [typo(rng, strip_diacritics(v)) for v in names]
            phones = [p.e164 for p in person.phones.all() if _valid(p.e164)]
            nationalities = [x.country for x in person.nationalities.all()]
            dob = person.date_of_birth
        else:
            nat = rng.choices(list(N.NATIONALITY_WEIGHTS), list(N.NATIONALITY_WEIGHTS.values()))[0]
            ns = N.NAMES[nat]
            fam, giv = rng.choice(ns.family), rng.choice(ns.given)
            names = [f"{fam[1]} {giv[1]}"] + ([f"{fam[0]}{giv[0]}"] if fam[0] != fam[1] else [])
            national = rng.choice(ns.mobile_prefixes) + "".join(
                rng.choice("0123456789") for _ in range(ns.national_digits)
            )
            phones = [f"+{ns.calling_code} {national}"]
            nationalities = [nat]
            dob = dt.date(rng.randint(1975, 2005), rng.randint(1, 12), rng.randint(1, 28))
        out.append(
            (
                ReportInput(
                    channel="hotline",
                    reporter_relation="family",
                    original_text=f"Synthetic intake {n}: family says they are held in a compound.",
                ),
                PersonInput(
                    names=[NameInput(value=v) for v in names],
                    nationalities=nationalities,
                    phones=phones,
                    date_of_birth=dob,
                ),
                CaseInput(urgency="normal", location_text=f"Synthetic location {n}"),
            )
        )
    return out


def _warm_up_transliteration() -> None:
    """Load the transliteration dictionaries once, as a running server has them loaded (the
    first Thai or Cantonese reading otherwise costs seconds)."""
    try:
        from seri.linkage.names import name_forms
    except ImportError:
        return
    from bench import names as N

    for ns in N.NAMES.values():
        name_forms(ns.family[0][0] + " " + ns.given[0][0])


def _people_without_current_forms() -> int | None:
    try:
        from seri.linkage.models import PersonNameForms
        from seri.linkage.records import forms_version
    except ImportError:
        return None
    from seri.cases.models import Person

    current = PersonNameForms.objects.filter(reader_hash=forms_version()).count()
    return Person.objects.count() - current


def run(*, people: int, url: str, records: int = 60, warmup: int = 3) -> list[dict]:
    from bench.pages import bench_user
    from seri.intake.services import intake_record

    try:
        from seri.linkage.models import MatchCandidate
    except ImportError:  # duplicate detection not installed: intake alone
        MatchCandidate = None

    vendor = vendor_of(url)
    stale = _people_without_current_forms()
    if stale:
        print(
            f"{stale} people have no current name forms: their names are read at every intake"
            " (seri linkage reindex --forms-only)",
            file=sys.stderr,
        )
    user, organisation = bench_user()
    inputs = _inputs(organisation, warmup + records)
    _warm_up_transliteration()
    before = MatchCandidate.objects.count() if MatchCandidate else 0
    times = []
    for i, (report, person, case) in enumerate(inputs):
        start = time.perf_counter()
        intake_record(
            actor=user, organisation=organisation, report=report, person=person, case=case
        )
        elapsed = (time.perf_counter() - start) * 1000
        if i >= warmup:
            times.append(elapsed)
    found = (MatchCandidate.objects.count() - before) if MatchCandidate else None
    p50, p95 = percentile(times, 0.5), percentile(times, 0.95)
    rate = 1000 * len(times) / sum(times)
    label = "intake with duplicate candidates" if MatchCandidate else "intake (no linkage app)"
    common = {"database": vendor, "scale": people}
    print(
        f"{label}: p50 {p50:.1f} ms, p95 {p95:.1f} ms, {rate:.1f}/s, candidates {found}",
        file=sys.stderr,
    )
    return [
        row(label, "p50", p50, "ms", **common),
        row(label, "p95", p95, "ms", target="< 250 ms at 1,000,000", met=p95 < 250, **common),
        row(label, "records per second (one writer)", rate, "1/s", **common),
        row(
            label,
            "candidate pairs stored per record",
            (found or 0) / (warmup + records),
            "pairs",
            peak_memory=peak_memory_mb(),
            **common,
        ),
        *(
            [row(label, "people without current name forms", stale, "people", **common)]
            if stale is not None
            else []
        ),
    ]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--database", default="sqlite", help="sqlite, postgresql or a URL")
    parser.add_argument("--records", type=int, default=60)
    args = parser.parse_args(argv)
    url = database_url(args.database, args.people)
    setup_django(url)
    write_rows(
        f"intake-{vendor_of(url)}-{args.people}",
        run(people=args.people, url=url, records=args.records),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
