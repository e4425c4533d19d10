"""Locating a report at registry scale: `compounds_near` (bounding box in SQL, then haversine)
against the database's own time for the bounding-box query alone, and `compounds_named_in`
(fuzzy over every alias, in any script).

    .venv/bin/python -m bench.locate [--compounds 5000] [--database sqlite]

Writes bench/out/locate.json. The registry is synthetic: invented names in Latin, Han and Khmer
script, spread over Cambodia's bounding box.
"""

import argparse
import random
import time

from bench.common import (
    database_url,
    drop_database,
    peak_memory_mb,
    percentile,
    row,
    setup_django,
    vendor_of,
    write_rows,
)

WORDS = [
    "Golden",
    "Lucky",
    "Blue",
    "Jade",
    "Phoenix",
    "Silver",
    "Sunrise",
    "Crown",
    "Oriental",
    "Lotus",
    "Palm",
    "Dragon",
]
HAN = [
    "金",
    "幸",
    "蓝",
    "翠",
    "凤",
    "银",
    "日",
    "皇",
    "东",
    "莲",
    "棕",
    "龙",
    "港",
    "湾",
    "园",
    "城",
]
KHMER = ["មាស", "សំណាង", "ខៀវ", "ផ្កាឈូក", "បូព៌ា", "កំពង់ផែ"]


def build(n: int, rng: random.Random) -> None:
    from django.core.management import call_command

    from seri.compounds.models import Compound, CompoundAlias
    from seri.compounds.names import fold, romanise, script_of

    call_command("migrate", verbosity=0)
    compounds = [
        Compound(
            name=f"{rng.choice(WORDS)} {rng.choice(WORDS)} Bench {i}",
            latitude=round(rng.uniform(10.4, 14.7), 6),
            longitude=round(rng.uniform(102.3, 107.6), 6),
        )
        for i in range(n)
    ]
    Compound.objects.bulk_create(compounds, batch_size=2000)
    aliases = []
    for i, c in enumerate(Compound.objects.all()):
        for name in (
            c.name,
            "".join(rng.sample(HAN, 3)) + f"园区{i}",
            f"{rng.choice(KHMER)} {rng.choice(KHMER)} {i}",
        ):
            aliases.append(
                CompoundAlias(
                    compound=c,
                    name=name,
                    script=script_of(name),
                    folded=fold(name),
                    romanised=romanise(name),
                )
            )
    CompoundAlias.objects.bulk_create(aliases, batch_size=2000)


def timed(fn, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--compounds", type=int, default=5000)
    parser.add_argument("--database", default="sqlite")
    args = parser.parse_args()
    url = database_url(args.database, args.compounds).replace("bench-", "bench-locate-")
    drop_database(url)
    setup_django(url)
    rng = random.Random(7)
    build(args.compounds, rng)

    from seri.compounds.locate import compounds_named_in, compounds_near, parse_locations
    from seri.compounds.models import Compound

    points = [(rng.uniform(10.5, 14.6), rng.uniform(102.4, 107.5)) for _ in range(200)]
    it = iter(points * 2)

    def near():
        lat, lon = next(it)
        compounds_near(lat, lon, radius_km=5)

    def box_only():  # the database's own work for the same question
        lat, lon = next(it)
        list(
            Compound.objects.filter(
                latitude__gte=lat - 0.045,
                latitude__lte=lat + 0.045,
                longitude__gte=lon - 0.046,
                longitude__lte=lon + 0.046,
            ).values_list("pk", flat=True)
        )

    near_ms = timed(near, 200)
    it = iter(points * 2)
    box_ms = timed(box_only, 200)
    texts = [
        "我儿子被关在金幸园区, 护照被收走",
        "He is held at the Golden Lotus Bench compound near the port",
        "no compound named here at all, just a long message " * 5,
    ]
    named_ms = timed(lambda: compounds_named_in(rng.choice(texts)), 20)
    message = (
        "Pin https://www.google.com/maps/@10.6309,103.5058,17z and 10°37'49.8\"N 103°30'18.7\"E "
        * 20
    )
    parse_ms = timed(lambda: parse_locations(message), 50)

    db, scale, mem = vendor_of(url), args.compounds, peak_memory_mb()
    p95_near, p95_box = percentile(near_ms, 0.95), percentile(box_ms, 0.95)
    rows = [
        row(
            "locate",
            "compounds_near p95",
            p95_near,
            "ms",
            database=db,
            scale=scale,
            target="< 50 ms",
            met=p95_near < 50,
            peak_memory=mem,
        ),
        row(
            "locate",
            "bounding-box query alone p95 (baseline)",
            p95_box,
            "ms",
            database=db,
            scale=scale,
        ),
        row(
            "locate",
            "compounds_near / bounding-box query",
            p95_near / p95_box,
            "ratio",
            database=db,
            scale=scale,
        ),
        row(
            "locate",
            "compounds_named_in p50",
            percentile(named_ms, 0.5),
            "ms",
            database=db,
            scale=scale,
            target="< 1000 ms",
            met=percentile(named_ms, 0.5) < 1000,
            peak_memory=mem,
        ),
        row(
            "locate",
            "parse_locations, 2 kB message, p50",
            percentile(parse_ms, 0.5),
            "ms",
            database=db,
            scale=scale,
        ),
    ]
    write_rows("locate", rows)
    drop_database(url)


if __name__ == "__main__":
    main()
