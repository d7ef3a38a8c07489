"""Writes to the shared roster records."""

from django.utils import timezone

from aup_portal.redaction import redact
from roster.models import RecordAccess


def record_access_log(
    *,
    action: str,
    purpose: str,
    student=None,
    students=None,
    user=None,
    guardian=None,
    system: str = "",
    document=None,
    ip=None,
):
    """Notes who saw, downloaded or received part of a student's record, and why.

    One ``student`` returns its row; ``students`` (an export, a list) writes one row per
    student in one query, all at the same time, and returns the rows: each student's access
    history then shows the release. A signed-out user is no accessor (the row names the
    guardian or the system instead).

    Side effects: one RecordAccess row per student (kept for the student-records access
    history). A parent link's token or letter code in ``action`` is redacted."""
    if (student is None) == (students is None):
        raise TypeError("Pass either student or students.")
    now = timezone.now()
    rows = [
        RecordAccess(
            student=each,
            document=document,
            user=user if user is not None and user.is_authenticated else None,
            guardian=guardian,
            system=system,
            action=redact(action)[:120],
            purpose=purpose,
            ip_address=ip,
            at=now,
        )
        for each in ([student] if student is not None else students)
    ]
    RecordAccess.objects.bulk_create(rows)  # one INSERT on PostgreSQL, however many
    return rows[0] if student is not None else rows
