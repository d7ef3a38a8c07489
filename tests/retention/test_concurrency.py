"""Destruction racing a second destruction or a legal hold: real threads on real connections,
released together, so the row lock on the student decides the outcome."""

import importlib

import pytest

from roster.models import DocumentDestruction, LegalHold
from roster.retention.services import RetentionError, document_destroy, legal_hold_place
from tests.helpers import at_once

pytestmark = pytest.mark.django_db(transaction=True)

_rules = importlib.import_module("roster.migrations.0010_retention_rules_for_each_document_kind")


@pytest.fixture(autouse=True)
def _rules_again(db):
    """Transactional tests flush the data migration's rows: the rules are added again."""
    from django.apps import apps

    _rules.add_rules(apps, None)


def test_two_destructions_at_once_make_one_tombstone(its_reviewer, cio, old_form):
    outcomes = at_once(
        lambda: document_destroy(user=its_reviewer, document_id=old_form.pk),
        lambda: document_destroy(user=cio, document_id=old_form.pk),
    )

    assert sorted(kind for kind, _ in outcomes) == ["raised", "returned"]
    refused = next(value for kind, value in outcomes if kind == "raised")
    assert (refused.code, DocumentDestruction.objects.count()) == ("destroyed", 1)


def test_hold_placed_while_destroying_is_never_overtaken(its_reviewer, cio, old_form):
    outcomes = at_once(
        lambda: document_destroy(user=its_reviewer, document_id=old_form.pk),
        lambda: legal_hold_place(user=cio, reason="Subpoena", student=old_form.student),
    )

    # Either the hold came first and the destruction was refused, or the document was
    # destroyed before the hold existed; never destroyed under a hold placed earlier.
    destroyed, held = outcomes
    hold = LegalHold.objects.get()
    if destroyed[0] == "raised":
        assert isinstance(destroyed[1], RetentionError)
        assert (destroyed[1].code, DocumentDestruction.objects.count()) == ("on_hold", 0)
    else:
        assert hold.placed_at > DocumentDestruction.objects.get().destroyed_at
    assert held[0] == "returned"
