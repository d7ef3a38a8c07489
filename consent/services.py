"""Every state change of texting consent: issuing, verifying a link, signing, revoking,
countersigning and filing the signed forms in the cumulative record.

Each service runs in one transaction and locks the row it changes, so double clicks and two
people acting at once end with one result and a clear answer for the other."""

import datetime
import enum
import hashlib
import json
from collections import Counter
from functools import partial

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consent import pdf
from consent.coverage import EARLY_CODES, LABELS, OPEN_CODES, annotate_coverage, day_in_year
from consent.links import hash_token, new_nonce, token_for_nonce
from consent.models import (
    ConsentEvent,
    ConsentFormText,
    ConsentLink,
    ConsentRecord,
    ConsentRequest,
    Countersignature,
    CountersignDecision,
    Decision,
    EventKind,
    IssueBatch,
    RequestStatus,
    Revocation,
    Source,
    TextingProgram,
)
from roster.access import Action, can
from roster.models import (
    CumulativeDocument,
    DocumentKind,
    Role,
    School,
    SchoolYear,
    StaffRole,
    Student,
    StudentGuardian,
)

VERIFY_ATTEMPTS = 5
VERIFY_PAUSE = datetime.timedelta(minutes=15)

# Issuing skips a student for these coverage codes (consent.coverage) and names them with
# the rule's own words; "no_guardian_contact" is issuing's own reason.
SKIP_CODES = (*EARLY_CODES, "covered", *OPEN_CODES)
SKIP_REASONS = {
    **{code: LABELS[code] for code in SKIP_CODES},
    "no_guardian_contact": gettext_lazy("No guardian with educational rights and an email address"),
    # The reasons of batches issued before skipping followed the coverage rule.
    "ineligible_grade": gettext_lazy("Grade not eligible for this program"),
    "already_issued": gettext_lazy("Already has an open request"),
    "already_covered": gettext_lazy("Already covered by a signed consent"),
}


class ConsentError(Exception):
    """A rule refused the change; the message is written for the person who tried."""


def current_form_text(program: TextingProgram, language: str = "en") -> ConsentFormText | None:
    """The newest version of the program's form in ``language``, else in English."""
    texts = ConsentFormText.objects.filter(program=program).order_by("-version")
    return texts.filter(language=language).first() or texts.filter(language="en").first()


def form_text_publish(*, program, language, title, body, created_by) -> ConsentFormText:
    """Saves a new version of a program's form text; signed records keep pointing at theirs.

    Side effects: one ConsentFormText row."""
    with transaction.atomic():
        # Lock the program so two editors publishing at once get consecutive numbers.
        TextingProgram.objects.select_for_update().get(pk=program.pk)
        latest = (
            ConsentFormText.objects.filter(program=program, language=language)
            .order_by("-version")
            .values_list("version", flat=True)
            .first()
        )
        return ConsentFormText.objects.create(
            program=program,
            language=language,
            version=(latest or 0) + 1,
            title=title,
            body=body,
            created_by=created_by,
        )


def consent_issue(
    *,
    issued_by,
    program: TextingProgram,
    school_year: SchoolYear,
    school: School,
    grades: list[int] | None = None,
    student_ids: list[str] | None = None,
    scope: str | None = None,
) -> IssueBatch:
    """Issues consent requests to a school's eligible students; safe to repeat.

    Side effects: one IssueBatch; per eligible student a ConsentRequest, a ConsentLink per
    guardian with educational rights, and an "issued" event; after commit, a background task
    that emails each link (consent.tasks.send_batch_links). Skipped, by coverage code (see
    consent.coverage): covered students, students with an open request, students the rule
    excludes (grade); and, as "no_guardian_contact", students with no guardian to email."""
    if not can(issued_by, Action.ISSUE_CONSENT, school):
        raise PermissionDenied
    if school.is_exempt_from_policy:
        raise ConsentError(school.exemption_reason)
    if not program.runs_on(timezone.localdate()):
        raise ConsentError(_("%(program)s is not an active program.") % {"program": program.name})
    if program.school_id is not None and program.school_id != school.pk:
        raise ConsentError(
            _("%(program)s is limited to %(school)s.")
            % {"program": program.name, "school": program.school.name}
        )
    if current_form_text(program) is None:
        raise ConsentError(
            _("%(program)s has no consent form text yet; ITS must add one.")
            % {"program": program.name}
        )
    if school_year.last_day < timezone.localdate():
        raise ConsentError(_("The %(year)s school year has ended.") % {"year": school_year.label})

    with transaction.atomic():
        # One issuing at a time per school: a second press waits, then finds the requests
        # the first created and skips those students.
        School.objects.select_for_update().get(pk=school.pk)
        students = Student.objects.filter(school=school, active=True)
        requested_scope, scope = scope, "Whole school"
        if grades:
            students = students.filter(grade__in=grades)
            scope = "Grades " + ", ".join(str(g) for g in sorted(grades))
        if student_ids:
            students = students.filter(student_id__in=student_ids)
            scope = f"{len(student_ids)} chosen students"
        scope = requested_scope or scope
        rights_holders = StudentGuardian.objects.filter(has_educational_rights=True).select_related(
            "guardian"
        )
        same_program_year = {"program": program, "school_year": school_year}
        # The coverage rule decides who is skipped, with its own codes: a covered student, one
        # whose request is still open, or one the rule excludes. A student the rule does not
        # cover (a decline, a withdrawal, a refused countersignature) is asked again.
        students = list(
            annotate_coverage(students, program=program, day=day_in_year(school_year))
            .order_by("pk")
            .prefetch_related(
                Prefetch("guardian_links", queryset=rights_holders, to_attr="rights_holders")
            )
        )

        skipped, to_issue = Counter(), []
        for student in students:
            if student.coverage_code in SKIP_CODES:
                skipped[student.coverage_code] += 1
            elif not any(link.guardian.email for link in student.rights_holders):
                skipped["no_guardian_contact"] += 1
            else:
                to_issue.append(student)

        batch = IssueBatch.objects.create(
            program=program,
            school_year=school_year,
            school=school,
            issued_by=issued_by,
            scope=scope,
            issued_count=len(to_issue),
            skipped=dict(skipped),
        )
        requests = ConsentRequest.objects.bulk_create(
            ConsentRequest(batch=batch, student=s, school=school, **same_program_year)
            for s in to_issue
        )
        links = []
        for request, student in zip(requests, to_issue, strict=True):
            for holder in student.rights_holders:
                nonce = new_nonce()
                links.append(
                    ConsentLink(
                        request=request,
                        guardian=holder.guardian,
                        nonce=nonce,
                        token_hash=hash_token(token_for_nonce(nonce)),
                    )
                )
        ConsentLink.objects.bulk_create(links)
        ConsentEvent.objects.bulk_create(
            ConsentEvent(request=r, kind=EventKind.ISSUED, user=issued_by) for r in requests
        )
        if requests:
            from consent.tasks import send_batch_links

            transaction.on_commit(partial(send_batch_links.enqueue, batch_id=batch.pk))
    return batch


class VerifyResult(enum.Enum):
    VERIFIED = "verified"
    WRONG = "wrong"
    PAUSED = "paused"


def consent_link_verify(*, link: ConsentLink, date_of_birth: datetime.date, ip) -> VerifyResult:
    """Checks the student's date of birth for a guardian's link.

    Side effects: counts a wrong answer on the link and, at the fifth, pauses the link for
    15 minutes; writes a verified, verify_failed or locked event."""
    with transaction.atomic():
        link = (
            ConsentLink.objects.select_for_update(of=("self",))
            .select_related("request__student")
            .get(pk=link.pk)
        )
        now = timezone.now()
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
        if link.failed_checks >= VERIFY_ATTEMPTS:
            link.failed_checks, link.locked_until = 0, now + VERIFY_PAUSE
            ConsentEvent.objects.create(kind=EventKind.LOCKED, **event)
            result = VerifyResult.PAUSED
        else:
            ConsentEvent.objects.create(kind=EventKind.VERIFY_FAILED, **event)
            result = VerifyResult.WRONG
        link.save(update_fields=["failed_checks", "locked_until"])
        return result


def record_seal(record: ConsentRecord, fields_for_hash=None) -> None:
    """Sets a new record's canonical serialisation and its SHA-256, then saves it (once:
    records are immutable)."""
    fields = (fields_for_hash or record_fields_for_hash)(record)
    record.canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    record.sha256 = hashlib.sha256(record.canonical.encode()).hexdigest()
    record.save()


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
    a "signed" event; after commit, a background task files the PDF in the student's
    cumulative record (consent.tasks.file_record_pdf)."""
    if not esign_agreed:
        raise ConsentError(_("Tick the box to agree to sign electronically."))
    with transaction.atomic():
        request = (
            ConsentRequest.objects.select_for_update(of=("self",))
            .select_related("program", "school_year", "student")
            .get(pk=link.request_id)
        )
        existing = ConsentRecord.objects.filter(request=request).first()
        if existing is not None:
            return existing, False
        if request.status != RequestStatus.OPEN:
            raise ConsentError(_("This request is no longer open for an answer."))
        if request.school_year.last_day < timezone.localdate():
            raise ConsentError(
                _("The %(year)s school year has ended.") % {"year": request.school_year.label}
            )
        if form_text.program_id != request.program_id:
            raise ConsentError(_("This form belongs to another program."))
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
        from consent.tasks import file_record_pdf

        transaction.on_commit(partial(file_record_pdf.enqueue, record_id=record.pk))
    return record, True


def consent_revoke(*, record: ConsentRecord, guardian, reason: str, ip=None, user_agent=""):
    """Withdraws a granted consent at once. Returns (revocation, created).

    Side effects: one immutable Revocation and a "revoked" event."""
    with transaction.atomic():
        ConsentRequest.objects.select_for_update().get(pk=record.request_id)
        existing = Revocation.objects.filter(record=record).first()
        if existing is not None:
            return existing, False
        if record.decision != Decision.GRANT:
            raise ConsentError(_("Only a granted consent can be withdrawn."))
        revocation = Revocation.objects.create(
            record=record,
            guardian=guardian,
            reason=reason.strip(),
            revoked_at=timezone.now(),
            ip_address=ip,
            user_agent=user_agent[:1000],
        )
        ConsentEvent.objects.create(
            request_id=record.request_id,
            kind=EventKind.REVOKED,
            guardian=guardian,
            ip_address=ip,
            detail=reason.strip()[:300],
        )
    return revocation, True


def _countersigner_position(user, school: School) -> str:
    """The signer's position for the record: their role at this school, or their district
    role (an administrator acting for a principal)."""
    if StaffRole.objects.filter(user=user, role=Role.PRINCIPAL, school=school).exists():
        return f"{Role.PRINCIPAL.label}, {school.name}"
    return Role.ADMINISTRATOR.label


def consent_countersign(*, record: ConsentRecord, principal, decision: str, reason: str = ""):
    """The principal's written permission (or refusal) for a granted consent.

    Side effects: one immutable Countersignature and an event; after commit, a background
    task files the countersignature as its own document in the cumulative record."""
    request = record.request
    if not can(principal, Action.COUNTERSIGN_CONSENT, request):
        raise PermissionDenied
    if decision == CountersignDecision.REFUSED and not reason.strip():
        raise ConsentError(_("Say why you decline, for the family and the record."))
    with transaction.atomic():
        ConsentRequest.objects.select_for_update().get(pk=request.pk)
        existing = (
            Countersignature.objects.filter(record=record).select_related("principal").first()
        )
        if existing is not None:
            raise ConsentError(
                _("%(name)s already answered this on %(when)s.")
                % {
                    "name": existing.principal_name,
                    "when": date_format(
                        timezone.localtime(existing.signed_at), "F j, Y \\a\\t g:i A"
                    ),
                }
            )
        if not request.program.requires_principal_countersign:
            raise ConsentError(
                _("%(program)s does not need a countersignature.")
                % {"program": request.program.name}
            )
        if record.decision != Decision.GRANT:
            raise ConsentError(_("The family declined; there is nothing to countersign."))
        if Revocation.objects.filter(record=record).exists():
            raise ConsentError(_("The family withdrew this consent."))
        countersignature = Countersignature.objects.create(
            record=record,
            decision=decision,
            principal=principal,
            principal_name=principal.get_full_name() or principal.get_username(),
            position=_countersigner_position(principal, request.school),
            reason=reason.strip(),
            signed_at=timezone.now(),
        )
        ConsentEvent.objects.create(
            request=request,
            kind=(
                EventKind.COUNTERSIGNED
                if decision == CountersignDecision.COUNTERSIGNED
                else EventKind.COUNTERSIGN_REFUSED
            ),
            user=principal,
            detail=reason.strip()[:300],
        )
        from consent.tasks import file_countersignature_pdf

        transaction.on_commit(
            partial(file_countersignature_pdf.enqueue, countersignature_id=countersignature.pk)
        )
    return countersignature


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
            + ("permission" if countersignature.decision == "countersigned" else "refusal")
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


REMINDER_GAP = datetime.timedelta(days=3)


def consent_remind(*, user, school: School, program: TextingProgram, school_year, student=None):
    """Queues a reminder to each guardian of an unanswered request (of one student, or of
    everyone), at most one per guardian in three days. Returns {"queued": n, "skipped":
    {reason: n}}.

    Side effects: a "reminded" event per reminded link (written now, so a second click finds
    it); after commit, a background task that emails them (consent.tasks.send_reminders)."""
    if not can(user, Action.ISSUE_CONSENT, school):
        raise PermissionDenied
    with transaction.atomic():
        # One reminding at a time per school: a double click waits, then finds the events.
        School.objects.select_for_update().get(pk=school.pk)
        links = ConsentLink.objects.filter(
            request__school=school,
            request__program=program,
            request__school_year=school_year,
            request__status=RequestStatus.OPEN,
        ).select_related("guardian")
        if student is not None:
            links = links.filter(request__student=student)
        recently = set(
            ConsentEvent.objects.filter(
                kind=EventKind.REMINDED, at__gte=timezone.now() - REMINDER_GAP
            ).values_list("guardian_id", flat=True)
        )
        skipped, to_remind, reminded_guardians = Counter(), [], set()
        for link in links:
            if not link.guardian.email:
                skipped["no_email"] += 1
            elif link.guardian_id in recently or link.guardian_id in reminded_guardians:
                skipped["reminded_recently"] += 1
            else:
                to_remind.append(link)
                reminded_guardians.add(link.guardian_id)
        ConsentEvent.objects.bulk_create(
            ConsentEvent(
                request_id=link.request_id,
                kind=EventKind.REMINDED,
                user=user,
                guardian_id=link.guardian_id,
                detail=link.guardian.email,
            )
            for link in to_remind
        )
        if to_remind:
            from consent.tasks import send_reminders

            link_ids = [link.pk for link in to_remind]
            transaction.on_commit(partial(send_reminders.enqueue, link_ids=link_ids))
    return {"queued": len(to_remind), "skipped": dict(skipped)}


REMINDER_SKIP_REASONS = {
    "no_email": gettext_lazy("Guardian has no email address (print a letter instead)"),
    "reminded_recently": gettext_lazy("Guardian was reminded in the last 3 days"),
}


def consent_renew(*, issued_by, program: TextingProgram, school: School, from_year, to_year):
    """A renewal campaign: issues ``to_year`` requests to every student covered in
    ``from_year``, through consent_issue (so it is idempotent in the same way)."""
    if to_year.first_day <= from_year.last_day:
        raise ConsentError(_("Renewal asks for a later school year."))
    covered = annotate_coverage(
        Student.objects.filter(school=school, active=True),
        program=program,
        day=day_in_year(from_year),
    ).filter(coverage_code="covered")
    student_ids = list(covered.values_list("student_id", flat=True))
    if not student_ids:
        raise ConsentError(
            _("No student is covered for %(program)s in %(year)s.")
            % {"program": program.name, "year": from_year.label}
        )
    return consent_issue(
        issued_by=issued_by,
        program=program,
        school_year=to_year,
        school=school,
        student_ids=student_ids,
        scope=f"Renewal of {from_year.label}",
    )
