"""Background work of the roster app, run by the database worker (`manage.py db_worker`)."""

from django_tasks import task

from aup_portal import queue
from roster.oneroster.services import roster_import_process
from roster.retention.services import destroyed_file_remove, legal_holds_mirror


@task(priority=queue.ROUTINE)
def run_roster_import(*, import_id: int) -> str:
    """Checks (and, unless it is a dry run, imports) an uploaded OneRoster file."""
    return roster_import_process(import_id=import_id).status


@task(priority=queue.ROUTINE)
def remove_destroyed_file(*, destruction_id: int) -> None:
    """Removes the file of a document ITS destroyed (roster.retention.services)."""
    destroyed_file_remove(destruction_id=destruction_id)


@task(priority=queue.ROUTINE)
def mirror_legal_holds(*, student_id: int) -> int:
    """Sets the record store's legal holds to the portal's (roster.retention.services)."""
    return legal_holds_mirror(student_id=student_id)
