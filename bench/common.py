"""What the benchmark scripts share: where the data and results live, Django set-up against a
chosen database, percentiles, peak memory, and the JSON row format of `bench/out/*.json`."""

import json
import os
import re
import resource
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
DATA_DIR = BENCH_DIR / "data"
OUT_DIR = Path(os.environ.get("SERI_BENCH_OUT") or BENCH_DIR / "out")
PG_DEFAULT = "postgres://postgres@127.0.0.1:5432"


def database_url(database: str, people: int) -> str:
    """`sqlite` / `postgresql` (a database per scale) or a full URL, as SERI_DATABASE_URL."""
    if database == "sqlite":
        return f"sqlite:///{DATA_DIR / f'bench-{people}.sqlite3'}"
    if database in ("postgresql", "postgres"):
        return f"{PG_DEFAULT}/seri_bench_{people}"
    return database


def vendor_of(url: str) -> str:
    return "sqlite" if url.startswith("sqlite") else "postgresql"


def setup_django(url: str) -> None:
    """Point Seri at `url` and set Django up. The encryption and index keys are generated once
    into bench/data/keys.json (SERI_DATA_DIR), shared by every benchmark database."""
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    if vendor_of(url) == "postgresql":
        _pg_create_database(url)
    os.environ["SERI_DATABASE_URL"] = url
    os.environ.setdefault("SERI_DATA_DIR", str(DATA_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seri.settings")
    os.environ.setdefault(
        "SERI_STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage"
    )
    import warnings

    import django

    # Pages are rendered without collectstatic (plain static storage, as in the tests).
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    django.setup()


def _pg_name(url: str) -> tuple[str, str]:
    base, _, name = url.rstrip("/").rpartition("/")
    return base, name


def _is_bench_name(name: str) -> bool:
    """seri_bench…, or prefix_seri_bench… (a name of one's own on a shared server)."""
    return re.fullmatch(r"([a-z0-9]+_)?seri_bench\w*", name) is not None


def _pg_create_database(url: str) -> None:
    import psycopg

    base, name = _pg_name(url)
    if not _is_bench_name(name):
        raise SystemExit("benchmark PostgreSQL databases must be named [prefix_]seri_bench…")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    if vendor_of(url) == "sqlite":
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        return
    import psycopg

    base, name = _pg_name(url)
    if not _is_bench_name(name):
        raise SystemExit("refusing to drop a database not named [prefix_]seri_bench…")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def peak_memory_mb() -> float:
    """Peak resident memory of this process so far (Linux: ru_maxrss is in KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def row(
    benchmark: str,
    metric: str,
    value: float,
    unit: str,
    *,
    database: str,
    scale: int,
    target: str | None = None,
    met: bool | None = None,
    peak_memory: float | None = None,
) -> dict:
    return {
        "benchmark": benchmark,
        "metric": metric,
        "value": round(float(value), 3),
        "unit": unit,
        "target": target,
        "met": met,
        "database": database,
        "scale": scale,
        "peak_memory_mb": peak_memory,
    }


def write_rows(name: str, rows: list[dict]) -> Path:
    """Write rows to bench/out/<name>.json (replacing an earlier run of the same name)."""
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    path = OUT_DIR / f"{name}.json"
    path.write_text(json.dumps(rows, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    for r in rows:
        flag = "" if r["met"] is None else (" ok" if r["met"] else " MISSED")
        print(
            f"  {r['benchmark']} · {r['metric']}: {r['value']} {r['unit']}"
            f" [{r['database']}, {r['scale']}]{flag}",
            file=sys.stderr,
        )
    return path


class Timer:
    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start
