"""The benchmark districts' databases (named from DATABASE_URL, marked with what made them)
and the loader that streams generated rows into them with COPY (scripts/district.py)."""

import time


def database_name(base: str, scale: float) -> str:
    """``aup_portal`` → ``aup_portal_bench_district`` (1.0), ``aup_portal_bench_1pct`` (0.01)."""
    if scale == 1.0:
        return f"{base}_bench_district"
    percent = scale * 100
    return f"{base}_bench_{percent:g}pct".replace(".", "_")


class _Lines:
    """A file-like object over an iterator of text lines, for ``copy_expert`` (streamed)."""

    def __init__(self, rows):
        self._rows, self._buffer = iter(rows), b""

    def read(self, size=-1):
        while size < 0 or len(self._buffer) < size:
            chunk = "".join(_line(row) for _, row in zip(range(2000), self._rows, strict=False))
            if not chunk:
                break
            self._buffer += chunk.encode()
        data, self._buffer = (
            (self._buffer, b"") if size < 0 else (self._buffer[:size], self._buffer[size:])
        )
        return data

    readline = read


def _value(value) -> str:
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    return str(value).replace("\\", "\\\\").replace("\t", " ").replace("\n", "\\n")


def _line(row) -> str:
    return "\t".join(map(_value, row)) + "\n"


class Loader:
    """COPYs rows into tables on Django's connection, printing each table's time."""

    def __init__(self, out=print):
        from django.db import connection

        connection.ensure_connection()
        self.raw, self.out, self.loaded = connection.connection, out, {}

    def copy(self, model, columns: list[str], rows) -> int:
        table = model._meta.db_table
        started = time.monotonic()
        with self.raw.cursor() as cursor:
            # Into an empty table, COPY without its indexes and constraints (but the primary
            # key), then put back exactly those the migrations made: each is built once and
            # every constraint is checked on the whole table as it is added.
            cursor.execute(f"SELECT NOT EXISTS (SELECT 1 FROM {table})")  # noqa: S608
            empty = cursor.fetchone()[0]
            constraints, indexes = self._definitions(cursor, table) if empty else ([], [])
            for name, _definition in constraints:
                cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            for name, _definition in indexes:
                cursor.execute(f'DROP INDEX "{name}"')
            cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", _Lines(rows))
            for _name, definition in indexes:
                cursor.execute(definition)
            for name, definition in constraints:
                cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
            count = cursor.fetchone()[0]
            # Rows carry their ids (other rows point at them): move the sequence past them.
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"GREATEST((SELECT max(id) FROM {table}), 1))"
            )
        self.raw.commit()
        self.loaded[table] = count
        self.out(f"  {table:<40} {count:>10,} rows {time.monotonic() - started:7.1f} s")
        return count

    @staticmethod
    def _definitions(cursor, table):
        """The table's constraints but its primary key (other tables' keys point at it), and
        the indexes no constraint owns: (name, definition) each."""
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype IN ('u', 'f', 'c', 'x') ORDER BY conname",
            [table],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
            "JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = %s::regclass "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid "
            "AND c.conrelid = x.indrelid) ORDER BY i.relname",
            [table],
        )
        return constraints, cursor.fetchall()


def database_url_for(url: str, scale: float) -> tuple[str, str]:
    """The URL and name of the district database for ``scale``, named from ``url``'s."""
    if not url.startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to a postgres:// URL (the benchmark needs PostgreSQL).")
    base, _, old = url.rpartition("/")
    old = old.split("?")[0]
    name = database_name(old, scale)
    return f"{base}/{name}", name


def _server(url: str):
    import psycopg2

    base = url.rpartition("/")[0]
    connection = psycopg2.connect(f"{base}/postgres")
    connection.autocommit = True
    return connection


def ensure_database(url: str, name: str, mark: str, *, regenerate: bool, out=print) -> bool:
    """Creates ``name`` unless it exists with ``mark``; True when it is new (empty). Drops
    only ``name``, and only a name this module makes (``…_bench_…``)."""
    if "_bench_" not in name:
        raise SystemExit(f"Refusing to touch {name}: not a benchmark database name.")
    server = _server(url)
    with server.cursor() as cursor:
        cursor.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [name],
        )
        row = cursor.fetchone()
        if row is not None and row[0] == mark and not regenerate:
            server.close()
            return False
        if row is not None:
            out(f"Dropping {name} ({row[0] or 'unmarked: an unfinished generation'}).")
            cursor.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    server.close()
    return True


def mark_database(url: str, name: str, mark: str) -> None:
    server = _server(url)
    with server.cursor() as cursor:
        cursor.execute(f'COMMENT ON DATABASE "{name}" IS %s', [mark])
    server.close()
