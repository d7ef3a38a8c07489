"""Paper consent forms: staff record a form a parent signed on paper, and its scan is filed
in the student's cumulative record. The result is a consent record like an electronic one
(source "paper"), hashed the same way, so the coverage rule needs nothing special."""

import datetime
import hashlib

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aup_portal import uploads
from consent.models import (
    ConsentEvent,
    ConsentLink,
    ConsentRecord,
    ConsentRequest,
    Decision,
    EventKind,
    RequestStatus,
    Source,
    TextingProgram,
)
from consent.services.errors import ConsentError
from consent.services.forms_text import current_form_text
from consent.services.issuing import issuing_check
from consent.services.signing import record_fields_for_hash, record_seal
from roster.access import Action, can
from roster.models import (
    CumulativeDocument,
    DocumentKind,
    SchoolYear,
    Student,
    StudentGuardian,
)
from roster.selectors import staff_position


def paper_request_find(
    *, user, student: Student, program: TextingProgram, school_year: SchoolYear
) -> ConsentRequest | None:
    """The open request a paper form for ``student`` answers, or None when the form will
    start one (consent_paper_record creates it). Changes nothing: looking a student up must
    not make them look asked. Raises the ConsentError that stops recording a form."""
    if not can(user, Action.ISSUE_CONSENT, student):
        raise PermissionDenied
    _paper_check(student=student, program=program, school_year=school_year)
    return ConsentRequest.objects.filter(
        student=student, program=program, school_year=school_year, status=RequestStatus.OPEN
    ).first()


def _paper_check(*, student, program, school_year) -> None:
    issuing_check(school=student.school, program=program, school_year=school_year)
    if not program.admits_grade(student.grade):
        raise ConsentError(
            code="grade_not_eligible",
            message=_("%(student)s is in grade %(grade)s; %(program)s is for grades %(band)s."),
            params={
                "student": student.full_name,
                "grade": student.grade,
                "program": program.name,
                "band": program.grade_band,
            },
        )
    same = {"student": student, "program": program, "school_year": school_year}
    answered = ConsentRecord.objects.filter(
        request__in=ConsentRequest.objects.filter(**same), revocation__isnull=True
    ).first()
    if answered is not None:
        raise ConsentError(
            code="already_answered",
            message=_(
                "%(student)s already has an answer for %(program)s this school year "
                "(%(decision)s by %(signer)s)."
            ),
            params={
                "student": student.full_name,
                "program": program.name,
                "decision": answered.get_decision_display().lower(),
                "signer": answered.signer_name,
            },
        )


def _request_for_paper(*, user, student, program, school_year) -> ConsentRequest:
    """Inside consent_paper_record's transaction: the student's open request, or a new one
    for a family that was never asked (no batch), with its "issued" event."""
    # The student's row serialises two staff members recording the same student's form.
    Student.objects.select_for_update().get(pk=student.pk)
    same = {"student": student, "program": program, "school_year": school_year}
    request = ConsentRequest.objects.filter(**same, status=RequestStatus.OPEN).first()
    if request is not None:
        return request
    answered = (
        ConsentRecord.objects.filter(
            request__in=ConsentRequest.objects.filter(**same), revocation__isnull=True
        )
        .select_related("request")
        .first()
    )
    if answered is not None:  # a double submit: the caller returns the first answer
        return answered.request
    _paper_check(**same)
    request = ConsentRequest.objects.create(**same, school=student.school)
    ConsentEvent.objects.create(
        request=request, kind=EventKind.ISSUED, user=user, detail="Started for a paper form"
    )
    return request


def consent_paper_record(
    *,
    request: ConsentRequest | None = None,
    student: Student | None = None,
    program: TextingProgram | None = None,
    school_year: SchoolYear | None = None,
    recorded_by,
    guardian,
    relationship: str,
    decision: str,
    form_date: datetime.date,
    scan: bytes,
    student_mobile="",
    parent_mobile="",
    duplicate_alerts=False,
    ip=None,
    user_agent="",
) -> tuple[ConsentRecord, bool]:
    """Records a form a guardian signed on paper. Returns (record, created): when the request
    was answered meanwhile (a double submit, or the parent signing online), returns that
    record and False and files nothing. Without ``request``, the form answers ``student``'s
    open request for ``program`` and ``school_year``, created now when there is none.

    Side effects: when no request was open, one ConsentRequest (no batch) and an "issued"
    event; the scan in private storage as a CumulativeDocument (paper consent form,
    with who added it); one immutable ConsentRecord (source paper) whose SHA-256 also covers
    the form's date, who recorded it and the scan's SHA-256, pointing at that document; the
    request marked answered; a "paper recorded" event."""
    if not can(recorded_by, Action.ISSUE_CONSENT, request or student):
        raise PermissionDenied
    kind = uploads.sniff(scan, uploads.PAPER_SCAN)
    if kind is None or len(scan) > uploads.PAPER_SCAN.max_bytes:
        raise ConsentError(
            code="scan_invalid",
            message=_("The scan must be a PDF, PNG or JPEG file of at most 10 MB."),
        )
    with transaction.atomic():
        if request is None:
            request = _request_for_paper(
                user=recorded_by, student=student, program=program, school_year=school_year
            )
        # Lock the request like consent_sign does: a double submit, or a parent signing
        # online at the same moment, waits here and then finds the first answer.
        request = (
            ConsentRequest.objects.select_for_update(of=("self",))
            .select_related("program", "school_year", "student", "school")
            .get(pk=request.pk)
        )
        existing = ConsentRecord.objects.filter(request=request).first()
        if existing is not None:
            return existing, False
        if request.status != RequestStatus.OPEN:
            raise ConsentError(
                code="not_open", message=_("This request is no longer open for an answer.")
            )
        year = request.school_year
        if not year.first_day <= form_date <= min(year.last_day, timezone.localdate()):
            raise ConsentError(
                code="date_outside_year",
                message=_(
                    "The date on the form must be in the %(year)s school year and not in the "
                    "future."
                ),
                params={"year": year.label},
            )
        if not StudentGuardian.objects.filter(
            student=request.student, guardian=guardian, has_educational_rights=True
        ).exists():
            raise ConsentError(
                code="no_educational_rights",
                message=_("Only a guardian with educational rights may sign the form."),
            )
        form_text = current_form_text(request.program)
        if form_text is None:
            raise ConsentError(
                code="no_form_text",
                message=_("%(program)s has no consent form text yet."),
                params={"program": request.program.name},
            )

        student, program = request.student, request.program
        granting = decision == Decision.GRANT
        duplicate_alerts = granting and duplicate_alerts and program.allows_duplicate_alerts
        if granting and not student_mobile:
            raise ConsentError(
                code="mobile_required",
                message=_("A granted consent needs the student's mobile number."),
            )
        digest = hashlib.sha256(scan).hexdigest()
        document = CumulativeDocument(
            student=student,
            school_year=year,
            kind=DocumentKind.PAPER_CONSENT_FORM,
            title=f"{program.name}: {Decision(decision).label.lower()} on paper, {year.label}",
            content_type=kind.content_type,
            sha256=digest,
            size=len(scan),
            added_by=recorded_by,
            added_by_name=recorded_by.get_full_name() or recorded_by.get_username(),
            added_by_position=staff_position(recorded_by, request.school),
        )
        document.file.save(
            f"{DocumentKind.PAPER_CONSENT_FORM}-{student.student_id}{kind.extensions[0]}",
            ContentFile(scan),
            save=False,
        )
        document.save()
        record = ConsentRecord(
            request=request,
            link=ConsentLink.objects.filter(request=request, guardian=guardian).first(),
            guardian=guardian,
            decision=decision,
            signer_name=guardian.full_name,
            relationship=relationship,
            student_mobile=student_mobile if granting else "",
            parent_mobile=parent_mobile if duplicate_alerts else "",
            duplicate_alerts=duplicate_alerts,
            form_text=form_text,
            esign_agreed=False,
            source=Source.PAPER,
            signed_at=timezone.now(),
            ip_address=ip,
            user_agent=user_agent[:1000],
            form_date=form_date,
            recorded_by=recorded_by,
            # Set at creation (records are immutable after it), the same field that
            # consent_file_pdf fills for an electronic record.
            document=document,
        )
        record_seal(record, paper_fields_for_hash)
        request.status = RequestStatus.ANSWERED
        request.save(update_fields=["status"])
        ConsentEvent.objects.create(
            request=request,
            kind=EventKind.PAPER_RECORDED,
            user=recorded_by,
            guardian=guardian,
            ip_address=ip,
            detail=f"{record.get_decision_display()} on paper dated {form_date:%Y-%m-%d}; "
            f"scan {digest}",
        )
    return record, True


def paper_fields_for_hash(record: ConsentRecord) -> dict:
    """The electronic record's fields plus what only a paper record has."""
    return {
        **record_fields_for_hash(record),
        "form_date": record.form_date.isoformat(),
        "recorded_by": record.recorded_by_id,
        "scan_sha256": record.document.sha256,
    }
