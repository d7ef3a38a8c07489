"""The district benchmark's smoke test (issue 15): a 2 % district from scripts/district.py,
its rows valid and counted per the scale, every benchmark page 200 with the same query count
as at a tiny scale, and the key list queries planned on an index. Not a timing test.

The districts go into two databases of their own (``test_<name>_bench_2pct`` and
``…_0_1pct``), migrated here and dropped at the end."""

import sys
from pathlib import Path

import psycopg2
import pytest
from django.core.cache import caches
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import district  # noqa: E402
from bench_rows import PAGES, in_process_rows, use_database  # noqa: E402
from bench_table import STREAMED  # noqa: E402

SCALES = {"small": 0.02, "tiny": 0.001}


def _server():
    settings = connection.settings_dict
    server = psycopg2.connect(
        dbname="postgres", user=settings["USER"], host=settings["HOST"], port=settings["PORT"]
    )
    server.autocommit = True
    return server


@pytest.fixture(scope="module")
def districts(django_db_blocker):
    """{label: (database name, rows loaded per table)} for each scale; dropped afterwards."""
    from django.core.management import call_command

    with django_db_blocker.unblock():
        original = connection.settings_dict["NAME"]
        prefixes = [(cache, cache.key_prefix) for cache in caches.all()]
        base = original.removeprefix("test_")
        names = {label: district.database_name(f"test_{base}", s) for label, s in SCALES.items()}
        connection.close()
        server = _server()
        try:
            with server.cursor() as cursor:
                for name in names.values():
                    cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                cursor.execute(f'CREATE DATABASE "{names["small"]}"')
            use_database(names["small"])
            call_command("migrate", interactive=False, verbosity=0)
            connection.close()
            with server.cursor() as cursor:  # the tiny one: a copy of the migrated database
                cursor.execute(f'CREATE DATABASE "{names["tiny"]}" TEMPLATE "{names["small"]}"')
            loaded = {}
            for label, name in names.items():
                use_database(name)
                loaded[label] = (name, district.generate(SCALES[label], out=lambda _line: None))
            yield loaded
        finally:
            use_database(original)
            for cache, prefix in prefixes:  # use_database named the caches' keys after it
                cache.key_prefix = prefix
            with server.cursor() as cursor:
                for name in names.values():
                    cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            server.close()


def test_rows_match_the_scale(districts):
    counts = district.counts(SCALES["small"])
    _name, loaded = districts["small"]
    assert loaded["roster_school"] == counts["schools"] == 13
    assert loaded["roster_student"] == counts["students"] == 6_400
    assert loaded["roster_user"] == counts["staff"] + 2
    assert loaded["consent_consentrequest"] == counts["requests"] == 20_000
    assert loaded["exceptions_exceptionrequest"] == counts["exceptions"] == 100
    assert loaded["roster_recordaccess"] == counts["accesses"]
    # The proportions: 436 k guardians per 320 k students, 3.7 M events per 1 M requests.
    assert 1.30 < loaded["roster_guardian"] / loaded["roster_student"] < 1.42
    assert 3.3 < loaded["consent_consentevent"] / loaded["consent_consentrequest"] < 4.1
    assert 0.5 < loaded["consent_consentrecord"] / loaded["consent_consentrequest"] < 0.8
    # Every record's PDF is filed but one in 20 (the worker row files those).
    records = loaded["consent_consentrecord"]
    assert loaded["roster_cumulativedocument"] == records - records // 20


def test_rows_hold_every_constraint(districts, django_db_blocker):
    """COPY checked every constraint as it loaded; also the validating ones added NOT VALID
    and the unique rules the models state."""
    name, _loaded = districts["small"]
    with django_db_blocker.unblock():
        use_database(name)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT conrelid::regclass, conname FROM pg_constraint WHERE NOT convalidated"
            )
            for table, constraint in cursor.fetchall():
                cursor.execute(f'ALTER TABLE {table} VALIDATE CONSTRAINT "{constraint}"')
            cursor.execute(
                "SELECT count(*) FROM roster_school s WHERE s.code = %s", [district.KNOWN_SCHOOL]
            )
            assert cursor.fetchone()[0] == 1
            cursor.execute(
                "SELECT count(*) FROM roster_student st JOIN roster_school s ON s.id = st.school_id"
                " WHERE s.code = %s",
                [district.KNOWN_SCHOOL],
            )
            assert cursor.fetchone()[0] == district.counts(SCALES["small"])["known_school_students"]
            cursor.execute(
                "SELECT count(*) FROM consent_consentrecord r JOIN consent_consentlink l "
                "ON l.id = r.link_id WHERE l.request_id <> r.request_id OR "
                "l.guardian_id <> r.guardian_id"
            )
            assert cursor.fetchone()[0] == 0
            cursor.execute(
                "SELECT count(*) FROM consent_consentrecord r "
                "JOIN consent_consentrequest q ON q.id = r.request_id "
                "JOIN roster_cumulativedocument d ON d.id = r.document_id "
                "WHERE d.student_id <> q.student_id OR d.school_year_id <> q.school_year_id"
            )
            assert cursor.fetchone()[0] == 0


def test_pages_answer_with_the_same_queries_at_both_scales(districts, django_db_blocker):
    results = {}
    with django_db_blocker.unblock():
        in_process_rows(
            {label: name for label, (name, _loaded) in districts.items()},
            set(PAGES),
            runs=1,
            results=results,
        )
    for key in PAGES:
        small, tiny = results[key]["small"], results[key]["tiny"]
        assert small["status"] == 200, key
        assert tiny["status"] == 200, key
        if key in STREAMED:
            # A streamed export reads its rows in chunks: at most one query more per 1,000.
            assert tiny["queries"] <= small["queries"] <= tiny["queries"] + 3, key
        else:
            assert small["queries"] == tiny["queries"], key


@pytest.mark.parametrize(
    ("query", "index"),
    [
        (
            "SELECT id FROM consent_consentrequest WHERE school_id = 1 AND school_year_id = 1 "
            "AND program_id = 1 AND status = 'open'",
            "consent_con_school__744c20_idx",
        ),
        (
            "SELECT id FROM roster_student WHERE student_id = '20000017'",
            "roster_student_student_id_key",
        ),
        (
            "SELECT id FROM consent_consentrecord WHERE request_id = 17",
            "consent_consentrecord_request_id_key",
        ),
        (
            "SELECT id FROM consent_consentlink WHERE token_hash = 'x'",
            "consentlink_token_hash_unique",
        ),
        (
            "SELECT id FROM roster_recordaccess WHERE student_id = 17 ORDER BY at DESC LIMIT 20",
            "roster_recordaccess",  # its (student, -at) index or its student_id one
        ),
    ],
)
def test_key_list_queries_use_an_index(districts, django_db_blocker, query, index):
    with django_db_blocker.unblock():
        use_database(districts["small"][0])
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN {query}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Seq Scan" not in plan, plan
    assert (
        f"Index Scan using {index}" in plan
        or f"Index Only Scan using {index}" in plan
        or f"Bitmap Index Scan on {index}" in plan
    ), plan
