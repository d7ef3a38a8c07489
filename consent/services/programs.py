"""Texting programs: created and changed by ITS in the admin, or by the exceptions app when
the CEO approves (and revokes) an exception."""

from django.db import transaction

from consent.models import TextingProgram

# The fields a program's writer sets; everything else keeps its default.
PROGRAM_FIELDS = [
    "slug",
    "name",
    "kind",
    "summary",
    "staff_rules",
    "lowest_grade",
    "highest_grade",
    "requires_principal_countersign",
    "needs_designation",
    "allows_duplicate_alerts",
    "group_texts_include_parent",
    "copy_staff_district_email",
    "active",
    "position",
    "school",
    "ends_on",
]


def _set(program: TextingProgram, fields: dict) -> None:
    unknown = set(fields) - set(PROGRAM_FIELDS)
    if unknown:
        raise TypeError(f"Not a program field: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(program, name, value)
    program.full_clean()


def program_create(*, fields: dict) -> TextingProgram:
    """A new texting program. Raises ValidationError on a bad slug or grade band.

    Side effects: one TextingProgram row."""
    program = TextingProgram()
    _set(program, fields)
    program.save()
    return program


def program_update(*, program: TextingProgram, fields: dict) -> TextingProgram:
    """Changes a program's fields; signed records keep their form text, so a change applies
    to new consents and to coverage from now on.

    Side effects: the program's row."""
    with transaction.atomic():
        locked = TextingProgram.objects.select_for_update().get(pk=program.pk)
        _set(locked, fields)
        locked.save()
    return locked


def program_end(*, program_id: int) -> bool:
    """Stops a program from today: no new requests, and nobody is covered under it any more
    (coverage asks program.runs_on). Its records stay. False if it had already ended.

    Side effects: the program's ``active`` flag."""
    with transaction.atomic():
        program = TextingProgram.objects.select_for_update().filter(pk=program_id).first()
        if program is None or not program.active:
            return False
        program.active = False
        program.save(update_fields=["active"])
    return True
