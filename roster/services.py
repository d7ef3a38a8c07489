"""Writes to the shared roster records."""

from roster.models import RecordAccess


def record_access_log(
    *,
    student,
    action: str,
    purpose: str,
    user=None,
    guardian=None,
    system: str = "",
    document=None,
    ip=None,
) -> RecordAccess:
    """Notes who saw or downloaded part of a student's record, and why.

    Side effects: one RecordAccess row (kept for the student-records access history)."""
    return RecordAccess.objects.create(
        student=student,
        document=document,
        user=user if user is not None and user.is_authenticated else None,
        guardian=guardian,
        system=system,
        action=action,
        purpose=purpose,
        ip_address=ip,
    )
