"""Evidence is read-only in the admin, for everyone: signed records, revocations,
countersignatures, the cumulative record and the tombstones of its destroyed documents,
consent events, the student-record access log, exception events, attachments and decision
records (an exception request past draft: tests/exceptions/test_admin.py)."""

from django.contrib import admin
from django.test import RequestFactory

from consent.models import ConsentEvent, ConsentRecord, Countersignature, PhoneChange, Revocation
from exceptions.models import DecisionRecord, ExceptionAttachment, ExceptionEvent
from platforms.models import AuditEvidence, PlatformEvent
from roster.models import CumulativeDocument, DocumentDestruction, RecordAccess

EVIDENCE = {
    ConsentRecord,
    Revocation,
    Countersignature,
    PhoneChange,
    CumulativeDocument,
    ConsentEvent,
    RecordAccess,
    ExceptionEvent,
    ExceptionAttachment,
    DecisionRecord,
    DocumentDestruction,
    PlatformEvent,
    AuditEvidence,
}


def admin_pages():
    """Every ModelAdmin of the site and every inline on it."""
    for model_admin in admin.site._registry.values():
        yield model_admin
        for inline in model_admin.inlines:
            yield inline(model_admin.model, admin.site)


def test_admin_evidence_cannot_be_added_changed_or_deleted(administrator):
    # Arrange
    request = RequestFactory().get("/admin/")
    request.user = administrator

    # Act
    shown = {page.model for page in admin_pages()} & EVIDENCE
    writable = [
        f"{type(page).__name__} ({page.model.__name__})"
        for page in admin_pages()
        if page.model in EVIDENCE
        and (
            page.has_add_permission(request, None)
            or page.has_change_permission(request, None)
            or page.has_delete_permission(request, None)
        )
    ]

    # Assert
    assert writable == []
    # The rest (revocations, countersignatures, phone changes, documents) have no admin page.
    assert shown == EVIDENCE - {Revocation, Countersignature, PhoneChange, CumulativeDocument}
