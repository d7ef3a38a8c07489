"""Background work of the consent app, run by the database worker (`manage.py db_worker`).
Each task is safe to run again after a crash: it continues where the last run stopped."""

import datetime

from django.core.mail import get_connection
from django_tasks import task

from aup_portal import queue
from consent import emails
from consent.models import ConsentLink
from consent.services.amending import phone_change_receipt_send
from consent.services.campaigns import campaign_chunk_run
from consent.services.emailing import consent_link_send, consent_reminder_send
from consent.services.filing import (
    consent_file_countersignature_pdf,
    consent_file_pdf,
    consent_file_phone_change_pdf,
    consent_file_revocation_pdf,
)
from consent.services.letters import letters_make_file
from consent.services.receipts import record_receipt_send, revocation_receipt_send


@task(priority=queue.BULK)
def send_batch_links(*, batch_id: int) -> int:
    """Emails every not-yet-sent link of an issue batch; returns how many were sent."""
    link_ids = (
        ConsentLink.objects.filter(
            request__batch_id=batch_id, last_sent_at__isnull=True, send_error=""
        )
        .exclude(guardian__email="")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    sent = 0
    with get_connection() as connection:
        # One link per transaction: if the worker stops half-way, a rerun sends only the rest.
        for link_id in link_ids.iterator(chunk_size=500):
            sent += consent_link_send(link_id=link_id, connection=connection)
    return sent


@task(priority=queue.INTERACTIVE)
def file_record_pdf(*, record_id: int) -> int:
    """Files a signed record's PDF, then emails the guardian who answered their receipt
    (each step once, however often the task runs)."""
    document = consent_file_pdf(record_id=record_id)
    record_receipt_send(record_id=record_id)
    return document.pk


@task(priority=queue.INTERACTIVE)
def file_revocation_pdf(*, revocation_id: int) -> int:
    """Files a withdrawal's PDF, then emails the guardian who withdrew their receipt."""
    document = consent_file_revocation_pdf(revocation_id=revocation_id)
    revocation_receipt_send(revocation_id=revocation_id)
    return document.pk


@task(priority=queue.INTERACTIVE)
def file_countersignature_pdf(*, countersignature_id: int) -> int:
    return consent_file_countersignature_pdf(countersignature_id=countersignature_id).pk


@task(priority=queue.INTERACTIVE)
def file_phone_change(*, change_id: int) -> bool:
    """Files a phone change's PDF, then emails the guardian its receipt (each step once)."""
    consent_file_phone_change_pdf(change_id=change_id)
    return phone_change_receipt_send(change_id=change_id)


@task(priority=queue.BULK)
def send_reminders(*, link_ids: list[int], since: str | None = None) -> int:
    """Emails the reminders consent_remind queued at ``since``; returns how many were sent.
    A rerun sends only the ones not sent yet (jobs queued before ``since`` existed count
    from the start of time)."""
    queued_at = (
        datetime.datetime.fromisoformat(since)
        if since
        else datetime.datetime.min.replace(tzinfo=datetime.UTC)
    )
    sent = 0
    with get_connection() as connection:
        for link_id in sorted(link_ids):
            sent += consent_reminder_send(link_id=link_id, since=queued_at, connection=connection)
    return sent


@task(priority=queue.ROUTINE)
def make_letter_file(*, letter_file_id: int) -> int:
    return letters_make_file(letter_file_id=letter_file_id).letters


@task(priority=queue.INTERACTIVE)
def tell_school_link_locked(*, link_id: int) -> int:
    """Tells the school's principals that a guardian's link locked; returns emails sent."""
    link = (
        ConsentLink.objects.select_related("guardian", "request__program")
        .select_related("request__student", "request__school")
        .get(pk=link_id)
    )
    if link.blocked_at is None:  # the school already sent a new link
        return 0
    with get_connection() as connection:
        return connection.send_messages(emails.link_locked_emails(link)) or 0


@task(priority=queue.INTERACTIVE)
def send_link(*, link_id: int) -> bool:
    """Emails one link (a new one the school sent) unless it was already sent."""
    return consent_link_send(link_id=link_id)


@task(priority=queue.CAMPAIGN)
def campaign_chunk(*, campaign_id: int) -> int:
    """Issues a campaign's next school (consent.services.campaigns) and queues the next chunk;
    a rerun after a crash resumes at the first school not done."""
    return campaign_chunk_run(campaign_id=campaign_id)
