"""The roster import's writes: a checked OneRoster export merged into the portal's roster.

``roster_import_run`` stages the export (roster/oneroster/staging.py), plans it
(roster/oneroster/plan.py) and, unless it is a dry run or the safety valve refuses it, merges
each kind with set-based ``INSERT … ON CONFLICT (sourced_id) DO UPDATE`` statements, one
transaction per chunk of staged rows. Rows whose values did not change are not written, so
a second run of the same files changes nothing. Records are never deleted: people missing
from a full file get ``left_on`` (students, guardians) or lose their account and school roles
(staff); a delta file marks as left only those it lists as ``tobedeleted`` (and closes the
schools it deletes, once they have no students). District roles (ITS, CIO…) are the portal's
own and are never touched."""

import dataclasses
import time

from django.db import connection, transaction
from django.utils import timezone

from aup_portal.files import local_copy
from roster.models import RosterImport, RosterImportStatus
from roster.oneroster.plan import (
    KINDS,
    LINKS_SQL,
    ROLES_SQL,
    differs,
    leaves,
    left_where,
    plan_staged,
)
from roster.oneroster.reader import Export, RosterFileError
from roster.oneroster.staging import Staged, stage

CHUNK_LINES = 50_000


class RosterImportRefused(Exception):
    def __init__(self, plan):
        super().__init__(str(plan))
        self.plan = plan


def roster_import_run(*, path, dry_run: bool, force: bool = False, progress=print):
    """Checks the export at ``path`` and (unless ``dry_run``) applies it; returns
    (plan, report lines). Raises RosterFileError (nothing changed) for bad input and
    RosterImportRefused when the safety valve holds (nothing changed).

    Side effects: rows of School, SchoolYear, Student, Guardian, StudentGuardian, User and
    StaffRole (teacher and principal roles only) added, updated or marked as left."""
    started = time.monotonic()
    with Export(path) as export:
        staged = stage(export, progress=progress)
    try:
        plan = plan_staged(staged, progress)
        if dry_run:
            return plan, []
        if plan.refused and not force:
            raise RosterImportRefused(plan)
        report = _apply(staged, progress)
    finally:
        Staged.drop()
    report.append(f"Finished in {time.monotonic() - started:.0f} s.")
    return plan, report


def _chunks(cursor, kind):
    cursor.execute(f"SELECT coalesce(min(line), 0), coalesce(max(line), -1) FROM {kind.staging} t")
    low, high = cursor.fetchone()
    for start in range(low, high + 1, CHUNK_LINES):
        yield start, start + CHUNK_LINES - 1


def _merge_kind(cursor, kind, progress):
    columns = list(kind.columns)
    insert_columns = ["sourced_id", *columns, *kind.insert_only]
    values = ["t.sourced_id", *kind.columns.values(), *kind.insert_only.values()]
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in columns)
    excluded = dataclasses.replace(kind, columns={c: f"EXCLUDED.{c}" for c in columns})
    written = 0
    for low, high in _chunks(cursor, kind):
        with transaction.atomic():
            if kind.natural:
                # Rows entered by hand before the first import take their sourcedId.
                column, expression = kind.natural
                cursor.execute(
                    f"UPDATE {kind.table} x SET sourced_id = t.sourced_id FROM {kind.staging} t "
                    f"WHERE x.sourced_id IS NULL AND x.{column} = {expression} "
                    f"AND t.line BETWEEN %s AND %s AND NOT EXISTS "
                    f"(SELECT 1 FROM {kind.table} y WHERE y.sourced_id = t.sourced_id)",
                    [low, high],
                )
            cursor.execute(
                f"INSERT INTO {kind.table} AS x ({', '.join(insert_columns)}) "
                f"SELECT {', '.join(values)} FROM {kind.staging} t {kind.joins} "
                f"WHERE t.line BETWEEN %s AND %s "
                f"ON CONFLICT (sourced_id) DO UPDATE SET {updates} WHERE {differs(excluded)}",
                [low, high],
            )
            written += cursor.rowcount
        progress(f"{kind.name}: lines {low:,}–{high:,} merged ({written:,} rows written so far).")
    return written


def _apply(staged, progress):
    report = []
    today = timezone.localdate()
    with connection.cursor() as cursor:
        for kind in KINDS:
            written = _merge_kind(cursor, kind, progress)
            report.append(f"{kind.name}: {written:,} added or updated.")
        with transaction.atomic():
            cursor.execute(
                "INSERT INTO roster_studentguardian AS x "
                "(student_id, guardian_id, relationship, has_educational_rights) "
                f"SELECT s.id, g.id, l.relationship, l.has_educational_rights {LINKS_SQL} "
                "ON CONFLICT (student_id, guardian_id) DO UPDATE SET "
                "relationship = EXCLUDED.relationship, "
                "has_educational_rights = EXCLUDED.has_educational_rights "
                "WHERE (x.relationship, x.has_educational_rights) IS DISTINCT FROM "
                "(EXCLUDED.relationship, EXCLUDED.has_educational_rights)"
            )
            report.append(f"guardian links: {cursor.rowcount:,} added or updated.")
            cursor.execute(
                "INSERT INTO roster_staffrole (user_id, role, school_id) "
                f"SELECT DISTINCT u.id, r.role, sc.id {ROLES_SQL} "
                "ON CONFLICT (user_id, role, school_id) WHERE school_id IS NOT NULL DO NOTHING"
            )
            report.append(f"school roles: {cursor.rowcount:,} added.")
            # School roles the file no longer gives: of every imported account in a full
            # file; in a delta file, of the accounts it lists or deletes, the roles it ends
            # (enrollments, roles.csv) and the roles at schools it closes.
            whose = (
                "(EXISTS (SELECT 1 FROM ro_staff t WHERE t.sourced_id = u.sourced_id) "
                "OR EXISTS (SELECT 1 FROM ro_gone g WHERE (g.file = 'users.csv' AND "
                "g.sourced_id = u.sourced_id) OR (g.file = 'orgs.csv' AND "
                "g.sourced_id = sc.sourced_id)) "
                "OR EXISTS (SELECT 1 FROM ro_role_gone e WHERE e.user_sourced_id = u.sourced_id "
                "AND e.role = x.role AND e.org_sourced_id = sc.sourced_id))"
                if staged.delta
                else "u.sourced_id IS NOT NULL"
            )
            cursor.execute(
                "DELETE FROM roster_staffrole x USING roster_user u, roster_school sc "
                "WHERE x.user_id = u.id AND x.school_id = sc.id "
                f"AND x.role IN ('teacher', 'principal') AND {whose} AND NOT EXISTS "
                "(SELECT 1 FROM ro_staffrole r WHERE r.user_sourced_id = u.sourced_id "
                "AND r.role = x.role AND r.org_sourced_id = sc.sourced_id)"
            )
            report.append(f"school roles: {cursor.rowcount:,} removed.")
        with transaction.atomic():
            for kind in KINDS:
                if not leaves(kind, staged.delta):
                    continue
                where = left_where(kind, staged.delta)
                if kind.leaves == "left_on":
                    active = ", active = false" if kind.table == "roster_student" else ""
                    cursor.execute(
                        f"UPDATE {kind.table} x SET left_on = %s{active} WHERE {where}", [today]
                    )
                    report.append(f"{kind.name}: {cursor.rowcount:,} marked as left.")
                else:
                    cursor.execute(f"UPDATE {kind.table} x SET {kind.leaves} = false WHERE {where}")
                    done = "closed" if kind.leaves == "active" else "deactivated"
                    report.append(f"{kind.name}: {cursor.rowcount:,} {done}.")
    progress("Done.")
    return report


def roster_import_upload(*, file, user, dry_run: bool, force: bool = False) -> RosterImport:
    """Keeps an uploaded export and queues its check (and import) in the background.

    Side effects: one RosterImport row, the file in private storage, one queued job."""
    from aup_portal.queue import enqueue

    with transaction.atomic():
        record = RosterImport(uploaded_by=user, dry_run=dry_run, force=force)
        record.file.save(file.name, file, save=False)
        record.save()
        enqueue("roster.tasks.run_roster_import", import_id=record.pk)
    return record


def roster_import_apply(*, import_id: int, user) -> RosterImport:
    """Queues the import of a file whose dry run ITS has read (the plan may have changed
    since: the import plans again, and the safety valve applies again).

    Side effects: the RosterImport row (no longer a dry run, queued) and one queued job."""
    from aup_portal.queue import enqueue

    with transaction.atomic():
        record = RosterImport.objects.select_for_update().get(pk=import_id)
        if record.status != RosterImportStatus.PLANNED:
            return record
        record.dry_run, record.status = False, RosterImportStatus.QUEUED
        record.report = f"Import confirmed by {user}."
        record.save(update_fields=["dry_run", "status", "report"])
        enqueue("roster.tasks.run_roster_import", import_id=record.pk)
    return record


def roster_import_process(*, import_id: int) -> RosterImport:
    """Runs an uploaded import (a dry run or the real thing), keeping its plan, progress and
    report on the RosterImport row for the admin page and for audit.

    Side effects: the roster rows (see ``roster_import_run``) and the RosterImport row."""
    record = RosterImport.objects.get(pk=import_id)
    if record.status != RosterImportStatus.QUEUED:
        return record  # already done: a rerun of the job changes nothing

    def progress(message):
        RosterImport.objects.filter(pk=import_id).update(progress=message[:200])

    RosterImport.objects.filter(pk=import_id).update(status=RosterImportStatus.RUNNING)
    try:
        with local_copy(record.file) as path:
            plan, report = roster_import_run(
                path=path, dry_run=record.dry_run, force=record.force, progress=progress
            )
        status = RosterImportStatus.PLANNED if record.dry_run else RosterImportStatus.DONE
        fields = {"plan": str(plan), "report": "\n".join(report)}
    except RosterFileError as error:
        status, fields = RosterImportStatus.FAILED, {"report": str(error)}
    except RosterImportRefused as refusal:
        status, fields = (
            RosterImportStatus.REFUSED,
            {"plan": str(refusal.plan), "report": "Refused by the safety valve."},
        )
    RosterImport.objects.filter(pk=import_id).update(
        status=status, finished_at=timezone.now(), progress="", **fields
    )
    record.refresh_from_db()
    return record
