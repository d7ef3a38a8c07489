"""Every write of the exceptions app: drafting, attachments, transitions along the route
(through exceptions.workflow), the program an approval creates and the decision records."""

import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Sum
from django.template.defaultfilters import slugify
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aup_portal import uploads
from aup_portal.queue import enqueue, enqueue_missing
from consent.models import ProgramKind, TextingProgram
from consent.services.forms_text import form_text_publish
from consent.services.programs import program_create, program_end
from exceptions import pdf, workflow
from exceptions.models import (
    DecisionRecord,
    ExceptionAttachment,
    ExceptionEvent,
    ExceptionRequest,
    Status,
)
from exceptions.parent_text import drafts as parent_text_drafts
from exceptions.services.reattest import renewal_create
from roster.access import Action, can

# The request's own fields a requester fills in (the form and the admin use the same list).
REQUEST_FIELDS = [
    "title",
    "lowest_grade",
    "highest_grade",
    "student_count",
    "purpose",
    "why_no_standard_program",
    "listed_platform",
    "platform",
    "group_texts_include_parent",
    "copy_staff_district_email",
    "other_texters",
    "starts_on",
    "ends_on",
]
EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED)
DECISION_STATUSES = (Status.APPROVED, Status.DECLINED, Status.REVOKED)
# An approved exception's program ends with these steps.
ENDING_STATUSES = (Status.REVOKED, Status.ENDED, Status.LAPSED)


def _attach_all(*, request: ExceptionRequest, by, attachments) -> None:
    """Stores ``attachments`` on ``request`` (locked or new) within the per-request limits."""
    if not attachments:
        return
    held = request.attachments.aggregate(files=Count("pk"), size=Sum("size"))
    try:
        uploads.check_count(
            [upload.size for upload in attachments],
            uploads.ATTACHMENT,
            already=(held["files"], held["size"] or 0),
        )
    except ValueError as error:
        raise ValidationError({"attachments": str(error)}) from error
    for upload in attachments:
        _attach(request=request, by=by, upload=upload)


def _attach(*, request: ExceptionRequest, by, upload) -> ExceptionAttachment:
    try:
        kind = uploads.check(upload, uploads.ATTACHMENT)
    except ValueError as error:
        raise ValidationError({"attachments": str(error)}) from error
    attachment = ExceptionAttachment(request=request)
    uploads.fill_checked(attachment, upload=upload, kind=kind, stem=f"request-{request.pk}", by=by)
    attachment.save()
    return attachment


def exception_create(*, requester, school, fields: dict, attachments=()) -> ExceptionRequest:
    """Saves a new request as a draft.

    Side effects: one ExceptionRequest (draft); per upload an ExceptionAttachment and its file
    in private storage. No event: drafts are the requester's own until submitted."""
    if not can(requester, Action.SUBMIT_EXCEPTION, school):
        raise PermissionDenied
    if school.is_exempt_from_policy:
        raise ValidationError(school.exemption_reason)
    with transaction.atomic():
        request = ExceptionRequest(
            requester=requester,
            school=school,
            route=workflow.route_for(requester, school),
            **fields,
        )
        request.full_clean()
        request.save()
        _attach_all(request=request, by=requester, attachments=attachments)
    return request


def exception_update(*, request_pk: int, by, fields: dict, attachments=()) -> ExceptionRequest:
    """Saves the requester's changes to a draft or a returned request, or an administrator's
    correction of a draft (in the admin; a draft has no reviewers yet, so no event).

    Side effects: the request's fields; per upload an ExceptionAttachment and its file."""
    with transaction.atomic():
        request = ExceptionRequest.objects.select_for_update().get(pk=request_pk)
        if request.requester_id != by.pk and not (
            request.status == Status.DRAFT and can(by, Action.MANAGE_USERS)
        ):
            raise PermissionDenied
        if request.status not in EDITABLE_STATUSES:
            raise workflow.TransitionRefused(
                code="not_editable",
                message=_("This request can no longer be changed: it is %(status)s."),
                params={"status": request.status_phrase},
            )
        for name, value in fields.items():
            setattr(request, name, value)
        request.updated_at = timezone.now()
        request.full_clean()
        request.save()
        _attach_all(request=request, by=by, attachments=attachments)
    return request


def _conflict(request: ExceptionRequest) -> workflow.TransitionRefused:
    """The refusal for someone whose page showed an older status: who moved it, and when."""
    last = request.events.select_related("actor").order_by("-at", "-pk").first()
    if last is None:
        return workflow.TransitionRefused(
            code="moved_meanwhile",
            message=_("This request is now %(status)s; nothing was changed."),
            params={"status": request.status_phrase},
        )
    return workflow.TransitionRefused(
        code="moved_meanwhile",
        message=_(
            "%(name)s already moved this request to “%(status)s” at %(time)s. Nothing was "
            "changed; the page shows where it stands now."
        ),
        params={
            "name": last.actor_name,
            "status": last.get_to_status_display(),
            "time": f"{timezone.localtime(last.at):%H:%M on %b %-d}",
        },
    )


PARENT_TEXT_FIELDS = ["parent_title_en", "parent_body_en", "parent_title_es", "parent_body_es"]


def exception_transition(
    *,
    request_pk: int,
    by,
    name: str,
    comment: str = "",
    seen_status: str | None = None,
    parent_text: dict | None = None,
) -> ExceptionEvent:
    """Takes one step of the route (see exceptions.workflow.TRANSITIONS).

    ``parent_text``: for the step that prepares it (ITS's recommendation), the form text
    parents will read, as PARENT_TEXT_FIELDS; every one of them is required.

    The row is locked and its status re-checked, so of two people acting at once one wins and
    the other gets TransitionRefused saying what happened. ``seen_status``: the status the
    user's page showed; a different one means someone acted in between.

    Side effects: the request's status, one ExceptionEvent; on approval a CEO-approved
    TextingProgram limited to the school with its English and Spanish ConsentFormText; on
    revocation the program deactivated; queued in the same transaction, background tasks that
    email the next actors and the requester and (approve/decline/revoke) file the decision PDF."""
    with transaction.atomic():
        request = ExceptionRequest.objects.select_for_update().get(pk=request_pk)
        if seen_status is not None and seen_status != request.status:
            raise _conflict(request)
        step = workflow.transition_for(request.status, name, request.route)
        if step is None:
            if name not in workflow.NAMES:
                raise workflow.TransitionRefused(code="unknown_step", message=_("Unknown step."))
            raise workflow.TransitionRefused(
                code="not_now",
                message=_(
                    "This request is %(status)s: the step “%(step)s” is not possible now. "
                    "Nothing was changed."
                ),
                params={"status": request.status_phrase, "step": name},
            )
        if step.name in ("submit", "resubmit") and request.school.is_exempt_from_policy:
            raise workflow.TransitionRefused(
                code="school_exempt", message=request.school.exemption_reason, forbidden=True
            )
        event = workflow.apply(request, by, step, comment)
        # After the step's own checks, so a refused role hears that first; a refusal here
        # rolls the step back.
        if step.prepares_parent_text:
            _parent_text_set(request=request, parent_text=parent_text or {})
        if step.needs_approved_platform and request.listed_platform_id is None:
            # A "not listed" product ITS has since approved: the request now uses it.
            request.listed_platform = workflow.approved_platform(request)
            request.save(update_fields=["listed_platform"])
        if step.name == "reattest":
            # The renewal's own step tells ITS; this one changes nothing to announce.
            renewal_create(request=request, by=by)
            return event
        if event.to_status == Status.APPROVED:
            _program_create(request=request, by=by)
        elif event.to_status in ENDING_STATUSES:
            program_end(program_id=request.program_id)
        enqueue("exceptions.tasks.notify_transition", event_id=event.pk)
        if event.to_status in DECISION_STATUSES:
            enqueue("exceptions.tasks.file_decision_pdf", event_id=event.pk)
    return event


def _parent_text_set(*, request: ExceptionRequest, parent_text: dict) -> None:
    texts = {name: (parent_text.get(name) or "").strip() for name in PARENT_TEXT_FIELDS}
    if not all(texts.values()):
        raise workflow.TransitionRefused(
            code="parent_text_required",
            message=_(
                "Write the form text parents will read, in English and in Spanish, before "
                "recommending the request."
            ),
        )
    for name, value in texts.items():
        setattr(request, name, value)
    request.save(update_fields=PARENT_TEXT_FIELDS)


def _parent_texts(request: ExceptionRequest) -> dict[str, str]:
    """The texts ITS prepared; for a request recommended before ITS wrote them, the English
    draft only (Spanish families then see English, as before)."""
    if request.has_parent_text:
        return {name: getattr(request, name) for name in PARENT_TEXT_FIELDS}
    english = parent_text_drafts(request)
    return {**english, "parent_title_es": "", "parent_body_es": ""}


def _program_create(*, request: ExceptionRequest, by) -> TextingProgram:
    rules = [
        f"Only at {request.school.name}, grades {request.grade_band}, from "
        f"{request.starts_on:%b %-d, %Y} to {request.ends_on:%b %-d, %Y}.",
        f"Text only through {request.platform_name}.",
    ]
    if request.group_texts_include_parent:
        rules.append("Every text is a group text that includes the parent or guardian.")
    if request.copy_staff_district_email:
        rules.append(
            "Every text includes the staff member's district email address, for retention."
        )
    if request.other_texters.strip():
        rules.append(f"Staff who may text: {request.other_texters.strip()}")
    program = program_create(
        fields={
            "slug": f"exception-{request.pk}-{slugify(request.title)[:30]}".rstrip("-"),
            "name": request.title,
            "kind": ProgramKind.CEO_APPROVED,
            "summary": request.purpose.strip(),
            "staff_rules": " ".join(rules),
            "lowest_grade": request.lowest_grade,
            "highest_grade": request.highest_grade,
            "requires_principal_countersign": False,
            "allows_duplicate_alerts": False,
            "group_texts_include_parent": request.group_texts_include_parent,
            "copy_staff_district_email": request.copy_staff_district_email,
            "active": True,
            "position": 200,
            "school": request.school,
            "ends_on": request.ends_on,
        }
    )
    texts = _parent_texts(request)
    for language in ("en", "es"):
        if not texts[f"parent_body_{language}"]:
            continue
        form_text_publish(
            program=program,
            language=language,
            title=texts[f"parent_title_{language}"],
            body=texts[f"parent_body_{language}"],
            created_by=by,
        )
    request.program = program
    request.save(update_fields=["program"])
    return program


def exception_file_decision(*, event_id: int) -> DecisionRecord:
    """Renders the decision record of an approve/decline/revoke event as PDF/A once and stores
    it privately with its SHA-256. Safe to repeat.

    Side effects: a PDF in private storage, one DecisionRecord."""
    with transaction.atomic():
        event = (
            ExceptionEvent.objects.select_for_update(of=("self",))
            .select_related("request__school", "request__requester", "request__program", "actor")
            .get(pk=event_id)
        )
        existing = DecisionRecord.objects.filter(event=event).first()
        if existing is not None:
            return existing
        if event.to_status not in DECISION_STATUSES:
            raise ValueError("Only approvals, declines and revocations have a decision record.")
        request = event.request
        events = list(
            request.events.select_related("actor").filter(at__lte=event.at).order_by("at", "pk")
        )
        content = pdf.render_decision(request=request, decision=event, events=events)
        record = DecisionRecord(
            request=request,
            event=event,
            sha256=hashlib.sha256(content).hexdigest(),
            size=len(content),
        )
        record.file.save(
            f"decision-{request.pk}-{event.to_status}.pdf", ContentFile(content), save=False
        )
        record.save()
    return record


def exception_decisions_repair() -> int:
    """Queues the filing of every approval, decline or revocation that has no decision record
    (none when a job for it is already waiting or running); returns how many were queued.

    Side effects: queued exceptions.tasks.file_decision_pdf tasks."""
    missing = (
        ExceptionEvent.objects.filter(to_status__in=DECISION_STATUSES, decision_record__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    with transaction.atomic():
        return enqueue_missing(
            "exceptions.tasks.file_decision_pdf", [{"event_id": pk} for pk in missing]
        )
