"""What a staged export would change, per kind of record: added, updated, left, unchanged,
with a few samples. Read-only: the dry run shows it and the import applies the same
comparison (roster/oneroster/services.py)."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection


@dataclass(frozen=True)
class Kind:
    """One portal table fed from one staging table, matched by sourcedId (or, for rows
    entered by hand before the first import, by their natural key)."""

    name: str
    table: str
    staging: str
    columns: dict  # portal column → SQL over the staging row ``t`` (and ``joins``)
    natural: tuple | None = None  # (portal column, staging expression)
    joins: str = ""
    insert_only: dict = field(default_factory=dict)
    # How a row that left is marked: "left_on", "is_active" or "active"; who left: those
    # missing from a full file (if ``leaves_in_full``), those a delta file deletes (the rows
    # of ``gone``, the file they come from).
    leaves: str = ""
    leaves_in_full: bool = True
    gone: str = "users.csv"
    left_word: str = "left"
    label: str = "t.sourced_id"


KINDS = [
    Kind(
        "schools",
        "roster_school",
        "ro_org",
        {"code": "t.code", "name": "t.name", "kind": "t.kind", "active": "true"},
        natural=("code", "t.code"),
        # Only a delta file closes a school (one that has no students left).
        leaves="active",
        leaves_in_full=False,
        gone="orgs.csv",
        left_word="closed",
        label="t.name",
    ),
    Kind(
        "school years",
        "roster_schoolyear",
        "(SELECT * FROM ro_session WHERE type = 'schoolYear')",
        {"label": "t.label", "first_day": "t.first_day", "last_day": "t.last_day"},
        natural=("label", "t.label"),
        label="t.label",
    ),
    Kind(
        "students",
        "roster_student",
        "ro_student",
        {
            "student_id": "t.student_id",
            "first_name": "t.first_name",
            "last_name": "t.last_name",
            "date_of_birth": "t.date_of_birth",
            "grade": "t.grade",
            "school_id": "sc.id",
            "active": "true",
            "left_on": "NULL::date",
        },
        natural=("student_id", "t.student_id"),
        joins="LEFT JOIN roster_school sc ON sc.sourced_id = t.school_sourced_id",
        insert_only={"homeroom": "''"},
        leaves="left_on",
        label="t.first_name || ' ' || t.last_name || ' (' || t.student_id || ')'",
    ),
    Kind(
        "guardians",
        "roster_guardian",
        "ro_guardian",
        {
            "first_name": "t.first_name",
            "last_name": "t.last_name",
            "email": "t.email",
            "mobile_phone": "t.mobile_phone",
            "preferred_language": "t.preferred_language",
            "left_on": "NULL::date",
        },
        leaves="left_on",
        label="t.first_name || ' ' || t.last_name",
    ),
    Kind(
        "staff accounts",
        "roster_user",
        "ro_staff",
        {
            "username": "t.username",
            "first_name": "t.first_name",
            "last_name": "t.last_name",
            "email": "t.email",
            "is_active": "true",
        },
        natural=("username", "t.username"),
        insert_only={
            # No password: staff sign in with the district's accounts or ask for a reset.
            "password": "'!' || md5(random()::text)",
            "is_superuser": "false",
            "is_staff": "false",
            "date_joined": "now()",
        },
        leaves="is_active",
        label="t.first_name || ' ' || t.last_name",
    ),
]

LINKS_SQL = (
    "FROM ro_link l JOIN roster_student s ON s.sourced_id = l.student_sourced_id "
    "JOIN roster_guardian g ON g.sourced_id = l.guardian_sourced_id"
)
ROLES_SQL = (
    "FROM ro_staffrole r JOIN roster_user u ON u.sourced_id = r.user_sourced_id "
    "JOIN roster_school sc ON sc.sourced_id = r.org_sourced_id"
)


def match_join(kind: Kind, alias="x") -> str:
    on = f"{alias}.sourced_id = t.sourced_id"
    if kind.natural:
        column, expression = kind.natural
        on = f"({on} OR ({alias}.sourced_id IS NULL AND {alias}.{column} = {expression}))"
    return f"LEFT JOIN {kind.table} {alias} ON {on}"


def differs(kind: Kind, alias="x") -> str:
    portal = ", ".join(f"{alias}.{c}" for c in kind.columns)
    staged = ", ".join(kind.columns.values())
    return f"ROW({portal}) IS DISTINCT FROM ROW({staged})"


def leaves(kind: Kind, delta: bool) -> bool:
    return bool(kind.leaves) and (delta or kind.leaves_in_full)


def left_where(kind: Kind, delta: bool, alias="x") -> str:
    """The portal rows of ``kind`` the staged file marks as left: in a full file those it no
    longer lists, in a delta file those it lists as ``tobedeleted``."""
    still = f"{alias}.left_on IS NULL" if kind.leaves == "left_on" else f"{alias}.{kind.leaves}"
    if delta:
        return (
            f"{still} AND EXISTS (SELECT 1 FROM ro_gone g WHERE g.file = '{kind.gone}' "
            f"AND g.sourced_id = {alias}.sourced_id)"
        )
    return (
        f"{alias}.sourced_id IS NOT NULL AND {still} AND NOT EXISTS "
        f"(SELECT 1 FROM {kind.staging} t WHERE t.sourced_id = {alias}.sourced_id)"
    )


@dataclass
class Plan:
    delta: bool
    counts: dict = field(default_factory=dict)  # kind → {added, updated, left, unchanged}
    samples: dict = field(default_factory=dict)  # (kind, change) → [labels]
    left_share: float = 0.0

    @property
    def refused(self) -> bool:
        return self.left_share > max_left_share()

    def lines(self) -> list[str]:
        mode = "delta (updates only what it lists)" if self.delta else "full"
        out = [f"Roster file: {mode}."]
        for kind, counts in self.counts.items():
            out.append(f"{kind}: " + ", ".join(f"{n:,} {what}" for what, n in counts.items()))
            for change in ("added", "updated", "left", "closed"):
                sample = self.samples.get((kind, change))
                if sample:
                    out.append(f"  {change}, for example: " + "; ".join(sample))
        if self.refused:
            out.append(
                f"Refused: {self.left_share:.1%} of the students would be marked as left, more "
                f"than the limit of {max_left_share():.0%} (ROSTER_IMPORT_MAX_LEFT_SHARE); "
                "check the file, or import it with --force."
            )
        return out

    def __str__(self):
        return "\n".join(self.lines())


def max_left_share() -> float:
    return getattr(settings, "ROSTER_IMPORT_MAX_LEFT_SHARE", 0.05)


def plan_staged(staged, progress=print) -> Plan:
    """Compares the staged export with the portal's tables."""
    plan = Plan(delta=staged.delta)
    with connection.cursor() as cursor:
        for kind in KINDS:
            progress(f"Comparing {kind.name}…")
            cursor.execute(
                f"SELECT count(*) FILTER (WHERE x.id IS NULL), "
                f"count(*) FILTER (WHERE x.id IS NOT NULL AND {differs(kind)}), count(*) "
                f"FROM {kind.staging} t {kind.joins} {match_join(kind)}"
            )
            added, updated, total = cursor.fetchone()
            left = 0
            if leaves(kind, staged.delta):
                gone = left_where(kind, staged.delta)
                cursor.execute(f"SELECT count(*) FROM {kind.table} x WHERE {gone}")
                left = cursor.fetchone()[0]
            plan.counts[kind.name] = {
                "added": added,
                "updated": updated,
                kind.left_word: left,
                "unchanged": total - added - updated,
            }
            for change, where in (
                ("added", "x.id IS NULL"),
                ("updated", f"x.id IS NOT NULL AND {differs(kind)}"),
            ):
                cursor.execute(
                    f"SELECT {kind.label} FROM {kind.staging} t {kind.joins} {match_join(kind)} "
                    f"WHERE {where} ORDER BY t.line LIMIT 3"
                )
                plan.samples[(kind.name, change)] = [r[0] for r in cursor.fetchall()]
            if left:
                cursor.execute(
                    f"SELECT x.sourced_id FROM {kind.table} x WHERE {gone} ORDER BY x.id LIMIT 3"
                )
                plan.samples[(kind.name, kind.left_word)] = [r[0] for r in cursor.fetchall()]
            if kind.name == "students" and left:
                cursor.execute(
                    "SELECT count(*) FROM roster_student WHERE sourced_id IS NOT NULL "
                    "AND left_on IS NULL"
                )
                plan.left_share = left / max(cursor.fetchone()[0], 1)
        cursor.execute(
            "SELECT count(*) FILTER (WHERE x.id IS NULL), count(*) FILTER (WHERE x.id IS NOT NULL "
            "AND (x.relationship, x.has_educational_rights) IS DISTINCT FROM "
            "(l.relationship, l.has_educational_rights)) "
            "FROM ro_link l LEFT JOIN roster_student s ON s.sourced_id = l.student_sourced_id "
            "LEFT JOIN roster_guardian g ON g.sourced_id = l.guardian_sourced_id "
            "LEFT JOIN roster_studentguardian x "
            "ON x.student_id = s.id AND x.guardian_id = g.id"
        )
        added, updated = cursor.fetchone()
        plan.counts["guardian links"] = {"added": added, "updated": updated}
    return plan


def today() -> datetime.date:
    from django.utils import timezone

    return timezone.localdate()
