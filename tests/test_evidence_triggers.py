"""Evidence protected by PostgreSQL itself (aup_portal/evidence.py): raw SQL cannot UPDATE or
DELETE a row of any evidence table, except to fill a set-once column (the filed PDF) once;
the one sanctioned way past a trigger is pgtrigger.ignore of that trigger by name."""

import datetime

import pgtrigger
import pytest
from django.db import InternalError, connection, transaction

from aup_portal.evidence import UPDATE, evidence_uri
from consent.models import (
    ConsentEvent,
    ConsentReceipt,
    ConsentRecord,
    Countersignature,
    PhoneChange,
    Revocation,
)
from consent.services.amending import consent_phone_change
from consent.services.signing import consent_revoke, consent_sign
from exceptions.models import DecisionRecord, ExceptionEvent
from roster.models import (
    AccessPurpose,
    CumulativeDocument,
    DocumentDestruction,
    DocumentKind,
    RecordAccess,
)
from tests.consent.conftest import make_link, standard_program
from tests.exceptions.conftest import draft, step

# Each evidence table, and an UPDATE someone might want: column = SQL value.
CHANGES = {
    ConsentRecord: ("decision", "'decline'"),
    Revocation: ("reason", "'never mind'"),
    Countersignature: ("decision", "'refused'"),
    CumulativeDocument: ("sha256", "'0000'"),
    RecordAccess: ("purpose", "'guardian_copy'"),
    ConsentEvent: ("detail", "'edited'"),
    ExceptionEvent: ("comment", "'edited'"),
    DecisionRecord: ("sha256", "'0000'"),
    PhoneChange: ("new_student_mobile", "'+13125550100'"),
    ConsentReceipt: ("email", "'someone@example.com'"),
    DocumentDestruction: ("sha256", "'0000'"),
}


def new_document(student, name="a"):
    return CumulativeDocument.objects.create(
        student=student,
        kind=DocumentKind.CONSENT_FORM,
        title="Bulk alerts: granted",
        file=f"cumulative/{name}.pdf",
        sha256="ab" * 32,
        size=1,
        added_by_name="AUP Portal",
        added_by_position="Electronic signature record, filed automatically",
    )


@pytest.fixture
def evidence(queued_tasks, frozen_today, family, school_year, principal_a, teacher_a):
    """One row of every evidence table; the record and countersignature without documents
    (the filing is queued, not run)."""
    student, mother, _father = family
    exception_request = step(draft(teacher_a, student.school), teacher_a, "submit")
    event = exception_request.events.get()
    link, _token = make_link(
        student=student,
        guardian=mother,
        program=standard_program("bulk-alerts"),
        school_year=school_year,
    )
    record, _ = consent_sign(
        link=link,
        form_text=link.request.program.form_texts.filter(language="en").first(),
        decision="grant",
        signer_name="Rosa Lopez",
        relationship="mother",
        student_mobile="+17735550142",
        esign_agreed=True,
    )
    phone_change, _ = consent_phone_change(link=link, student_mobile="+13125550177")
    revocation, _ = consent_revoke(record=record, guardian=mother, reason="Phone changed")
    countersignature = Countersignature.objects.create(
        record=record,
        decision="countersigned",
        principal=principal_a,
        principal_name="Pat Principal",
        position="Principal",
        signed_at=record.signed_at,
    )
    document = new_document(student)
    access = RecordAccess.objects.create(
        student=student, user=principal_a, action="viewed", purpose=AccessPurpose.RECORDS_REVIEW
    )
    decision = DecisionRecord.objects.create(
        request=exception_request, event=event, file="exceptions/d.pdf", sha256="cd" * 32, size=1
    )
    gone = new_document(student, "gone")
    destruction = DocumentDestruction.objects.create(
        document=gone,
        file_name="cumulative/gone.pdf",
        sha256="ef" * 32,
        size=1,
        student_left_on=datetime.date(2019, 6, 30),
        rule_years_after_leaving=5,
        rule_legal_basis="Student records law",
        destroyed_by=principal_a,
        destroyed_by_name="Pat Principal",
    )
    return {
        PhoneChange: phone_change,
        ConsentReceipt: ConsentReceipt.objects.create(
            document=document, guardian=mother, email="rosa@example.com"
        ),
        DocumentDestruction: destruction,
        ConsentRecord: record,
        Revocation: revocation,
        Countersignature: countersignature,
        CumulativeDocument: document,
        RecordAccess: access,
        ConsentEvent: ConsentEvent.objects.filter(request=record.request).first(),
        ExceptionEvent: event,
        DecisionRecord: decision,
    }


def run(sql, params=(), model=None):
    """Runs raw SQL in a savepoint, so a refusal leaves the test's transaction usable;
    ``{table}`` and ``{change}`` in ``sql`` are the model's table and its CHANGES entry
    (names from our models and this file, not input)."""
    if model is not None:
        column, value = CHANGES[model]
        sql = sql.replace("{table}", connection.ops.quote_name(model._meta.db_table))
        sql = sql.replace("{change}", f"{connection.ops.quote_name(column)} = {value}")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


@pytest.mark.parametrize("model", CHANGES, ids=lambda model: model.__name__)
def test_raw_sql_cannot_update_or_delete_evidence(evidence, model):
    # Arrange
    row = evidence[model]
    column, value = CHANGES[model]

    # Act / Assert
    with pytest.raises(InternalError, match="Cannot update rows"):
        run("UPDATE {table} SET {change} WHERE id = %s", [row.pk], model)
    with pytest.raises(InternalError, match="Cannot delete rows"):
        run("DELETE FROM {table} WHERE id = %s", [row.pk], model)
    with pytest.raises(InternalError, match="Cannot update rows"), transaction.atomic():
        model.objects.filter(pk=row.pk).update(**{column: value.strip("'")})
    assert model.objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize(
    "model", [ConsentRecord, Countersignature, Revocation, PhoneChange], ids=lambda m: m.__name__
)
def test_the_filed_document_is_attached_once_and_never_replaced(evidence, model):
    # Arrange
    row = evidence[model]
    student = evidence[CumulativeDocument].student
    first, second = new_document(student, "first"), new_document(student, "second")
    attach = "UPDATE {table} SET document_id = %s WHERE id = %s"

    # Act
    attached = run(attach, [first.pk, row.pk], model)

    # Assert: once, then neither replaced nor removed
    assert attached == 1
    with pytest.raises(InternalError, match="Cannot update rows"):
        run(attach, [second.pk, row.pk], model)
    with pytest.raises(InternalError, match="Cannot update rows"):
        run("UPDATE {table} SET document_id = NULL WHERE id = %s", [row.pk], model)
    row.refresh_from_db()
    assert row.document == first


def test_attaching_the_document_cannot_carry_another_change(evidence):
    # Arrange
    record = evidence[ConsentRecord]
    document = new_document(record.request.student, "other")

    # Act / Assert
    with pytest.raises(InternalError, match="Cannot update rows"):
        run(
            "UPDATE consent_consentrecord SET document_id = %s, decision = 'decline' WHERE id = %s",
            [document.pk, record.pk],
        )
    record.refresh_from_db()
    assert (record.document, record.decision) == (None, "grant")


def test_the_python_guards_still_give_their_friendly_error(evidence):
    # Act / Assert
    with pytest.raises(ValueError, match="immutable once written"):
        evidence[Revocation].save()
    with pytest.raises(ValueError, match="never deleted"):
        evidence[ConsentRecord].delete()


def test_a_named_trigger_ignored_inside_one_step_lets_a_file_be_cleared(evidence):
    """The way the retention service destroys a file past retention (and nothing else)."""
    # Arrange
    document = evidence[CumulativeDocument]

    # Act
    with pgtrigger.ignore(evidence_uri(CumulativeDocument, UPDATE)):
        CumulativeDocument.objects.filter(pk=document.pk).update(file="")

    # Assert: cleared; outside the block the trigger refuses again
    document.refresh_from_db()
    assert document.file.name == ""
    with pytest.raises(InternalError, match="Cannot update rows"):
        run("UPDATE roster_cumulativedocument SET title = 'x' WHERE id = %s", [document.pk])
