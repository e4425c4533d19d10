"""The coalition's dashboard counts, kept by PostgreSQL itself (decision 0027).

`stats_coalitioncount` holds, for the summary rows of rank 0 (one per case), the number of
rows per value of each of the dashboard's groupings: exactly what the dashboard's GROUPING SETS
query over the whole of `stats_casefact` returns, with the same GROUPING() bit mask. Statement
triggers on `stats_casefact` add what a statement inserted and take away what it deleted (in
the same transaction: the counts are never behind the rows), so that the coordinator's
dashboard reads a few thousand rows instead of aggregating a million.

PostgreSQL only (SQLite reads each grouping from its own index and meets the target without
it); not a Django model: only these triggers write it and only the dashboard's selector reads it.
The groupings and their column order must stay those of seri.stats.selectors.GROUPINGS; the
dashboard tests compare every figure with an independent count on PostgreSQL.
"""

from django.db import migrations

COLUMNS = "month, status, nationality, methods, platforms, outcomes, compound_id, days_to_safety"
SETS = (
    "(month, status), (nationality), (methods, platforms, outcomes), (compound_id),"
    " (days_to_safety)"
)


def _add(rows: str, sign: str) -> str:
    return f"""
        INSERT INTO stats_coalitioncount AS c (grouping, {COLUMNS}, n)
        SELECT GROUPING({COLUMNS}), {COLUMNS}, {sign}COUNT(*) FROM {rows} WHERE rank = 0
        GROUP BY GROUPING SETS ({SETS})
        ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9
        ON CONFLICT ON CONSTRAINT stats_coalitioncount_key DO UPDATE SET n = c.n + EXCLUDED.n;
    """  # noqa: S608 (constants of this module only)


CREATE = [
    f"""
    CREATE TABLE stats_coalitioncount (
        grouping integer NOT NULL,
        month date,
        status varchar(20),
        nationality varchar(2),
        methods bigint,
        platforms bigint,
        outcomes integer,
        compound_id bigint,
        days_to_safety integer,
        n bigint NOT NULL,
        CONSTRAINT stats_coalitioncount_key UNIQUE NULLS NOT DISTINCT (grouping, {COLUMNS})
    )
    """,
    f"""
    CREATE FUNCTION stats_coalitioncount_apply() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'TRUNCATE' THEN
            DELETE FROM stats_coalitioncount;
            RETURN NULL;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            {_add("new_rows", "")}
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            {_add("old_rows", "-")}
        END IF;
        RETURN NULL;
    END
    $$
    """,  # noqa: S608 (constants of this module only)
    "CREATE TRIGGER stats_coalitioncount_insert AFTER INSERT ON stats_casefact"
    " REFERENCING NEW TABLE AS new_rows"
    " FOR EACH STATEMENT EXECUTE FUNCTION stats_coalitioncount_apply()",
    "CREATE TRIGGER stats_coalitioncount_update AFTER UPDATE ON stats_casefact"
    " REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows"
    " FOR EACH STATEMENT EXECUTE FUNCTION stats_coalitioncount_apply()",
    "CREATE TRIGGER stats_coalitioncount_delete AFTER DELETE ON stats_casefact"
    " REFERENCING OLD TABLE AS old_rows"
    " FOR EACH STATEMENT EXECUTE FUNCTION stats_coalitioncount_apply()",
    "CREATE TRIGGER stats_coalitioncount_truncate AFTER TRUNCATE ON stats_casefact"
    " FOR EACH STATEMENT EXECUTE FUNCTION stats_coalitioncount_apply()",
    _add("stats_casefact", ""),
]
DROP = [
    "DROP TRIGGER stats_coalitioncount_truncate ON stats_casefact",
    "DROP TRIGGER stats_coalitioncount_delete ON stats_casefact",
    "DROP TRIGGER stats_coalitioncount_update ON stats_casefact",
    "DROP TRIGGER stats_coalitioncount_insert ON stats_casefact",
    "DROP FUNCTION stats_coalitioncount_apply()",
    "DROP TABLE stats_coalitioncount",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("stats", "0007_synthetic_release")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
