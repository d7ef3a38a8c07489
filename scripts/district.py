#!/usr/bin/env python3
"""A district of a chosen scale for the benchmark (issue 15), loaded with PostgreSQL COPY.

``--scale 1.0`` is the district of the issue: 630 schools (36 charter), 320,000 students,
436,000 guardians, 36,000 staff accounts, 1,000,000 consent requests over three programs and
two school years with their links, events and signed records, 5,000 exception requests (357
approved: running CEO-approved programs), record-access rows and the demo FAQ.

The database is named from DATABASE_URL's (``<name>_bench_district``, ``<name>_bench_1pct``…);
only that name is ever created or dropped. A COMMENT ON DATABASE marks the scale and the
generator's version, so a rerun reuses a database already generated (``--regenerate`` forces).

Importable: ``generate(scale)`` fills the migrated, empty database Django is connected to
(the smoke test uses it on the pytest database). Deterministic: a seeded random generator.

    .venv/bin/python scripts/district.py --scale 0.01
"""

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from district_db import (
    Loader,
    database_name,
    database_url_for,
    ensure_database,
    mark_database,
)

__all__ = ["KNOWN_SCHOOL", "counts", "database_name", "generate", "prepare"]

GENERATOR_VERSION = 4
SEED = 15
KNOWN_SCHOOL = "S001"  # the 2,500-student high school the benchmark measures
PASSWORD = "bench-password"  # every generated account's password  # noqa: S105
FULL = {
    "schools": 630,
    "charter": 36,
    "students": 320_000,
    "staff": 36_000,
    "requests": 1_000_000,
    "exceptions": 5_000,
    "approved_exceptions": 357,
    "accesses": 300_000,
}


def _cols(names: str) -> list[str]:
    return names.split()


SECOND_GUARDIAN_SHARE = 0.3625  # 436,000 guardians for 320,000 students
FIRST = _cols(
    "Ana Ben Carla Diego Elena Farah Gus Hana Ivan Jade Kofi Lena Maya Noor Omar Pia Quinn Rosa "
    "Sam Tao Uma Vik Wen Yara Zoe"
)
LAST = _cols(
    "Garcia Smith Johnson Nowak Lopez Kim Patel Nguyen Brown Rivera Chen Davis Wilson Moore "
    "Taylor Khan Singh Walker Young Hall Allen Wright Scott Green Baker Adams Nelson Hill"
)


def counts(scale: float) -> dict:
    """The number of rows of each kind at ``scale`` (1.0: the issue's district)."""
    c = {key: max(1, round(value * scale)) for key, value in FULL.items()}
    c["schools"] = max(c["schools"], 4)
    c["charter"] = min(c["charter"], c["schools"] - 3)
    c["approved_exceptions"] = min(c["approved_exceptions"], c["exceptions"])
    # The known school has its 2,500 students at every scale from 1 %: the pages measured on it
    # then compare the same school in a small and a large district.
    c["known_school_students"] = min(2_500, c["students"] * 4 // 5)
    return c


def _at(day: datetime.date, seconds: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(8), tzinfo=datetime.UTC) + (
        datetime.timedelta(seconds=seconds)
    )


def generate(scale: float = 1.0, out=print) -> dict:
    """Fills the migrated, empty database Django uses with a district of ``scale``; returns
    the rows per table."""
    from district_consent import consent_rows, exception_rows
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django.utils import timezone

    from faq.demo import seed_faq_demo
    from roster.demo import ensure_school_years
    from roster.models import (
        Guardian,
        School,
        StaffRole,
        Student,
        StudentGuardian,
        User,
    )

    if School.objects.exists() or Student.objects.exists():
        raise RuntimeError("generate() fills an empty database only.")
    c = counts(scale)
    rng = random.Random(SEED)  # noqa: S311
    load = Loader(out)
    started = time.monotonic()
    now = timezone.now()
    current, previous = ensure_school_years()
    seed_faq_demo()

    # Schools: S001 is the known high school; every third school is a high school (9-12).
    n_schools, n_charter = c["schools"], c["charter"]
    schools = []  # (id, code, kind, low, high)
    for i in range(1, n_schools + 1):
        kind = "charter" if i > n_schools - n_charter else ("magnet" if i % 10 == 5 else "district")
        low, high = (9, 12) if i % 3 == 1 else (-1, 8)
        schools.append((i, f"S{i:03d}", kind, low, high))
    load.copy(
        School,
        _cols("id code name kind active"),
        (
            (
                i,
                code,
                f"{LAST[i % len(LAST)]} {'High' if low == 9 else 'Elementary'} School {code}",
                kind,
                True,
            )
            for i, code, kind, low, high in schools
        ),
    )

    # Students: the known school gets its 2,500; the others share the rest.
    per_school = [c["known_school_students"]]
    rest, others = c["students"] - per_school[0], n_schools - 1
    per_school += [rest // others + (1 if k < rest % others else 0) for k in range(others)]
    students = []  # (id, school_index, grade, dob, first, last)
    for index, (school, n) in enumerate(zip(schools, per_school, strict=True)):
        low, high = school[3], school[4]
        for _ in range(n):
            grade = rng.randint(low, high)
            dob = datetime.date(
                current.first_day.year - grade - 6, rng.randint(1, 12), rng.randint(1, 28)
            )
            students.append(
                (len(students) + 1, index, grade, dob, rng.choice(FIRST), rng.choice(LAST))
            )
    load.copy(
        Student,
        _cols("id student_id first_name last_name date_of_birth grade school_id homeroom active"),
        (
            (
                sid,
                f"{20000000 + sid}",
                first,
                last,
                dob,
                grade,
                index + 1,
                f"{grade}-{sid % 7}",
                True,
            )
            for sid, index, grade, dob, first, last in students
        ),
    )

    # Guardians: one per student, a second for about 36 %; a few without educational rights.
    guardians = []  # (id, first, last, language)
    links_of = []  # per student: [(guardian id, relationship, rights)]
    for _sid, _index, _grade, _dob, _first, last in students:
        own = []
        for relationship in ("mother", "father")[: 1 + (rng.random() < SECOND_GUARDIAN_SHARE)]:
            gid = len(guardians) + 1
            language = rng.choices(["en", "es", "pl", "zh-hans"], [75, 20, 3, 2])[0]
            guardians.append((gid, rng.choice(FIRST), last, language))
            own.append((gid, relationship, rng.random() > 0.02 or not own))
        links_of.append(own)
    load.copy(
        Guardian,
        _cols("id first_name last_name email mobile_phone preferred_language"),
        (
            (gid, first, last, f"guardian{gid}@example.org", _phone(gid), language)
            for gid, first, last, language in guardians
        ),
    )
    load.copy(
        StudentGuardian,
        _cols("id student_id guardian_id relationship has_educational_rights"),
        (
            (k, sid, gid, relationship, rights)
            for k, (sid, gid, relationship, rights) in enumerate(
                (
                    (s[0], g, r, ok)
                    for s, own in zip(students, links_of, strict=True)
                    for g, r, ok in own
                ),
                start=1,
            )
        ),
    )

    # Staff: an admin and an ITS superuser, one principal per school, then teachers.
    password = make_password(PASSWORD)
    joined = _at(previous.first_day, 0)
    users = [
        (1, "bench-admin", True, "administrator", None),
        (2, "bench-its", True, "its_reviewer", None),
    ]
    users += [(2 + i, f"principal-{code}", False, "principal", i) for i, code, *_ in schools]
    while len(users) < c["staff"] + 2:
        uid = len(users) + 1
        users.append((uid, f"teacher-{uid}", False, "teacher", (uid % n_schools) + 1))
    load.copy(
        User,
        _cols(
            "id password is_superuser username first_name last_name email is_staff is_active "
            "date_joined break_glass"
        ),
        (
            (
                uid,
                password,
                superuser,
                name,
                FIRST[uid % len(FIRST)],
                LAST[uid % len(LAST)],
                f"{name}@district.example",
                superuser,
                True,
                joined,
                superuser,
            )
            for uid, name, superuser, _role, _school in users
        ),
    )
    load.copy(
        StaffRole,
        _cols("id user_id role school_id"),
        ((uid, uid, role, school) for uid, _name, _s, role, school in users),
    )
    principal_of = {school: uid for uid, _n, _s, role, school in users if role == "principal"}

    consent_rows(
        load, rng, c, schools, students, guardians, links_of, principal_of, (current, previous), now
    )
    exception_rows(load, rng, c, schools, users, current, now)
    # As a running district's autovacuum would have: statistics, and the visibility map that
    # lets index-only scans skip the table. Then the copied rows are written out now, not by
    # checkpoints during the first measurements.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
        cursor.execute("CHECKPOINT")
    out(
        f"  {'total':<40} {sum(load.loaded.values()):>10,} rows {time.monotonic() - started:7.1f} s"
    )
    return load.loaded


def _phone(n: int) -> str:
    return f"+1773{2_000_000 + n % 7_000_000:07d}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--regenerate", action="store_true")
    args = parser.parse_args()
    print(prepare(args.scale, regenerate=args.regenerate))


def prepare(scale: float, *, regenerate: bool = False, out=print) -> str:
    """The DATABASE_URL of a generated district of ``scale`` (made now unless one already
    made by this generator's version exists). Sets up Django on it (bench settings)."""
    url, name = database_url_for(os.environ.get("DATABASE_URL", ""), scale)
    os.environ["DATABASE_URL"] = url  # what a first setup reads
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aup_portal.settings_bench")
    import django
    from django.db import connections

    django.setup()
    connection = connections["default"]
    connection.close()  # an earlier district's, or the one about to be made again
    fresh = ensure_database(url, name, marker(scale), regenerate=regenerate, out=out)
    connection.settings_dict["NAME"] = name
    from django.core.management import call_command

    # A reused district gets the migrations added since it was made (new indexes, tables).
    call_command("migrate", interactive=False, verbosity=0)
    if fresh:
        out(f"Generating a district at scale {scale:g} into {name}:")
        generate(scale, out=out)
        mark_database(url, name, marker(scale))
    else:
        out(f"Reusing {name} (generated at scale {scale:g}, generator v{GENERATOR_VERSION}).")
    return url


def marker(scale: float) -> str:
    return f"aup bench district scale={scale:g} generator=v{GENERATOR_VERSION}"


if __name__ == "__main__":
    main()
