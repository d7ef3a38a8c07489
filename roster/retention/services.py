"""Writes of the retention rules' workflow: placing and lifting legal holds, and destroying a
document past retention (a logged step that keeps a tombstone). Only ITS and administrators
(roster.access: manage_retention, destroy_documents) may call them."""

import hashlib

import pgtrigger
from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone

from aup_portal.evidence import UPDATE, evidence_uri
from aup_portal.queue import enqueue
from roster.access import Action, can
from roster.models import (
    CumulativeDocument,
    DocumentDestruction,
    LegalHold,
    RetentionRule,
    Student,
)
from roster.retention.selectors import document_held, holds_active, retain_until


class RetentionError(Exception):
    """A retention rule refused the change: ``code`` for code and tests, ``message`` for ITS."""

    def __init__(self, *, code: str, message: str):
        self.code = code
        self.message = message
        super().__init__(message)


def _require(user, action):
    if not can(user, action):
        raise RetentionError(code="not_allowed", message="Only ITS may do this.")


def _lock_student(student_id: int) -> Student:
    # Holds and destruction both lock the student first: a hold placed while a document of the
    # same student is being destroyed waits, and the destruction re-checks the holds after it.
    return Student.objects.select_for_update().get(pk=student_id)


def legal_hold_place(*, user, reason: str, student=None, document=None) -> LegalHold:
    """Places a legal hold on a student's whole record or on one document. Placing the same
    hold again (a double submit) returns the active one.

    Side effects: one LegalHold row; with a record store in a bucket, a queued task that sets
    the held objects' legal hold there (legal_holds_mirror)."""
    _require(user, Action.MANAGE_RETENTION)
    reason = (reason or "").strip()
    if not reason:
        raise RetentionError(code="no_reason", message="Give the reason for the hold.")
    if (student is None) == (document is None):
        raise RetentionError(
            code="no_target", message="Choose either a student or one document, not both."
        )
    with transaction.atomic():
        _lock_student(student.pk if student is not None else document.student_id)
        if document is not None and CumulativeDocument.objects.get(pk=document.pk).is_destroyed:
            raise RetentionError(
                code="destroyed", message="This document was destroyed; it cannot be held."
            )
        target = {"student": student} if student is not None else {"document": document}
        existing = holds_active().filter(reason=reason, **target).first()
        if existing is not None:
            return existing
        hold = LegalHold.objects.create(reason=reason, placed_by=user, **target)
        _mirror_holds_later(student.pk if student is not None else document.student_id)
        return hold


def legal_hold_lift(*, user, hold_id: int, reason: str) -> LegalHold:
    """Lifts an active hold; the row stays, with who lifted it, when and why.

    Side effects: the LegalHold row's lifted_by, lifted_at and lift_reason set; with a record
    store in a bucket, a queued task that clears the objects' legal hold no other hold keeps."""
    _require(user, Action.MANAGE_RETENTION)
    reason = (reason or "").strip()
    if not reason:
        raise RetentionError(code="no_reason", message="Give the reason for lifting the hold.")
    with transaction.atomic():
        hold = LegalHold.objects.select_for_update().get(pk=hold_id)
        if not hold.is_active:
            raise RetentionError(
                code="already_lifted",
                message=f"This hold was already lifted on {hold.lifted_at:%Y-%m-%d}.",
            )
        hold.lifted_by, hold.lifted_at, hold.lift_reason = user, timezone.now(), reason
        hold.save(update_fields=["lifted_by", "lifted_at", "lift_reason"])
        _mirror_holds_later(hold.student_id or hold.document.student_id)
        return hold


def _file_storage():
    return CumulativeDocument._meta.get_field("file").storage


def _mirror_holds_later(student_id: int) -> None:
    # Only a record store with object lock has legal holds of its own (aup_portal/storage.py).
    if hasattr(_file_storage(), "legal_hold"):
        enqueue("roster.tasks.mirror_legal_holds", student_id=student_id)


def legal_holds_mirror(*, student_id: int) -> int:
    """Mirrors the student's active legal holds onto the record store: the object of each
    filed document a hold covers gets the bucket's legal hold, the others lose it. Safe to
    repeat; returns how many objects are held.

    Side effects: the objects' legal hold flags in the bucket."""
    storage = _file_storage()
    whole = holds_active().filter(student_id=student_id).exists()
    held = set(
        holds_active().filter(document__student_id=student_id).values_list("document", flat=True)
    )
    documents = CumulativeDocument.objects.filter(student_id=student_id).exclude(file="")
    count = 0
    for pk, name in documents.values_list("pk", "file"):
        on = whole or pk in held
        storage.legal_hold(name, on=on)
        count += on
    return count


def _document_file_clear(document_id: int) -> None:
    """The one write that changes a filed document: its file is cleared once destroyed.
    The database refuses every other UPDATE of the cumulative record (aup_portal/evidence.py);
    this one statement is let through."""
    with pgtrigger.ignore(evidence_uri(CumulativeDocument, UPDATE)):
        CumulativeDocument.objects.filter(pk=document_id).update(file="")


def _file_sha256(document: CumulativeDocument) -> str:
    digest = hashlib.sha256()
    try:
        with document.file.open("rb") as handle:
            for chunk in handle.chunks():
                digest.update(chunk)
    except FileNotFoundError:
        raise RetentionError(
            code="file_missing",
            message=f"The file of “{document.title}” is missing from private storage; "
            "nothing was destroyed. Tell the portal's administrators.",
        ) from None
    return digest.hexdigest()


def document_destroy(*, user, document_id: int) -> DocumentDestruction:
    """Destroys one document past retention: refused when a legal hold covers it, when its
    kind has no rule, or when the student has not been gone the rule's years.

    Side effects: one DocumentDestruction row (the tombstone: what, when, who, the destroyed
    file's SHA-256, the rule applied), the document's file cleared, and a queued task that
    removes the file from private storage (it commits with the tombstone)."""
    _require(user, Action.DESTROY_DOCUMENTS)
    today = timezone.localdate()
    with transaction.atomic():
        student = _lock_student(
            CumulativeDocument.objects.values_list("student_id", flat=True).get(pk=document_id)
        )
        document = CumulativeDocument.objects.select_for_update().get(pk=document_id)
        if document.is_destroyed:
            raise RetentionError(code="destroyed", message="This document was already destroyed.")
        if document_held(document):
            raise RetentionError(
                code="on_hold", message=f"“{document.title}” is under a legal hold."
            )
        rule = RetentionRule.objects.filter(kind=document.kind).first()
        if rule is None:
            raise RetentionError(
                code="no_rule", message=f"There is no retention rule for {document.kind}."
            )
        left_on = student.left_on
        kept = None if left_on is None else retain_until(document.kind, left_on)
        if kept is None or kept > today:
            until = (
                "the student is still on the roster"
                if left_on is None
                else (f"it is kept until {kept:%B %-d, %Y}")
            )
            raise RetentionError(
                code="not_past_retention",
                message=f"“{document.title}” is not past retention: {until}.",
            )
        destruction = DocumentDestruction.objects.create(
            document=document,
            file_name=document.file.name,
            sha256=_file_sha256(document),
            size=document.size,
            student_left_on=left_on,
            rule_years_after_leaving=rule.years_after_leaving,
            rule_legal_basis=rule.legal_basis,
            destroyed_by=user,
            destroyed_by_name=user.get_full_name() or user.username,
        )
        _document_file_clear(document.pk)
        enqueue("roster.tasks.remove_destroyed_file", destruction_id=destruction.pk)
    return destruction


def destroyed_file_remove(*, destruction_id: int) -> None:
    """Removes a destroyed document's file from private storage. Safe to repeat.

    Side effects: the file deleted from private storage."""
    name = DocumentDestruction.objects.values_list("file_name", flat=True).get(pk=destruction_id)
    storages["private"].delete(name)
