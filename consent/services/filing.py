"""Filing signed forms, countersignatures, withdrawals and phone number changes as PDF/A
documents in the student's cumulative record."""

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction

from consent import pdf
from consent.models import (
    ConsentEvent,
    ConsentRecord,
    Countersignature,
    EventKind,
    PhoneChange,
    Revocation,
)
from roster.models import CumulativeDocument, DocumentKind


def _file_document(*, student, school_year, kind, title, content: bytes, added_by, name, position):
    document = CumulativeDocument(
        student=student,
        school_year=school_year,
        kind=kind,
        title=title,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        added_by=added_by,
        added_by_name=name,
        added_by_position=position,
    )
    document.file.save(f"{kind}-{student.student_id}.pdf", ContentFile(content), save=False)
    document.save()
    return document


def consent_file_pdf(*, record_id: int) -> CumulativeDocument:
    """Renders a signed record as PDF/A once and files it in the cumulative record.
    Safe to repeat: a record that already has its document keeps it.

    Side effects: a PDF in private storage, one CumulativeDocument, record.document set,
    a "filed" event."""
    with transaction.atomic():
        record = (
            ConsentRecord.objects.select_for_update(of=("self",))
            .select_related(
                "request__program",
                "request__school_year",
                "request__student",
                "request__school",
                "form_text",
                "guardian",
                "document",
            )
            .get(pk=record_id)
        )
        if record.document is not None:
            return record.document
        request = record.request
        document = _file_document(
            student=request.student,
            school_year=request.school_year,
            kind=DocumentKind.CONSENT_FORM,
            title=f"{request.program.name}: {record.get_decision_display().lower()}, "
            f"{request.school_year.label}",
            content=pdf.render_consent_record(record),
            added_by=None,
            name="AUP Portal",
            position="Electronic signature record, filed automatically",
        )
        ConsentRecord.objects.filter(pk=record.pk).update(document=document)
        ConsentEvent.objects.create(
            request=request, kind=EventKind.FILED, detail=f"Consent form PDF {document.sha256}"
        )
    return document


def consent_file_countersignature_pdf(*, countersignature_id: int) -> CumulativeDocument:
    """Files a principal's countersignature as its own PDF/A in the cumulative record.

    Side effects: a PDF in private storage, one CumulativeDocument, the countersignature's
    document set, a "filed" event."""
    with transaction.atomic():
        countersignature = (
            Countersignature.objects.select_for_update(of=("self",))
            .select_related(
                "record__request__program",
                "record__request__school_year",
                "record__request__student",
                "record__request__school",
                "principal",
                "document",
            )
            .get(pk=countersignature_id)
        )
        if countersignature.document is not None:
            return countersignature.document
        request = countersignature.record.request
        document = _file_document(
            student=request.student,
            school_year=request.school_year,
            kind=DocumentKind.COUNTERSIGNATURE,
            title=f"{request.program.name}: principal's "
            + ("permission" if countersignature.is_countersigned else "refusal")
            + f", {request.school_year.label}",
            content=pdf.render_countersignature(countersignature),
            added_by=countersignature.principal,
            name=countersignature.principal_name,
            position=countersignature.position,
        )
        Countersignature.objects.filter(pk=countersignature.pk).update(document=document)
        ConsentEvent.objects.create(
            request=request,
            kind=EventKind.FILED,
            detail=f"Countersignature PDF {document.sha256}",
        )
    return document


def consent_file_revocation_pdf(*, revocation_id: int) -> CumulativeDocument:
    """Files a guardian's withdrawal as its own PDF/A in the cumulative record (who, when,
    why, the record it ends, its SHA-256). Safe to repeat: a filed withdrawal keeps its
    document.

    Side effects: a PDF in private storage, one CumulativeDocument, the withdrawal's
    document set, a "filed" event."""
    return _file_amendment(
        Revocation,
        revocation_id,
        kind=DocumentKind.WITHDRAWAL,
        what="consent withdrawn",
        render=pdf.render_revocation,
        position="Withdrawal by a parent/guardian, filed automatically",
        event="Withdrawal PDF",
    )


def consent_file_phone_change_pdf(*, change_id: int) -> CumulativeDocument:
    """Files a phone number change as its own PDF/A in the cumulative record. Safe to repeat.

    Side effects: a PDF in private storage, one CumulativeDocument, the change's document
    set, a "filed" event."""
    return _file_amendment(
        PhoneChange,
        change_id,
        kind=DocumentKind.PHONE_CHANGE,
        what="phone numbers changed",
        render=pdf.render_phone_change,
        position="Phone number change by the guardian, filed automatically",
        event="Phone change PDF",
    )


def _file_amendment(model, pk, *, kind, what, render, position, event) -> CumulativeDocument:
    """Files a later step of a signed record (a withdrawal, a phone change: ``model`` rows
    with ``record``, ``guardian`` and a set-once ``document``) once."""
    with transaction.atomic():
        row = (
            model.objects.select_for_update(of=("self",))
            .select_related(
                "record__request__program",
                "record__request__school_year",
                "record__request__student",
                "record__request__school",
                "record__form_text",
                "record__document",
                "guardian",
                "document",
            )
            .get(pk=pk)
        )
        if row.document is not None:
            return row.document
        request = row.record.request
        document = _file_document(
            student=request.student,
            school_year=request.school_year,
            kind=kind,
            title=f"{request.program.name}: {what}, {request.school_year.label}",
            content=render(row),
            added_by=None,
            name="AUP Portal",
            position=position,
        )
        model.objects.filter(pk=row.pk).update(document=document)
        ConsentEvent.objects.create(
            request=request, kind=EventKind.FILED, detail=f"{event} {document.sha256}"
        )
    return document
