"""Server-side prepared statements for the parents' hottest queries.

PostgreSQL plans every query it is sent. The parent link's lookup (seven tables joined on
primary keys, found by one unique hash) took longer to plan than to run on a district's data
(about 2 ms against 0.3 ms). Inside ``prepared(name)``, the ORM's query is PREPAREd the first
time a connection runs it and EXECUTEd from then on: PostgreSQL keeps the plan (a generic one
after five runs). A statement lives as long as the database session, whatever becomes of the
transaction it was made in; a new connection starts with none (``connection_created``).

This needs a session-level connection to PostgreSQL, as the portal has: a PgBouncer in
transaction-pooling mode would hand the EXECUTE to a session that never saw the PREPARE.
A migration that changes the type of a column such a statement returns makes PostgreSQL
refuse it on the old connections: the upgrade's reload (README, Upgrades) brings new processes
with new connections. Elsewhere (SQLite for the demo) queries run as they are."""

import re
from contextlib import contextmanager

from django.db import connection
from django.db.backends.signals import connection_created
from django.dispatch import receiver

# The ORM's SQL for psycopg2: "%s" is a parameter, "%%" a literal percent sign.
_PLACEHOLDER = re.compile(r"%([s%])")


def _numbered(sql: str) -> str:
    """``sql`` with PostgreSQL's numbered parameters ($1, $2 …) for the ORM's %s."""
    count = 0

    def number(match):
        nonlocal count
        if match.group(1) == "%":
            return "%"
        count += 1
        return f"${count}"

    return _PLACEHOLDER.sub(number, sql)


@receiver(connection_created)
def _forget_statements(sender, connection, **kwargs):
    connection.prepared_statements = {}


@contextmanager
def prepared(name: str):
    """Run the default connection's queries in this block as the prepared statement ``name``
    (a plain identifier); a different query under the same name replaces it."""

    def execute(run, sql, params, many, context):
        db = context["connection"]
        if db.vendor != "postgresql" or many:
            return run(sql, params, many, context)
        known = db.__dict__.setdefault("prepared_statements", {})
        if known.get(name) != sql:
            if name in known:
                run(f"DEALLOCATE {name}", None, False, context)
            run(f"PREPARE {name} AS {_numbered(sql)}", None, False, context)
            known[name] = sql
        arguments = f"({', '.join(['%s'] * len(params))})" if params else ""
        return run(f"EXECUTE {name}{arguments}", params, False, context)

    with connection.execute_wrapper(execute):
        yield
