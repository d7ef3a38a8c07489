"""A guardian's side of a request: verifying the link, signing (the sealed record and its
hash) and withdrawing a granted consent."""

import datetime
import enum
import hashlib
import json

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aup_portal.prepared import prepared
from aup_portal.queue import enqueue
from consent.models import (
    ConsentEvent,
    ConsentFormText,
    ConsentLink,
    ConsentRecord,
    ConsentRequest,
    Decision,
    EventKind,
    RequestStatus,
    Revocation,
    Source,
)
from consent.services.errors import ConsentError

# Every VERIFY_ATTEMPTS wrong dates of birth in a row pause the link, each pause longer than
# the last; the next run of wrong answers after the last pause locks the link until the
# school sends a new one (consent_link_replace), and the school is told. Only a right answer
# starts the count again: waiting out a pause does not. With these figures a link takes 20
# guesses over about 25 hours, then stops.
VERIFY_ATTEMPTS = 5
VERIFY_PAUSES = (
    datetime.timedelta(minutes=15),
    datetime.timedelta(hours=1),
    datetime.timedelta(hours=24),
)
VERIFY_LOCK_AFTER = VERIFY_ATTEMPTS * (len(VERIFY_PAUSES) + 1)


class VerifyResult(enum.Enum):
    VERIFIED = "verified"
    WRONG = "wrong"
    PAUSED = "paused"
    LOCKED = "locked"  # until the school sends a new link


def verify_next_step(link: ConsentLink) -> tuple[int, datetime.timedelta | None]:
    """How many more wrong answers the link takes before its next pause, and that pause's
    length (None: the link then locks until the school sends a new one)."""
    left = VERIFY_ATTEMPTS - link.failed_checks % VERIFY_ATTEMPTS
    step = link.failed_checks // VERIFY_ATTEMPTS
    return left, VERIFY_PAUSES[step] if step < len(VERIFY_PAUSES) else None


def consent_link_verify(*, link: ConsentLink, date_of_birth: datetime.date, ip) -> VerifyResult:
    """Checks the student's date of birth for a guardian's link (nothing is counted while
    the link is paused or locked).

    Side effects: a right answer resets the count of wrong ones; a wrong one counts on the
    link and, at each VERIFY_ATTEMPTS-th in a row, pauses it for the next of VERIFY_PAUSES,
    or at VERIFY_LOCK_AFTER locks it; one verified, verify_failed, locked (paused) or blocked
    event. When it locks, queued in the same transaction, an email to the school's
    principals (consent.tasks.tell_school_link_locked)."""
    with transaction.atomic():
        link = (
            ConsentLink.objects.select_for_update(of=("self",))
            .select_related("request__student")
            .get(pk=link.pk)
        )
        now = timezone.now()
        if link.blocked_at is not None:
            return VerifyResult.LOCKED
        if link.locked_until and link.locked_until > now:
            return VerifyResult.PAUSED
        event = {"request_id": link.request_id, "guardian_id": link.guardian_id, "ip_address": ip}
        if date_of_birth == link.request.student.date_of_birth:
            link.failed_checks, link.locked_until = 0, None
            link.first_opened_at = link.first_opened_at or now
            link.save(update_fields=["failed_checks", "locked_until", "first_opened_at"])
            ConsentEvent.objects.create(kind=EventKind.VERIFIED, **event)
            return VerifyResult.VERIFIED
        link.failed_checks += 1
        if link.failed_checks >= VERIFY_LOCK_AFTER:
            link.blocked_at, link.locked_until = now, None
            result, kind = VerifyResult.LOCKED, EventKind.BLOCKED
        elif link.failed_checks % VERIFY_ATTEMPTS == 0:
            link.locked_until = now + VERIFY_PAUSES[link.failed_checks // VERIFY_ATTEMPTS - 1]
            result, kind = VerifyResult.PAUSED, EventKind.LOCKED
        else:
            result, kind = VerifyResult.WRONG, EventKind.VERIFY_FAILED
        link.save(update_fields=["failed_checks", "locked_until", "blocked_at"])
        ConsentEvent.objects.create(kind=kind, **event)
        if result == VerifyResult.LOCKED:
            enqueue("consent.tasks.tell_school_link_locked", link_id=link.pk)
        return result


def record_seal(record, fields_for_hash=None) -> None:
    """Sets a new record's (or withdrawal's, or phone change's) canonical serialisation and
    its SHA-256, then saves it (once: evidence is immutable)."""
    record.canonical, record.sha256 = record_canonical(
        (fields_for_hash or record_fields_for_hash)(record)
    )
    record.save()


def record_canonical(fields: dict) -> tuple[str, str]:
    """The canonical serialisation of a record's fields and its SHA-256 (pinned by
    tests/consent/test_canonical_golden.py: a change here must be a deliberate one)."""
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return canonical, hashlib.sha256(canonical.encode()).hexdigest()


def record_fields_for_hash(record: ConsentRecord) -> dict:
    """What the record's SHA-256 covers, including a hash of the exact form text shown."""
    request, text = record.request, record.form_text
    return {
        "request": request.pk,
        "program": request.program.slug,
        "school_year": request.school_year.label,
        "student": request.student.student_id,
        "guardian": record.guardian_id,
        "decision": record.decision,
        "signer_name": record.signer_name,
        "relationship": record.relationship,
        "student_mobile": str(record.student_mobile or ""),
        "parent_mobile": str(record.parent_mobile or ""),
        "duplicate_alerts": record.duplicate_alerts,
        "form_text": {
            "language": text.language,
            "version": text.version,
            "sha256": hashlib.sha256(f"{text.title}\n\n{text.body}".encode()).hexdigest(),
        },
        "esign_agreed": record.esign_agreed,
        "source": record.source,
        "signed_at": record.signed_at.astimezone(datetime.UTC).isoformat(),
        "ip_address": record.ip_address,
        "user_agent": record.user_agent,
    }


def consent_sign(
    *,
    link: ConsentLink,
    form_text: ConsentFormText,
    decision: str,
    signer_name: str,
    relationship: str,
    student_mobile="",
    parent_mobile="",
    duplicate_alerts=False,
    esign_agreed: bool,
    ip=None,
    user_agent="",
) -> tuple[ConsentRecord, bool]:
    """Records a guardian's electronic answer. Returns (record, created): when another
    submission for the same request won, returns that record and False.

    Side effects: one immutable ConsentRecord with its SHA-256; the request marked answered;
    a "signed" event; queued in the same transaction, a background task files the PDF in the
    student's cumulative record (consent.tasks.file_record_pdf)."""
    if not esign_agreed:
        raise ConsentError(
            code="agreement_required", message=_("Tick the box to agree to sign electronically.")
        )
    with transaction.atomic():
        with prepared("consent_request_to_answer"):  # every parent's answer: planned once
            request = (
                ConsentRequest.objects.select_for_update(of=("self",))
                .select_related("program", "school_year", "student")
                .get(pk=link.request_id)
            )
        existing = ConsentRecord.objects.filter(request=request).first()
        if existing is not None:
            return existing, False
        if request.status != RequestStatus.OPEN:
            raise ConsentError(
                code="not_open", message=_("This request is no longer open for an answer.")
            )
        if request.school_year.last_day < timezone.localdate():
            raise ConsentError(
                code="school_year_ended",
                message=_("The %(year)s school year has ended."),
                params={"year": request.school_year.label},
            )
        if form_text.program_id != request.program_id:
            raise ConsentError(
                code="other_program", message=_("This form belongs to another program.")
            )
        granting = decision == Decision.GRANT
        duplicate_alerts = granting and duplicate_alerts and request.program.allows_duplicate_alerts
        record = ConsentRecord(
            request=request,
            link=link,
            guardian_id=link.guardian_id,
            decision=decision,
            signer_name=signer_name.strip(),
            relationship=relationship,
            student_mobile=student_mobile if granting else "",
            parent_mobile=parent_mobile if duplicate_alerts else "",
            duplicate_alerts=duplicate_alerts,
            form_text=form_text,
            esign_agreed=True,
            source=Source.ELECTRONIC,
            signed_at=timezone.now(),
            ip_address=ip,
            user_agent=user_agent[:1000],
        )
        record_seal(record)
        request.status = RequestStatus.ANSWERED
        request.save(update_fields=["status"])
        ConsentEvent.objects.create(
            request=request,
            kind=EventKind.SIGNED,
            guardian_id=link.guardian_id,
            ip_address=ip,
            detail=record.get_decision_display(),
        )
        enqueue("consent.tasks.file_record_pdf", record_id=record.pk)
    return record, True


def revocation_fields_for_hash(revocation: Revocation) -> dict:
    """What a withdrawal's SHA-256 covers: who, when, why, and the record it ends (by its
    own hash)."""
    return {
        "record": revocation.record_id,
        "record_sha256": revocation.record.sha256,
        "guardian": revocation.guardian_id,
        "reason": revocation.reason,
        "revoked_at": revocation.revoked_at.astimezone(datetime.UTC).isoformat(),
        "ip_address": revocation.ip_address,
        "user_agent": revocation.user_agent,
    }


def consent_revoke(*, record: ConsentRecord, guardian, reason: str, ip=None, user_agent=""):
    """Withdraws a granted consent at once. Returns (revocation, created).

    Side effects: one immutable Revocation, sealed with its SHA-256, and a "revoked" event;
    queued in the same transaction, a background task files the withdrawal's PDF in the
    cumulative record and emails the guardian a receipt (consent.tasks.file_revocation_pdf)."""
    with transaction.atomic():
        ConsentRequest.objects.select_for_update().get(pk=record.request_id)
        existing = Revocation.objects.filter(record=record).first()
        if existing is not None:
            return existing, False
        if record.decision != Decision.GRANT:
            raise ConsentError(
                code="not_granted", message=_("Only a granted consent can be withdrawn.")
            )
        revocation = Revocation(
            record=record,
            guardian=guardian,
            reason=reason.strip(),
            revoked_at=timezone.now(),
            ip_address=ip,
            user_agent=user_agent[:1000],
        )
        record_seal(revocation, revocation_fields_for_hash)
        ConsentEvent.objects.create(
            request_id=record.request_id,
            kind=EventKind.REVOKED,
            guardian=guardian,
            ip_address=ip,
            detail=reason.strip()[:300],
        )
        enqueue("consent.tasks.file_revocation_pdf", revocation_id=revocation.pk)
    return revocation, True
