"""Staff pages around one student's texting consent: "May I text?", the student's cumulative
record with its access history, and the covered-today CSV for the bulk-texting system."""

from pathlib import PurePath
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from aup_portal.files import attachment_response, being_filed, open_private
from aup_portal.http import client_ip
from aup_portal.spreadsheet import csv_streaming_response
from consent.coverage import coverage_by_program
from consent.designations import texting_answers
from consent.exports import EXPORT_COLUMNS, covered_queryset, iter_covered, log_release
from consent.forms.school import CheckForm, ExportForm
from consent.models import ConsentLink, TextingProgram
from consent.record_file import record_stories
from consent.selectors import locked_links, programs_at
from consent.services.emailing import consent_link_replace
from consent.services.errors import ConsentError
from consent.views.school import document_destroyed_page
from roster.access import Action, can, schools_for
from roster.models import AccessPurpose, CumulativeDocument, RecordAccess, Student
from roster.services import record_access_log

NOT_FOUND = (
    "No student with this ID is on the roster of a school you may check. "
    "Check the number, or ask the school office."
)
NAME_NOT_FOUND = (
    "No student with this name is on the roster of a school you may check. "
    "Check the spelling, or search by student ID."
)
MATCH_LIMIT = 20  # name matches listed at most; more means "type more of the name"


def _require(user, action, obj=None):
    if not can(user, action, obj):
        raise PermissionDenied


def _students_found(user, form) -> list[Student]:
    """The students the check form names, among the schools ``user`` may check: the one with
    the ID, or up to MATCH_LIMIT + 1 whose names contain every word typed. One query."""
    students = Student.objects.select_related("school").filter(
        school__in=schools_for(user, Action.CHECK_COVERAGE)
    )
    if form.cleaned_data["student_id"]:
        return list(students.filter(student_id=form.cleaned_data["student_id"])[:1])
    for word in form.name_words():
        students = students.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    return list(
        students.filter(active=True).order_by("last_name", "first_name", "student_id")[
            : MATCH_LIMIT + 1
        ]
    )


@require_GET
def check(request):
    """May I text this student? One answer per program for the person asking, with the reason
    when not (consent.designations.texting_answers). The student by ID or by name."""
    _require(request.user, Action.CHECK_COVERAGE)
    asked = "student_id" in request.GET or "name" in request.GET
    form = CheckForm(request.GET if asked else None)
    context = {
        "form": form,
        "can_export": can(request.user, Action.VIEW_STUDENT),
        "can_designate": can(request.user, Action.DESIGNATE_STAFF),
    }
    if form.is_valid():
        # A student of another school gets the same answer as an unknown one: no probing.
        found = _students_found(request.user, form)
        if not found:
            by_id = bool(form.cleaned_data["student_id"])
            form.add_error(
                "student_id" if by_id else "name", NOT_FOUND if by_id else NAME_NOT_FOUND
            )
        elif len(found) > 1:
            context.update(
                matches=found[:MATCH_LIMIT],
                more_matches=len(found) > MATCH_LIMIT,
                limit=MATCH_LIMIT,
            )
        else:
            student = found[0]
            record_access_log(
                student=student,
                action="checked whether staff may text the student",
                purpose=AccessPurpose.TEXTING_CHECK,
                user=request.user,
                ip=client_ip(request),
            )
            context.update(
                student=student,
                today=timezone.localdate(),
                answers=texting_answers(
                    student=student,
                    programs=list(programs_at(schools=student.school)),
                    staff=request.user,
                ),
                can_view_record=can(request.user, Action.VIEW_STUDENT, student),
            )
    return render(request, "consent/check.html", context, status=200)


@require_GET
def student_record(request, student_id):
    """The student's cumulative record: per school year and program, the consent's whole
    story with its filed documents, and who has seen the record (the Illinois School Student
    Records Act requires a record of access and release). Viewing is logged."""
    student = get_object_or_404(
        Student.objects.select_related("school"),
        student_id=student_id,
        school__in=schools_for(request.user, Action.VIEW_STUDENT),
    )
    # Logged before the history is read, so the page shows this very view.
    record_access_log(
        student=student,
        action="viewed the cumulative record",
        purpose=AccessPurpose.RECORDS_REVIEW,
        user=request.user,
        ip=client_ip(request),
    )
    documents = CumulativeDocument.objects.filter(student=student).select_related(
        "school_year", "destruction"
    )
    today = timezone.localdate()
    answers = coverage_by_program(
        student=student, programs=list(programs_at(schools=student.school)), day=today
    )
    history = Paginator(
        RecordAccess.objects.filter(student=student)
        .select_related("user", "guardian", "document")
        .order_by("-at", "-pk"),
        25,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "consent/student_record.html",
        {
            "student": student,
            "documents": documents,
            "history": history,
            "today": today,
            "answers": answers,
            "stories": record_stories(student=student, answers=answers, today=today),
            "locked_links": locked_links(student=student),
            "may_issue": can(request.user, Action.ISSUE_CONSENT, student.school),
        },
    )


@require_POST
def link_replace(request, pk):
    """The school sends a new link to a guardian whose link locked (see consent_link_verify)."""
    link = get_object_or_404(
        ConsentLink.objects.select_related("request__student", "guardian"),
        pk=pk,
        request__school__in=schools_for(request.user, Action.VIEW_STUDENT),
    )
    try:
        consent_link_replace(user=request.user, link_id=link.pk)
    except ConsentError as error:
        messages.error(request, error.message)
    else:
        old = "The old link and its letter code no longer work."
        if link.guardian.email:
            messages.success(request, f"A new link is on its way to {link.guardian.email}. {old}")
        else:
            messages.warning(
                request,
                f"{old} {link.guardian.full_name} has no email address on file: print the "
                "issue batch's letters again for a new code, or record the paper form.",
            )
    return redirect("consent:student_record", student_id=link.request.student.student_id)


@require_GET
def document_download(request, pk):
    """One document of a student's cumulative record (a signed form, a countersignature, a
    withdrawal, a paper scan), for staff who may see the student. Every download is logged."""
    document = get_object_or_404(
        CumulativeDocument.objects.select_related("student"),
        pk=pk,
        student__school__in=schools_for(request.user, Action.VIEW_STUDENT),
    )
    if document.is_destroyed:
        return document_destroyed_page(request, document)
    handle = open_private(document.file)
    if handle is None:
        return being_filed(request)
    record_access_log(
        student=document.student,
        document=document,
        user=request.user,
        action="downloaded",
        purpose=AccessPurpose.RECORDS_REVIEW,
        ip=client_ip(request),
    )
    extension = PurePath(document.file.name).suffix or ".pdf"
    return attachment_response(
        handle,
        filename=f"{document.kind}-{document.student.student_id}{extension}",
        content_type=document.content_type,
    )


@require_GET
def export_choose(request):
    """Where staff pick the program (and, for district roles, the school) to export."""
    _require(request.user, Action.VIEW_STUDENT)
    schools = schools_for(request.user, Action.VIEW_STUDENT).filter(active=True).order_by("name")
    form = ExportForm(request.GET or None, schools=schools)
    if form.is_valid():
        url = reverse("consent:export_csv", args=[form.cleaned_data["program"].slug])
        return redirect(f"{url}?{urlencode({'school': form.cleaned_data['school']})}")
    return render(request, "consent/check_export.html", {"form": form})


@require_GET
def export_csv(request, slug):
    """The covered-today list of one program at one school, for the bulk-texting system."""
    _require(request.user, Action.VIEW_STUDENT)
    program = get_object_or_404(TextingProgram, slug=slug)
    schools = schools_for(request.user, Action.VIEW_STUDENT).order_by("name")
    code = request.GET.get("school", "")
    if code:
        school = schools.filter(code=code).first()
        if school is None:
            raise Http404("No such school among yours.")
    else:
        own = list(schools[:2])
        if len(own) != 1:
            form = ExportForm({"program": program.slug}, schools=schools.filter(active=True))
            form.is_valid()  # shows "choose the school" beside the field
            return render(request, "consent/check_export.html", {"form": form}, status=400)
        school = own[0]
    covered = covered_queryset(program=program, school=school)
    ids = log_release(
        covered,
        action=f"exported for {program.name} ({{count}} students)",
        purpose=AccessPurpose.TEXTING_EXPORT,
        user=request.user,
        ip=client_ip(request),
    )
    rows = (item.row(program) for item in iter_covered(covered, ids))
    return csv_streaming_response(
        filename=f"{program.slug}-{school.code}-{timezone.localdate():%Y-%m-%d}.csv",
        columns=EXPORT_COLUMNS,
        rows=([row[column] for column in EXPORT_COLUMNS] for row in rows),
    )
