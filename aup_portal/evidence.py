"""Evidence the database itself protects: PostgreSQL triggers (django-pgtrigger) that refuse
UPDATE and DELETE on a table of evidence, whatever the code or a person at a SQL prompt tries.

Protecting a table is one line in its model's Meta: ``triggers = evidence_triggers()``, then
``makemigrations``. A column that a service fills in after the row is written (the filed PDF
attached to a signed record) is named as set-once: ``evidence_triggers("document")`` lets an
UPDATE change that column from NULL (or '') to a value and nothing else, once.

A step that must change evidence on purpose (destroying a file past retention) runs inside
``pgtrigger.ignore(evidence_uri(Model, UPDATE))`` in the one service that does it; nothing
else may. On SQLite (the local demo) the triggers are not installed: the models' own
``save()``/``delete()`` guards still refuse."""

import pgtrigger
from django.db import models

UPDATE = "evidence_no_update"
DELETE = "evidence_no_delete"


class _ChangesMoreThanSetOnce(pgtrigger.Condition):
    """True when an UPDATE changes any column but the set-once ones, or changes a set-once
    column that already held a value."""

    def __init__(self, set_once: tuple[str, ...]):
        self.set_once = set_once  # the SQL depends on the model: see resolve()

    def resolve(self, model: type[models.Model]) -> str:
        clauses = [pgtrigger.AnyChange(exclude=list(self.set_once)).resolve(model)]
        for name in self.set_once:
            field = model._meta.get_field(name)
            column = f'"{field.column}"'
            held = f"OLD.{column} IS NOT NULL"
            if isinstance(field, (models.CharField, models.TextField, models.FileField)):
                held += f" AND OLD.{column} <> ''"  # empty text counts as not yet set
            clauses.append(f"(OLD.{column} IS DISTINCT FROM NEW.{column} AND {held})")
        return "(" + " OR ".join(f"({clause})" for clause in clauses) + ")"


def evidence_triggers(*set_once: str) -> list[pgtrigger.Trigger]:
    """The triggers for a Meta: no DELETE at all; no UPDATE except set-once columns."""
    return [
        pgtrigger.Protect(name=DELETE, operation=pgtrigger.Delete),
        pgtrigger.Protect(
            name=UPDATE,
            operation=pgtrigger.Update,
            condition=_ChangesMoreThanSetOnce(set_once) if set_once else None,
        ),
    ]


def evidence_uri(model: type[models.Model], trigger: str) -> str:
    """The name ``pgtrigger.ignore`` takes for one of a model's evidence triggers."""
    return f"{model._meta.label}:{trigger}"
