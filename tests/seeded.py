"""The office that setup_disclosure builds, made once per test session.

Running `setup_disclosure` publishes the index, 19 categories and the office's pages
and indexes them for search: over a second a call, and most tests need exactly that
office. At the start of the session the command runs once for real; the rows it
wrote are copied into snapshot tables inside the test database and the database is
put back as migrations left it. `run_setup()` with its default arguments, in a
database still as migrations left it, then copies the snapshot back with a few
`INSERT … SELECT` statements instead of running the command: the same rows, ids
included, inside the test's own transaction.

Anything else (other arguments, a second run, a database a test already changed
beyond its users and sessions, which the command never reads) runs the real command,
so the command's own tests still test the command.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from django.db import connection, transaction

# Tables the command neither reads nor writes: a test that signs a user in before
# asking for the office (fixtures run in any order) still gets the snapshot.
UNREAD_TABLES = frozenset({"auth_user", "django_session"})

SNAPSHOT_PREFIX = "zz_seed_after__"
PRISTINE_PREFIX = "zz_seed_before__"


def qn(name: str) -> str:
    return connection.ops.quote_name(name)


@dataclass
class Table:
    """One table the command writes to, with what restoring it needs."""

    name: str
    columns: list[str]
    virtual: bool = False  # SQLite FTS tables: their rowid is the key

    @property
    def column_list(self) -> str:
        cols = ", ".join(qn(c) for c in self.columns)
        return f"rowid, {cols}" if self.virtual else cols


@dataclass
class Snapshot:
    """The tables setup_disclosure changes and the row counts of all the others."""

    changed: list[Table] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    sequence_sql: list[str] = field(default_factory=list)


_snapshot: Snapshot | None = None


def _tables() -> list[Table]:
    """Every table of the database but SQLite's internals and FTS shadow tables."""
    tables = []
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'")
            rows = cursor.fetchall()
            virtual = {
                n for n, sql in rows if sql and sql.upper().startswith("CREATE VIRTUAL")
            }
            shadow_suffixes = ("_data", "_idx", "_content", "_docsize", "_config")
            for name, _sql in rows:
                if name.startswith(("sqlite_", SNAPSHOT_PREFIX, PRISTINE_PREFIX)):
                    continue
                if any(name == v + s for v in virtual for s in shadow_suffixes):
                    continue
                cursor.execute(f"SELECT * FROM {qn(name)} LIMIT 0")
                columns = [d[0] for d in cursor.description]
                tables.append(Table(name, columns, virtual=name in virtual))
        else:
            for info in connection.introspection.get_table_list(cursor):
                if info.type != "t" or info.name.startswith(
                    (SNAPSHOT_PREFIX, PRISTINE_PREFIX)
                ):
                    continue
                cursor.execute(f"SELECT * FROM {qn(info.name)} LIMIT 0")
                columns = [d[0] for d in cursor.description]
                tables.append(Table(info.name, columns))
    return tables


def _counts(tables: list[Table]) -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {qn(table.name)}")
            counts[table.name] = cursor.fetchone()[0]
    return counts


def _copy(cursor, source: str, target_prefix: str, table: Table) -> None:
    target = qn(target_prefix + table.name)
    select = f"SELECT {table.column_list} FROM {qn(source)}"
    cursor.execute(f"DROP TABLE IF EXISTS {target}")
    cursor.execute(f"CREATE TABLE {target} AS {select}")


def _differs(cursor, table: Table, other: str) -> bool:
    """Whether the table's rows differ from those of a snapshot table."""
    mine = f"SELECT {table.column_list} FROM {qn(table.name)}"
    theirs = f"SELECT * FROM {qn(other)}"
    cursor.execute(
        f"SELECT (SELECT COUNT(*) FROM ({mine} EXCEPT {theirs}) a)"
        f" + (SELECT COUNT(*) FROM ({theirs} EXCEPT {mine}) b)"
    )
    return cursor.fetchone()[0] > 0


def _fill(cursor, table: Table, source_prefix: str) -> None:
    target = qn(table.name)
    cursor.execute(f"DELETE FROM {target}")
    cursor.execute(
        f"INSERT INTO {target} ({table.column_list}) "
        f"SELECT * FROM {qn(source_prefix + table.name)}"
    )


def _sequence_sql() -> list[str]:
    """Statements that move PostgreSQL's id sequences past the restored ids."""
    if connection.vendor != "postgresql":
        return []
    from django.apps import apps
    from django.core.management.color import no_style

    return connection.ops.sequence_reset_sql(no_style(), apps.get_models())


def build(run_command) -> None:
    """Run the command once and keep what it wrote; leave the database as it was.

    Called once per session with the database unblocked and nothing else running.
    """
    global _snapshot
    if os.environ.get("DISCLOSURE_TEST_SEED", "1") == "0":
        return  # every run_setup() runs the command (to compare, or to rule it out)
    tables = _tables()
    with transaction.atomic(), connection.cursor() as cursor:
        for table in tables:
            _copy(cursor, table.name, PRISTINE_PREFIX, table)
    before = _counts(tables)
    with transaction.atomic():
        run_command()
    changed = []
    with transaction.atomic(), connection.cursor() as cursor:
        for table in tables:
            if _differs(cursor, table, PRISTINE_PREFIX + table.name):
                _copy(cursor, table.name, SNAPSHOT_PREFIX, table)
                changed.append(table)
        # Back to the database migrations left, for tests that want it empty.
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA defer_foreign_keys = ON")
        for table in changed:
            _fill(cursor, table, PRISTINE_PREFIX)
        for sql in _sequence_sql():
            cursor.execute(sql)
    _snapshot = Snapshot(changed=changed, counts=before, sequence_sql=_sequence_sql())


def restore() -> bool:
    """Copy the office in, if the database is still as migrations left it.

    Returns False (and changes nothing) when the snapshot does not apply.
    """
    if _snapshot is None:
        return False
    changed_names = {t.name for t in _snapshot.changed}
    others = [
        t
        for t in _tables()
        if t.name not in changed_names and t.name not in UNREAD_TABLES
    ]
    now = _counts(others)
    if any(now[name] != _snapshot.counts.get(name) for name in now):
        return False
    with transaction.atomic(), connection.cursor() as cursor:
        if any(
            _differs(cursor, t, PRISTINE_PREFIX + t.name) for t in _snapshot.changed
        ):
            return False
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA defer_foreign_keys = ON")
        for table in _snapshot.changed:
            _fill(cursor, table, SNAPSHOT_PREFIX)
        for sql in _snapshot.sequence_sql:
            cursor.execute(sql)
    return True
