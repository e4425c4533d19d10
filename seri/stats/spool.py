"""Pass 2 of the HTCDS export on disk: the rows as generalised, with their group and identity, in
a private temporary SQLite database (deleted when closed), where people are counted per group by
GROUP BY rather than in a set held in memory. The export's memory then does not grow with the
number of cases, people or groups: SQLite keeps at most `CACHE_KB` of pages in memory and sorts
larger sets in temporary files.

Rows are read back in the order they were written (the file's row order), leaving out every
group with fewer than k people among the rows actually written, so that a change made between
the export's passes can never leave a small group in the file."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence

CACHE_KB = 32 * 1024  # SQLite's page cache for the spool; sorts beyond it go to temporary files
BATCH = 5000  # rows per INSERT


class Spool:
    """The rows of one export: fill once with (identity, group key, output fields), then count,
    then read the kept rows as often as needed. `published` lists the output fields the risk is
    measured over when they are more than the group key's (columns released as
    non-identifying); empty when the group key already covers every published field."""

    def __init__(self, k: int, published: Sequence[str] = ()):
        self.k = k
        self.published = list(published)
        # "" = a private temporary database on disk, removed when the connection closes.
        self.db = sqlite3.connect("", isolation_level=None)
        self.db.execute(f"PRAGMA cache_size = -{CACHE_KB}")
        self.db.execute("PRAGMA temp_store = FILE")
        self.db.execute("PRAGMA journal_mode = OFF")
        self.db.execute("PRAGMA synchronous = OFF")
        self.db.execute(
            "CREATE TABLE row (n INTEGER PRIMARY KEY, grp TEXT NOT NULL, pub TEXT,"
            " ident INTEGER NOT NULL, cells TEXT NOT NULL)"
        )
        self.db.execute(
            "CREATE TABLE grp (grp TEXT PRIMARY KEY, cases INTEGER NOT NULL,"
            " people INTEGER NOT NULL) WITHOUT ROWID"
        )

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def fill(self, rows: Iterable[tuple[int, tuple, dict[str, str]]]) -> None:
        """Write the rows, then count cases and distinct people (a linked identity once) per
        group: one sort on disk by (group, identity)."""
        insert = "INSERT INTO row (grp, pub, ident, cells) VALUES (?, ?, ?, ?)"
        self.db.execute("BEGIN")
        batch: list[tuple] = []
        for ident, group, cells in rows:
            pub = json.dumps([cells[f] for f in self.published]) if self.published else None
            batch.append((json.dumps(group), pub, ident, json.dumps(cells)))
            if len(batch) >= BATCH:
                self.db.executemany(insert, batch)
                batch.clear()
        if batch:
            self.db.executemany(insert, batch)
        self.db.execute(
            "INSERT INTO grp (grp, cases, people)"
            " SELECT grp, SUM(c), COUNT(*) FROM"
            " (SELECT grp, ident, COUNT(*) AS c FROM row GROUP BY grp, ident)"
            " GROUP BY grp"
        )
        self.db.execute("COMMIT")

    def suppressed(self) -> int:
        """Cases in groups of fewer than k people: left out of the file."""
        (n,) = self.db.execute(
            "SELECT COALESCE(SUM(cases), 0) FROM grp WHERE people < ?", [self.k]
        ).fetchone()
        return int(n)

    def kept(self) -> Iterator[tuple[int, dict[str, str]]]:
        """The rows whose group has k people or more, in the order written: (identity, fields)."""
        cursor = self.db.execute(
            "SELECT row.ident, row.cells FROM row"
            " WHERE NOT EXISTS (SELECT 1 FROM grp WHERE grp.grp = row.grp AND grp.people < ?)"
            " ORDER BY row.n",
            [self.k],
        )
        for ident, cells in cursor:
            yield ident, json.loads(cells)

    def published_groups(self) -> Iterator[tuple[int, int]]:
        """(cases, people) of each group over every published column, in the rows kept."""
        if not self.published:
            yield from self.db.execute("SELECT cases, people FROM grp WHERE people >= ?", [self.k])
            return
        yield from self.db.execute(
            "SELECT SUM(c), COUNT(*) FROM"
            " (SELECT row.pub, row.ident, COUNT(*) AS c FROM row"
            "  WHERE NOT EXISTS (SELECT 1 FROM grp WHERE grp.grp = row.grp AND grp.people < ?)"
            "  GROUP BY row.pub, row.ident)"
            " GROUP BY pub",
            [self.k],
        )
