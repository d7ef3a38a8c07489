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
import hashlib
import itertools
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

GENERATOR_VERSION = 2
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
SECOND_GUARDIAN_SHARE = 0.3625  # 436,000 guardians for 320,000 students
FIRST = [
    "Ana",
    "Ben",
    "Carla",
    "Diego",
    "Elena",
    "Farah",
    "Gus",
    "Hana",
    "Ivan",
    "Jade",
    "Kofi",
    "Lena",
    "Maya",
    "Noor",
    "Omar",
    "Pia",
    "Quinn",
    "Rosa",
    "Sam",
    "Tao",
    "Uma",
    "Vik",
    "Wen",
    "Yara",
    "Zoe",
]
LAST = [
    "Garcia",
    "Smith",
    "Johnson",
    "Nowak",
    "Lopez",
    "Kim",
    "Patel",
    "Nguyen",
    "Brown",
    "Rivera",
    "Chen",
    "Davis",
    "Wilson",
    "Moore",
    "Taylor",
    "Khan",
    "Singh",
    "Walker",
    "Young",
    "Hall",
    "Allen",
    "Wright",
    "Scott",
    "Green",
    "Baker",
    "Adams",
    "Nelson",
    "Hill",
]


def counts(scale: float) -> dict:
    """The number of rows of each kind at ``scale`` (1.0: the issue's district)."""
    c = {key: max(1, round(value * scale)) for key, value in FULL.items()}
    c["schools"] = max(c["schools"], 4)
    c["charter"] = min(c["charter"], c["schools"] - 3)
    c["approved_exceptions"] = min(c["approved_exceptions"], c["exceptions"])
    c["known_school_students"] = min(2_500, c["students"] // 2)
    return c


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


def _at(day: datetime.date, seconds: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(8), tzinfo=datetime.UTC) + (
        datetime.timedelta(seconds=seconds)
    )


def generate(scale: float = 1.0, out=print) -> dict:
    """Fills the migrated, empty database Django uses with a district of ``scale``; returns
    the rows per table."""
    from django.conf import settings
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django.utils import timezone

    from consent.links import hash_token, token_for_nonce
    from consent.models import (
        ConsentEvent,
        ConsentFormText,
        ConsentLink,
        ConsentRecord,
        ConsentRequest,
        IssueBatch,
        TextingProgram,
    )
    from consent.services.signing import record_canonical
    from exceptions.models import ExceptionEvent, ExceptionRequest
    from faq.demo import seed_faq_demo
    from roster.demo import ensure_school_years
    from roster.models import (
        Guardian,
        RecordAccess,
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
        ["id", "code", "name", "kind", "active"],
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
        [
            "id",
            "student_id",
            "first_name",
            "last_name",
            "date_of_birth",
            "grade",
            "school_id",
            "homeroom",
            "active",
        ],
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
        ["id", "first_name", "last_name", "email", "mobile_phone", "preferred_language"],
        (
            (gid, first, last, f"guardian{gid}@example.org", _phone(gid), language)
            for gid, first, last, language in guardians
        ),
    )
    load.copy(
        StudentGuardian,
        ["id", "student_id", "guardian_id", "relationship", "has_educational_rights"],
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
        [
            "id",
            "password",
            "is_superuser",
            "username",
            "first_name",
            "last_name",
            "email",
            "is_staff",
            "is_active",
            "date_joined",
            "break_glass",
        ],
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
        ["id", "user_id", "role", "school_id"],
        ((uid, uid, role, school) for uid, _name, _s, role, school in users),
    )
    principal_of = {school: uid for uid, _n, _s, role, school in users if role == "principal"}

    # Consent requests: this year bulk alerts, re-engagement, safety meet-ups; then last year's,
    # until the scale's count. One batch per program, year and school.
    programs = {p.slug: p for p in TextingProgram.objects.filter(school__isnull=True)}
    texts = {}
    for text in ConsentFormText.objects.order_by("version"):
        texts[(text.program_id, text.language)] = text
    by_school = [[] for _ in schools]
    for student in students:
        by_school[student[1]].append(student)
    plan, budget = [], c["requests"]
    for year in (current, previous):
        for slug in ("bulk-alerts", "reengagement", "safety-meetup"):
            program = programs[slug]
            for index, school in enumerate(schools):
                if school[2] == "charter" or budget <= 0:
                    continue
                eligible = [
                    s
                    for s in by_school[index]
                    if program.lowest_grade <= s[2] <= program.highest_grade
                ][:budget]
                if eligible:
                    plan.append((len(plan) + 1, program, year, index, eligible))
                    budget -= len(eligible)
    load.copy(
        IssueBatch,
        [
            "id",
            "program_id",
            "school_year_id",
            "school_id",
            "issued_by_id",
            "issued_at",
            "scope",
            "issued_count",
            "skipped",
            "skipped_students",
        ],
        (
            (
                bid,
                program.pk,
                year.pk,
                index + 1,
                principal_of[index + 1],
                _at(year.first_day, 14 * 86400 + bid),
                "Every eligible student",
                len(eligible),
                "{}",
                "{}",
            )
            for bid, program, year, index, eligible in plan
        ),
    )

    requests, links, events, records = [], [], [], []
    for bid, program, year, index, eligible in plan:
        this_year = year.pk == current.pk
        for sid, _i, _grade, _dob, _first, _last in eligible:
            rid = len(requests) + 1
            roll = rng.random()
            if this_year:
                status = "answered" if roll < 0.55 else ("open" if roll < 0.98 else "cancelled")
            else:
                status = "answered" if roll < 0.8 else "cancelled"
            created = _at(year.first_day, 14 * 86400 + bid)
            requests.append((rid, bid, program.pk, year.pk, sid, index + 1, status, created))
            events.append((rid, "issued", created, principal_of[index + 1], None))
            own = [(g, r) for g, r, ok in links_of[sid - 1] if ok]
            for gid, _r in own:
                links.append((len(links) + 1, rid, gid, created))
                events.append((rid, "emailed", created, None, gid))
            if status != "answered":
                continue
            gid, relationship = own[0]
            lid = len(links) - len(own) + 1
            signed = min(created + datetime.timedelta(seconds=rng.randint(3600, 20 * 86400)), now)
            events.append((rid, "opened", signed - datetime.timedelta(minutes=3), None, gid))
            events.append((rid, "signed", signed, None, gid))
            guardian = guardians[gid - 1]
            text = (
                texts.get((program.pk, "es" if guardian[3] == "es" else "en"))
                or texts[(program.pk, "en")]
            )
            grant = rng.random() < 0.85
            student_mobile = _phone(5_000_000 + sid) if grant else ""
            fields = {
                "request": rid,
                "program": program.slug,
                "school_year": year.label,
                "student": f"{20000000 + sid}",
                "guardian": gid,
                "decision": "grant" if grant else "decline",
                "signer_name": f"{guardian[1]} {guardian[2]}",
                "relationship": relationship,
                "student_mobile": student_mobile,
                "parent_mobile": "",
                "duplicate_alerts": False,
                "form_text": {
                    "language": text.language,
                    "version": text.version,
                    "sha256": hashlib.sha256(f"{text.title}\n\n{text.body}".encode()).hexdigest(),
                },
                "esign_agreed": True,
                "source": "electronic",
                "signed_at": signed.astimezone(datetime.UTC).isoformat(),
                "ip_address": "198.51.100.7",
                "user_agent": "Mozilla/5.0 (bench)",
            }
            canonical, sha = record_canonical(fields)
            records.append(
                (
                    len(records) + 1,
                    rid,
                    lid,
                    gid,
                    fields["decision"],
                    fields["signer_name"],
                    relationship,
                    student_mobile,
                    "",
                    False,
                    text.pk,
                    True,
                    "electronic",
                    signed,
                    "198.51.100.7",
                    "Mozilla/5.0 (bench)",
                    canonical,
                    sha,
                )
            )
    load.copy(
        ConsentRequest,
        [
            "id",
            "batch_id",
            "program_id",
            "school_year_id",
            "student_id",
            "school_id",
            "status",
            "created_at",
        ],
        requests,
    )
    key = settings.LINK_SIGNING_KEY

    def link_rows():
        for lid, rid, gid, created in links:
            nonce = hashlib.sha256(f"bench-{SEED}-{lid}".encode()).hexdigest()
            yield (
                lid,
                rid,
                gid,
                nonce,
                hash_token(token_for_nonce(nonce, key)),
                created,
                created,
                "",
                0,
            )

    load.copy(
        ConsentLink,
        [
            "id",
            "request_id",
            "guardian_id",
            "nonce",
            "token_hash",
            "created_at",
            "last_sent_at",
            "send_error",
            "failed_checks",
        ],
        link_rows(),
    )
    load.copy(
        ConsentEvent,
        ["id", "request_id", "kind", "at", "user_id", "guardian_id", "detail"],
        (
            (k, rid, kind, at, uid, gid, "")
            for k, (rid, kind, at, uid, gid) in enumerate(events, start=1)
        ),
    )
    load.copy(
        ConsentRecord,
        [
            "id",
            "request_id",
            "link_id",
            "guardian_id",
            "decision",
            "signer_name",
            "relationship",
            "student_mobile",
            "parent_mobile",
            "duplicate_alerts",
            "form_text_id",
            "esign_agreed",
            "source",
            "signed_at",
            "ip_address",
            "user_agent",
            "canonical",
            "sha256",
        ],
        records,
    )

    # Who viewed signed forms: principals, and guardians their own copy.
    def access_rows():
        for k in range(1, c["accesses"] + 1):
            record = records[rng.randrange(len(records))]
            sid = requests[record[1] - 1][4]
            school = requests[record[1] - 1][5]
            by_guardian = k % 3 == 0
            yield (
                k,
                sid,
                None if by_guardian else principal_of[school],
                record[3] if by_guardian else None,
                "",
                "downloaded the signed form" if by_guardian else "viewed the signed form",
                "guardian_copy" if by_guardian else "records_review",
                "198.51.100.9",
                record[13] + datetime.timedelta(days=1, seconds=k),
            )

    load.copy(
        RecordAccess,
        [
            "id",
            "student_id",
            "user_id",
            "guardian_id",
            "system",
            "action",
            "purpose",
            "ip_address",
            "at",
        ],
        access_rows(),
    )
    _exceptions(
        load, rng, c, schools, users, current, now, ExceptionRequest, ExceptionEvent, TextingProgram
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    out(
        f"  {'total':<40} {sum(load.loaded.values()):>10,} rows {time.monotonic() - started:7.1f} s"
    )
    return load.loaded


def _exceptions(
    load, rng, c, schools, users, current, now, ExceptionRequest, ExceptionEvent, TextingProgram
):
    """Exception requests at every stage; the approved ones run CEO-approved programs."""
    open_schools = [s for s in schools if s[2] != "charter"]
    teachers = {}
    for uid, _n, _s, role, school in users:
        if role == "teacher":
            teachers.setdefault(school, uid)
    first_program = TextingProgram.objects.order_by("-id").values_list("id", flat=True)[0] + 1
    rows, programs, events = [], [], []
    stages = ["draft", "submitted", "endorsed", "recommended", "declined", "withdrawn", "ended"]
    for k in range(1, c["exceptions"] + 1):
        school = open_schools[k % len(open_schools)]
        requester = teachers.get(school[0], 3)
        approved = k <= c["approved_exceptions"]
        status = "approved" if approved else stages[k % len(stages)]
        created = now - datetime.timedelta(days=200, seconds=-k * 2000)
        program = first_program + k - 1 if approved else None
        if approved:
            programs.append(
                (
                    program,
                    f"ceo-approved-{k}",
                    f"Club texting {k} ({school[1]})",
                    "ceo_approved",
                    "Texts about the club's meetings.",
                    "Text only about the club.",
                    school[3],
                    school[4],
                    False,
                    False,
                    False,
                    True,
                    True,
                    True,
                    200,
                    school[0],
                    current.last_day,
                )
            )
        rows.append(
            (
                k,
                requester,
                school[0],
                f"Club texting {k}",
                school[3],
                school[4],
                30,
                "Reminders about meetings.",
                "No standard program covers clubs.",
                "Remind",
                True,
                True,
                "",
                current.first_day,
                current.last_day,
                status,
                "school",
                "",
                created,
                created,
                created,
                created,
                program,
                "",
                "",
                "",
                "",
                "",
            )
        )
        path = ["draft", "submitted", "endorsed", "recommended", "approved"]
        steps = path if approved else (["draft", status] if status != "draft" else [])
        for before, after in itertools.pairwise(steps):
            events.append((k, after, requester, "requester", before, after, created))
    load.copy(
        TextingProgram,
        [
            "id",
            "slug",
            "name",
            "kind",
            "summary",
            "staff_rules",
            "lowest_grade",
            "highest_grade",
            "requires_principal_countersign",
            "allows_duplicate_alerts",
            "needs_designation",
            "group_texts_include_parent",
            "copy_staff_district_email",
            "active",
            "position",
            "school_id",
            "ends_on",
        ],
        programs,
    )
    load.copy(
        ExceptionRequest,
        [
            "id",
            "requester_id",
            "school_id",
            "title",
            "lowest_grade",
            "highest_grade",
            "student_count",
            "purpose",
            "why_no_standard_program",
            "platform",
            "group_texts_include_parent",
            "copy_staff_district_email",
            "other_texters",
            "starts_on",
            "ends_on",
            "status",
            "route",
            "returned_from",
            "status_changed_at",
            "first_submitted_at",
            "created_at",
            "updated_at",
            "program_id",
            "parent_title_en",
            "parent_body_en",
            "parent_title_es",
            "parent_body_es",
            "platform_flag_reason",
        ],
        rows,
    )
    load.copy(
        ExceptionEvent,
        [
            "id",
            "request_id",
            "transition",
            "actor_id",
            "actor_role",
            "from_status",
            "to_status",
            "comment",
            "at",
        ],
        (
            (k, rid, t, actor, role, before, after, "", at)
            for k, (rid, t, actor, role, before, after, at) in enumerate(events, start=1)
        ),
    )


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
    fresh = ensure_database(url, name, marker(scale), regenerate=regenerate, out=out)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aup_portal.settings_bench")
    import django

    django.setup()
    if fresh:
        from django.core.management import call_command

        out(f"Generating a district at scale {scale:g} into {name}:")
        call_command("migrate", interactive=False, verbosity=0)
        generate(scale, out=out)
        mark_database(url, name, marker(scale))
    else:
        out(f"Reusing {name} (generated at scale {scale:g}, generator v{GENERATOR_VERSION}).")
    return url


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


def marker(scale: float) -> str:
    return f"aup bench district scale={scale:g} generator=v{GENERATOR_VERSION}"


if __name__ == "__main__":
    main()
