"""Background work is queued in the transaction of the change it reports: a change that rolls
back leaves no job, a committed one leaves exactly one (the database queue, as in production)."""

import pytest
from django.db import transaction

from consent.models import ConsentRecord, IssueBatch
from consent.services.issuing import consent_issue
from tests.consent.test_records import sign
from tests.factories import GuardianFactory, StudentFactory, StudentGuardianFactory


class Abandoned(Exception):
    """Raised after a service returns, to roll its transaction back."""


def test_sign_queues_one_file_pdf_task(queued_tasks, mother_link):
    link, _token = mother_link

    record = sign(link)

    assert [(t.task_path, t.args_kwargs["kwargs"]) for t in queued_tasks] == [
        ("consent.tasks.file_record_pdf", {"record_id": record.pk})
    ]


def test_sign_rolled_back_leaves_no_task(queued_tasks, mother_link):
    link, _token = mother_link

    with pytest.raises(Abandoned), transaction.atomic():
        sign(link)
        raise Abandoned

    assert (ConsentRecord.objects.count(), queued_tasks.count()) == (0, 0)


def _issue(principal, school, program, school_year):
    student = StudentFactory(school=school, grade=10)
    StudentGuardianFactory(student=student, guardian=GuardianFactory(email="p@example.com"))
    return consent_issue(
        issued_by=principal, program=program, school_year=school_year, school=school
    )


def test_issue_queues_one_send_links_task(
    queued_tasks, principal_a, school_a, bulk_alerts, school_year
):
    batch = _issue(principal_a, school_a, bulk_alerts, school_year)

    assert [(t.task_path, t.args_kwargs["kwargs"]) for t in queued_tasks] == [
        ("consent.tasks.send_batch_links", {"batch_id": batch.pk})
    ]


def test_issue_rolled_back_leaves_no_task(
    queued_tasks, principal_a, school_a, bulk_alerts, school_year
):
    with pytest.raises(Abandoned), transaction.atomic():
        _issue(principal_a, school_a, bulk_alerts, school_year)
        raise Abandoned

    assert (IssueBatch.objects.count(), queued_tasks.count()) == (0, 0)
