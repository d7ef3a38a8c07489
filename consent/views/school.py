"""The school's consent pages: issuing, an issue batch, the countersign queue and
countersigning, and a filed consent form."""

import secrets

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from aup_portal.files import attachment_response, being_filed, open_private
from aup_portal.http import client_ip, digits
from consent import selectors
from consent.forms.school import CountersignForm, IssueForm
from consent.letters import letter_links
from consent.models import ConsentRecord, CountersignDecision, IssueBatch, TextingProgram
from consent.services.countersigning import consent_countersign
from consent.services.errors import ConsentError
from consent.services.filing import consent_file_pdf
from consent.services.forms_text import untranslated_languages
from consent.services.issuing import (
    SKIP_REASONS,
    consent_issue,
    issue_plan,
    issuing_check,
)
from consent.views.issue_samples import language_samples
from roster.access import Action, can, schools_for
from roster.models import AccessPurpose, Student
from roster.services import record_access_log


def _require(user, action, obj=None):
    if not can(user, action, obj):
        raise PermissionDenied


def issue(request):
    """Choose what to issue, see who it reaches on a confirmation page (nothing is created),
    then Send: the page's one-time token makes a second press return the same batch."""
    _require(request.user, Action.ISSUE_CONSENT)
    schools = schools_for(request.user, Action.ISSUE_CONSENT).filter(active=True)
    form = IssueForm(
        request.POST or None, schools=schools, initial=_issue_initial(request, schools)
    )
    if request.method != "POST" or not form.is_valid() or "edit" in request.POST:
        return render(request, "consent/issue.html", {"form": form})
    target, token = form.target(), form.cleaned_data["token"]
    if "send" in request.POST and token:
        try:
            batch = consent_issue(
                issued_by=request.user,
                **target,
                activity=form.cleaned_data["activity"],
                preview_token=token,
                english_with_note=form.cleaned_data["english_with_note"],
            )
        except ConsentError as error:
            field = "english_with_note" if error.code == "no_translation" else None
            form.add_error(field, error.message)
        else:
            return redirect("consent:batch", pk=batch.pk)
    try:
        issuing_check(
            school=target["school"], program=target["program"], school_year=target["school_year"]
        )
    except ConsentError as error:
        form.add_error(None, error.message)
        return render(request, "consent/issue.html", {"form": form}, status=400)
    plan = issue_plan(**target)
    if not plan.to_issue:
        if not form.non_field_errors():  # Send may have said so already
            form.add_error(None, gettext("Nobody would be asked: every chosen student is skipped."))
        return render(
            request, "consent/issue.html", {"form": form, "plan": _plan_context(plan)}, status=400
        )
    if not token:
        form = with_new_token(form, schools=form.fields["school"].queryset)
    return render(
        request,
        "consent/issue_preview.html",
        {
            "form": form,
            "plan": _plan_context(plan),
            "samples": language_samples(plan, **target),
            "untranslated": untranslated_languages(target["program"], plan.languages()),
        },
        status=400 if form.errors else 200,
    )


def with_new_token(form, **form_kwargs):
    """``form`` bound again with a new one-time token for its confirmation page (a second
    Send with it returns what the first created)."""
    data = form.data.copy()
    data["token"] = secrets.token_urlsafe(32)
    bound = type(form)(data, **form_kwargs)
    bound.is_valid()
    return bound


def _plan_context(plan):
    return {
        "students": len(plan.to_issue),
        "guardians": len(plan.guardians),
        "by_email": plan.by_email,
        "by_letter": plan.by_letter,
        # The first students of each reason by name, the rest counted: a school of 2,500
        # could list hundreds.
        "skipped": [
            (
                SKIP_REASONS.get(reason, reason),
                len(students),
                students[:SKIPPED_LISTED],
                max(len(students) - SKIPPED_LISTED, 0),
            )
            for reason, students in sorted(plan.skipped.items())
        ],
    }


SKIPPED_LISTED = 50


def _issue_initial(request, schools):
    # The dashboard links here with ?school=<code>: a district user issuing from school B's
    # dashboard must not find the first school in the list preselected instead.
    initial = {
        "program": TextingProgram.objects.filter(slug=request.GET.get("program", "")).first(),
        "school": schools.filter(code=request.GET.get("school", "")).first(),
    }
    return {field: value for field, value in initial.items() if value is not None}


@require_GET
def batch(request, pk):
    batch = get_object_or_404(
        IssueBatch.objects.select_related("program", "school", "school_year", "issued_by"),
        pk=pk,
        school__in=schools_for(request.user, Action.VIEW_CONSENT_DASHBOARD),
    )
    named = {reason: pks[:SKIPPED_LISTED] for reason, pks in (batch.skipped_students or {}).items()}
    students = Student.objects.in_bulk([pk for pks in named.values() for pk in pks])
    skipped = [
        (
            SKIP_REASONS.get(reason, reason),
            count,
            [students[pk] for pk in named.get(reason, []) if pk in students],
            reason == "no_rights_holder",
            max(count - len(named.get(reason, [])), 0),
        )
        for reason, count in sorted(batch.skipped.items())
    ]
    return render(
        request,
        "consent/batch.html",
        {
            "batch": batch,
            "skipped": skipped,
            "delivery": selectors.batch_delivery(batch),
            # Who gets a printed letter (the rest are emailed): the first of them by name.
            "letter_links": letter_links(batch)[:LETTERS_LISTED],
        },
    )


LETTERS_LISTED = 200


@require_GET
def batch_progress(request, pk):
    """The batch page's sending counts, as JSON for static/js/progress.js."""
    batch = get_object_or_404(
        IssueBatch, pk=pk, school__in=schools_for(request.user, Action.VIEW_CONSENT_DASHBOARD)
    )
    delivery = selectors.batch_delivery(batch)
    return JsonResponse(
        {
            "queued": delivery["pending"],
            "sent": delivery["sent"],
            "failed": delivery["refused"],
            "letters": delivery["no_email"],
            "done": delivery["pending"] == 0,
        }
    )


@require_GET
def countersign_queue(request):
    _require(request.user, Action.COUNTERSIGN_CONSENT)
    page = Paginator(selectors.countersign_queue(request.user), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request, "consent/countersign_queue.html", {"page": page, "form": CountersignForm()}
    )


@require_POST
def countersign(request, pk):
    record = get_object_or_404(
        ConsentRecord.objects.select_related("request__school", "request__program"),
        pk=pk,
        request__school__in=schools_for(request.user, Action.COUNTERSIGN_CONSENT),
    )
    form = CountersignForm(request.POST)
    # Back to the page of the queue the principal was on, not the first one.
    page_number = request.POST.get("page", "1")
    if not digits(page_number):
        page_number = "1"
    if form.is_valid():
        try:
            countersignature = consent_countersign(
                record=record,
                principal=request.user,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
            )
        except ConsentError as error:
            messages.error(request, error.message)
        else:
            if countersignature.decision == CountersignDecision.COUNTERSIGNED:
                done = gettext("You countersigned the consent for %(student)s.")
            else:
                done = gettext("You declined the consent for %(student)s.")
            messages.success(request, done % {"student": record.request.student.full_name})
        return redirect(f"{reverse('consent:countersign_queue')}?page={page_number}")
    page = Paginator(selectors.countersign_queue(request.user), 25).get_page(page_number)
    return render(
        request,
        "consent/countersign_queue.html",
        {"page": page, "form": CountersignForm(), "failed": (record.pk, form)},
        status=400,
    )


@require_GET
def record_pdf(request, pk):
    """A filed consent form, for staff who may see the student; every download is logged as
    a records review (the purpose follows from the route, never from the request)."""
    record = get_object_or_404(
        ConsentRecord.objects.select_related("request__student", "document"),
        pk=pk,
        request__school__in=schools_for(request.user, Action.VIEW_STUDENT),
    )
    return _record_download(request, record, AccessPurpose.RECORDS_REVIEW)


@require_GET
def countersign_form_pdf(request, pk):
    """The signed form of a consent waiting for this principal's countersignature, logged
    as a countersign review; any other record is not found here."""
    record = get_object_or_404(
        selectors.countersign_queue(request.user).select_related("document"), pk=pk
    )
    return _record_download(request, record, AccessPurpose.COUNTERSIGN_REVIEW)


def _record_download(request, record, purpose):
    try:
        document = record.document or consent_file_pdf(record_id=record.pk)
    except OSError:  # the storage cannot be written now; the filing task retries
        return being_filed(request)
    if document.is_destroyed:
        return document_destroyed_page(request, document)
    handle = open_private(document.file)
    if handle is None:
        return being_filed(request)
    record_access_log(
        student=record.request.student,
        document=document,
        user=request.user,
        action="downloaded",
        purpose=purpose,
        ip=client_ip(request),
    )
    return pdf_response(document, handle)


def document_destroyed_page(request, document):
    """Instead of a document destroyed under its retention rule: what it was, and its
    tombstone (when, by whom, the rule, the destroyed file's SHA-256)."""
    return render(
        request,
        "consent/document_destroyed.html",
        {"document": document, "destruction": document.destruction},
        status=410,
    )


def pdf_response(document, handle):
    return attachment_response(
        handle,
        filename=f"{document.kind}-{document.student.student_id}.pdf",
        content_type="application/pdf",
    )
