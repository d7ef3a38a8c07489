"""Changing the mobile numbers of a granted consent after signing: each change is a sealed
amendment (consent.models.PhoneChange), filed as a PDF/A and receipted to the guardian."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aup_portal.queue import enqueue
from consent import emails
from consent.models import (
    ConsentEvent,
    ConsentLink,
    ConsentRecord,
    ConsentRequest,
    EventKind,
    PhoneChange,
)
from consent.services.errors import ConsentError
from consent.services.signing import record_seal


def phone_change_fields_for_hash(change: PhoneChange) -> dict:
    """What a change's SHA-256 covers, including the hash of the record it amends."""
    return {
        "record": change.record_id,
        "record_sha256": change.record.sha256,
        "guardian": change.guardian_id,
        "old_student_mobile": str(change.old_student_mobile or ""),
        "new_student_mobile": str(change.new_student_mobile or ""),
        "old_parent_mobile": str(change.old_parent_mobile or ""),
        "new_parent_mobile": str(change.new_parent_mobile or ""),
        "changed_at": change.changed_at.astimezone(datetime.UTC).isoformat(),
        "ip_address": change.ip_address,
        "user_agent": change.user_agent,
    }


def consent_phone_change(
    *, link: ConsentLink, student_mobile, parent_mobile="", ip=None, user_agent=""
) -> tuple[PhoneChange | None, bool]:
    """Changes the numbers of the granted consent that ``link``'s guardian signed. Returns
    (change, created); numbers equal to those in use (a double submit) write nothing and
    return (newest change or None, False).

    Side effects: one sealed PhoneChange (old and new numbers); a "phones changed" event;
    queued in the same transaction, the task that files its PDF/A in the cumulative record
    and emails the guardian a receipt (consent.tasks.file_phone_change)."""
    with transaction.atomic():
        # The request's lock orders this change with a withdrawal and with other changes.
        ConsentRequest.objects.select_for_update().get(pk=link.request_id)
        record = (
            ConsentRecord.objects.with_current_phones()
            .select_related("request__school_year", "revocation")
            .filter(request_id=link.request_id)
            .first()
        )
        if record is None or record.guardian_id != link.guardian_id:
            raise ConsentError(
                code="not_signer",
                message=_("Only the parent or guardian who gave this permission can change it."),
            )
        if not record.is_grant or hasattr(record, "revocation"):
            raise ConsentError(
                code="not_granted",
                message=_("Phone numbers can be changed only while the permission stands."),
            )
        if record.request.school_year.last_day < timezone.localdate():
            raise ConsentError(
                code="school_year_ended",
                message=_("The %(year)s school year has ended."),
                params={"year": record.request.school_year.label},
            )
        if not student_mobile:
            raise ConsentError(
                code="student_mobile_required",
                message=_("Enter your child's mobile number to give permission."),
            )
        if record.duplicate_alerts and not parent_mobile:
            raise ConsentError(
                code="parent_mobile_required",
                message=_("Enter your mobile number to receive the alerts."),
            )
        # The parent's own number is kept only for duplicate alerts, which they chose when signing.
        new_parent = parent_mobile if record.duplicate_alerts else ""
        old = (record.current_student_mobile, record.current_parent_mobile or "")
        if (str(student_mobile), str(new_parent)) == (str(old[0]), str(old[1])):
            return record.phone_changes.order_by("-changed_at", "-pk").first(), False
        change = PhoneChange(
            record=record,
            link=link,
            guardian_id=link.guardian_id,
            old_student_mobile=old[0],
            new_student_mobile=student_mobile,
            old_parent_mobile=old[1],
            new_parent_mobile=new_parent,
            changed_at=timezone.now(),
            ip_address=ip,
            user_agent=user_agent[:1000],
        )
        record_seal(change, phone_change_fields_for_hash)
        ConsentEvent.objects.create(
            request_id=record.request_id,
            kind=EventKind.PHONES_CHANGED,
            guardian_id=link.guardian_id,
            ip_address=ip,
            detail=f"Phone change #{change.pk}",
        )
        enqueue("consent.tasks.file_phone_change", change_id=change.pk)
    return change, True


def phone_change_receipt_send(*, change_id: int, connection=None) -> bool:
    """Emails the guardian a receipt of a phone change, in their language, with its filed
    PDF attached, once; True when sent (False: sent before, or no email address).

    Side effects: one email; the change's receipt_sent_at."""
    with transaction.atomic():
        change = (
            PhoneChange.objects.select_for_update(of=("self",))
            .select_related(
                "guardian",
                "document",
                "record__request__program",
                "record__request__school_year",
                "record__request__student",
                "record__request__school",
            )
            .get(pk=change_id)
        )
        if change.receipt_sent_at is not None or not change.guardian.email:
            return False
        emails.phone_change_receipt(change, connection=connection).send()
        PhoneChange.objects.filter(pk=change.pk).update(receipt_sent_at=timezone.now())
    return True
