"""Importing a large Telegram export, and importing it again.

    .venv/bin/python -m bench.imports [--messages 100000] [--database sqlite]

Generates a Telegram Desktop JSON export (synthetic text, a few senders taking turns, a photo
every 1,000 messages) into bench/data/, imports it into a fresh database with
`seri.intake.importers.telegram.import_telegram` (as `seri import telegram` does), then imports
it again (which must create nothing). Targets on the 2-core machine: the import under 2 minutes,
the re-import under 20 seconds. Writes bench/out/imports.json.
"""

import argparse
import datetime as dt
import json
import shutil
import sys
import time

from bench.common import DATA_DIR, peak_memory_mb, row, setup_django, vendor_of, write_rows


def generate(folder, messages: int) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "photos").mkdir(parents=True)
    start = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    rows = []
    for n in range(messages):
        sender = n // 4 % 3
        at = start + dt.timedelta(minutes=n)
        message = {
            "id": n + 1,
            "type": "message",
            "date": at.strftime("%Y-%m-%dT%H:%M:%S"),
            "date_unixtime": str(int(at.timestamp())),
            "from": f"Synthetic Sender {sender}",
            "from_id": f"user{900000 + sender}",
            "text": f"Synthetic message {n}: still held in building {n % 7}, please help",
            "text_entities": [{"type": "plain", "text": f"Synthetic message {n}"}],
        }
        if n % 1000 == 0:
            name = f"photos/photo_{n}.jpg"
            (folder / name).write_bytes(b"\xff\xd8synthetic" + str(n).encode())
            message["photo"] = name
        rows.append(message)
    (folder / "result.json").write_text(
        json.dumps({"name": "Bench chat", "type": "personal_chat", "id": 1, "messages": rows}),
        encoding="utf-8",
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--database", default="sqlite")
    args = parser.parse_args(argv)
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    database = DATA_DIR / "bench-imports.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        database.with_name(database.name + suffix).unlink(missing_ok=True)
    url = f"sqlite:///{database}" if args.database == "sqlite" else args.database
    setup_django(url)
    from django.core.management import call_command

    from seri.intake.importers.telegram import import_telegram
    from seri.intake.models import Report, SourceItem
    from seri.orgs.models import Organisation

    call_command("migrate", verbosity=0)
    organisation, _ = Organisation.objects.get_or_create(
        short_name="BENCHIMP", defaults={"name": "Bench Import NGO", "type": "ngo", "country": "KH"}
    )
    folder = DATA_DIR / "telegram-export"
    generate(folder, args.messages)
    started = time.perf_counter()
    first = import_telegram(actor=None, organisation=organisation, path=folder, batch_size=500)
    import_seconds = time.perf_counter() - started
    started = time.perf_counter()
    again = import_telegram(actor=None, organisation=organisation, path=folder, batch_size=500)
    reimport_seconds = time.perf_counter() - started
    memory = peak_memory_mb()
    assert first.created == args.messages and again.created == 0
    assert SourceItem.objects.filter(organisation=organisation).count() == args.messages
    vendor, scale = vendor_of(url), args.messages
    rows = [
        row(
            "telegram import",
            "import time",
            import_seconds,
            "s",
            database=vendor,
            scale=scale,
            target="< 120 s",
            met=import_seconds < 120,
            peak_memory=memory,
        ),
        row(
            "telegram import",
            "messages per second",
            args.messages / import_seconds,
            "msg/s",
            database=vendor,
            scale=scale,
            peak_memory=memory,
        ),
        row(
            "telegram import",
            "re-import time",
            reimport_seconds,
            "s",
            database=vendor,
            scale=scale,
            target="< 20 s",
            met=reimport_seconds < 20,
            peak_memory=memory,
        ),
        row(
            "telegram import",
            "reports created",
            Report.objects.count(),
            "reports",
            database=vendor,
            scale=scale,
        ),
    ]
    path = write_rows("imports", rows)
    for r in rows:
        print(f"{r['metric']}: {r['value']} {r['unit']} (target {r['target']}, met {r['met']})")
    print(f"peak memory: {memory} MB; written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
