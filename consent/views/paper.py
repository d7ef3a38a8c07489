"""Paper consent forms: staff find the student's request and record the form a parent signed
on paper, with its scan (a student never asked gets their request when the form is recorded)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from aup_portal.http import client_ip
from consent.forms.paper import PaperForm, PaperStartForm
from consent.models import ConsentRecord, ConsentRequest, TextingProgram
from consent.services.errors import ConsentError
from consent.services.paper import consent_paper_record, paper_request_find
from roster.access import Action, can, schools_for
from roster.models import SchoolYear, Student, StudentGuardian
from roster.selectors import school_year_current


def _require_paper_rights(user):
    if not can(user, Action.ISSUE_CONSENT):
        raise PermissionDenied


@require_http_methods(["GET", "POST"])
def paper_start(request):
    """Which student and program the paper form is for; leads to that student's request."""
    _require_paper_rights(request.user)
    program = TextingProgram.objects.filter(slug=request.GET.get("program", "")).first()
    form = PaperStartForm(request.POST or None, initial={"program": program} if program else None)
    year = school_year_current()
    if request.method == "POST" and form.is_valid():
        student = (
            Student.objects.filter(
                student_id=form.cleaned_data["student_id"],
                school__in=schools_for(request.user, Action.ISSUE_CONSENT),
            )
            .select_related("school")
            .first()
        )
        if student is None:
            form.add_error("student_id", "No student with this ID at a school you manage.")
        elif year is None:
            form.add_error(None, "No school year is set up; ask ITS.")
        else:
            program = form.cleaned_data["program"]
            try:
                consent_request = paper_request_find(
                    user=request.user, student=student, program=program, school_year=year
                )
            except ConsentError as error:
                form.add_error(None, error.message)
            else:
                if consent_request is not None:
                    return redirect("consent:paper_record", pk=consent_request.pk)
                # Nothing is created until the form is recorded.
                query = urlencode(
                    {"student": student.student_id, "program": program.slug, "year": year.label}
                )
                return redirect(f"{reverse('consent:paper_record_new')}?{query}")
    return render(request, "consent/paper/start.html", {"form": form, "year": year})


@require_http_methods(["GET", "POST"])
def paper_record(request, pk):
    """Record the paper form for one request: who signed, the answer, the date, the scan."""
    _require_paper_rights(request.user)
    consent_request = get_object_or_404(
        ConsentRequest.objects.select_related("program", "school_year", "student", "school"),
        pk=pk,
        school__in=schools_for(request.user, Action.ISSUE_CONSENT),
    )
    record = (
        ConsentRecord.objects.filter(request=consent_request)
        .select_related("recorded_by", "document")
        .first()
    )
    if record is not None:
        context = {"consent_request": consent_request, "record": record}
        return render(request, "consent/paper/answered.html", context)
    return _record_page(request, consent_request)


@require_http_methods(["GET", "POST"])
def paper_record_new(request):
    """Record the paper form of a student who has no open request (?student=, ?program=,
    ?year=): the request is made only when the form is recorded."""
    _require_paper_rights(request.user)
    student = get_object_or_404(
        Student.objects.select_related("school"),
        student_id=request.GET.get("student", ""),
        school__in=schools_for(request.user, Action.ISSUE_CONSENT),
    )
    program = get_object_or_404(TextingProgram, slug=request.GET.get("program", ""))
    year = get_object_or_404(SchoolYear, label=request.GET.get("year", ""))
    try:
        existing = paper_request_find(
            user=request.user, student=student, program=program, school_year=year
        )
    except ConsentError as error:
        answered = ConsentRecord.objects.filter(
            request__student=student,
            request__program=program,
            request__school_year=year,
            revocation__isnull=True,
        ).first()
        if error.code == "already_answered" and answered is not None:
            # A second press of "Record": the first made the request and its answer.
            messages.info(request, _("This request was already answered; here is that answer."))
            return redirect("consent:paper_record", pk=answered.request_id)
        messages.error(request, error.message)
        return redirect(f"{reverse('consent:paper_start')}?program={program.slug}")
    if existing is not None:
        return redirect("consent:paper_record", pk=existing.pk)
    unsaved = ConsentRequest(
        student=student, program=program, school_year=year, school=student.school
    )
    return _record_page(request, unsaved)


def _record_page(request, consent_request):
    """The paper form's page and its POST, for a saved request or a not yet saved one."""
    form = PaperForm(
        request.POST or None,
        request.FILES or None,
        consent_request=consent_request,
        initial=_initial(consent_request),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        target = (
            {"request": consent_request}
            if consent_request.pk
            else {
                "student": consent_request.student,
                "program": consent_request.program,
                "school_year": consent_request.school_year,
            }
        )
        try:
            record, created = consent_paper_record(
                **target,
                recorded_by=request.user,
                guardian=data["guardian"],
                relationship=data["relationship"],
                decision=data["decision"],
                form_date=data["form_date"],
                scan=form.scan_content,
                student_mobile=data.get("student_mobile") or "",
                parent_mobile=data.get("parent_mobile") or "",
                duplicate_alerts=data.get("duplicate_alerts", False),
                ip=client_ip(request),
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
            )
        except ConsentError as error:
            form.add_error(None, error.message)
        else:
            if created:
                messages.success(
                    request,
                    _(
                        "Recorded: %(decision)s by %(signer)s for %(student)s. The scan is filed "
                        "in the cumulative record."
                    )
                    % {
                        "decision": record.get_decision_display().lower(),
                        "signer": record.signer_name,
                        "student": consent_request.student.full_name,
                    },
                )
            else:
                messages.info(request, _("This request was already answered; here is that answer."))
            return redirect("consent:paper_record", pk=record.request_id)
    return render(
        request,
        "consent/paper/record.html",
        {"consent_request": consent_request, "form": form, "today": timezone.localdate()},
        status=400 if form.is_bound else 200,
    )


def _initial(consent_request):
    holders = list(
        StudentGuardian.objects.filter(
            student=consent_request.student, has_educational_rights=True
        ).select_related("guardian")
    )
    if len(holders) == 1:
        return {"guardian": holders[0].guardian, "relationship": holders[0].relationship}
    return {}
