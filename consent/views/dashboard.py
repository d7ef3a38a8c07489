"""The school's consent dashboard: counts per program, the student list with filters and
its CSV export, reminders, and the renewal campaign for next school year."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from aup_portal.http import client_ip
from aup_portal.spreadsheet import csv_streaming_response
from consent import dashboard
from consent.coverage import OPEN_CODES
from consent.exports import log_release
from consent.forms.school import StudentFilterForm
from consent.models import IssueBatch
from consent.selectors import locked_links, programs_at
from consent.services.errors import ConsentError
from consent.services.issuing import REMINDER_SKIP_REASONS, consent_remind, consent_renew
from roster.access import Action, can, schools_for
from roster.models import AccessPurpose, SchoolYear, Student
from roster.selectors import school_year_current

PAGE_SIZE = 50
LOCKED_LINKS_SHOWN = 20


def _named(value, *, find, default, exact: bool, what: str):
    """The object ``value`` names (``find``), or ``default()`` when it names none and the
    request need not. Exact targets: a name that matches nothing the user may see is a 404,
    never a quiet swap for another school, program or year."""
    if not value and not exact:
        return default()
    found = find(value) if value else None
    if found is None:
        raise Http404(f"No such {what} among yours.")
    return found


def _scope(request, params, *, exact=False):
    """School, school year and program a dashboard request is about, from ``params``. A page
    (GET) that names none gets the defaults; a POST (``exact``) must name all three."""
    if not can(request.user, Action.VIEW_CONSENT_DASHBOARD):
        raise PermissionDenied
    schools = schools_for(request.user, Action.VIEW_CONSENT_DASHBOARD).filter(active=True)
    school = _named(
        params.get("school", ""),
        find=lambda code: schools.filter(code=code).first(),
        default=lambda: schools.order_by("name").first(),
        exact=exact,
        what="school",
    )
    years = list(SchoolYear.objects.order_by("-first_day"))
    # The chosen year; else the one in session, or in the summer the next to start.
    year = _named(
        params.get("year", ""),
        find=lambda label: next((y for y in years if y.label == label), None),
        default=lambda: school_year_current(years=years),
        exact=exact,
        what="school year",
    )
    programs = list(programs_at(schools=school)) if school is not None else []
    program = _named(
        params.get("program", ""),
        find=lambda slug: next((p for p in programs if p.slug == slug), None),
        default=lambda: programs[0] if programs else None,
        exact=exact,
        what="program",
    )
    return {
        "school": school,
        "schools": schools,
        "years": years,
        "year": year,
        "programs": programs,
        "program": program,
    }


def _query(scope, **extra) -> str:
    params = {
        "school": scope["school"].code,
        "year": scope["year"].label,
        "program": scope["program"].slug,
        **extra,
    }
    return urlencode({k: v for k, v in params.items() if v not in (None, "")})


@require_GET
def dashboard_view(request):
    scope = _scope(request, request.GET)
    school, year, programs, program = (
        scope["school"],
        scope["year"],
        scope["programs"],
        scope["program"],
    )
    context = {**scope, "many_schools": scope["schools"].count() > 1}
    find = request.GET.get("find", "").strip()
    if find and context["many_schools"]:
        context["found"] = (
            scope["schools"]
            .filter(Q(name__icontains=find) | Q(code__iexact=find))
            .order_by("name")[:20]
        )
    if school is None or year is None or school.is_exempt_from_policy:
        return render(request, "consent/dashboard.html", context)

    requests = dashboard.request_counts(school=school, school_year=year)
    statuses = dashboard.status_counts(school=school, programs=programs, school_year=year)
    for each in programs:
        each.counts = {**dashboard.REQUEST_COUNTS, **requests.get(each.pk, {})}
        each.statuses = statuses[each.pk]
        # The same students as the list below: the counts add up to its length.
        each.eligible = sum(each.statuses.values())
        # (label, count) per column; the label heads the cell in the phone's stacked rows.
        each.status_cells = [
            (
                dashboard.STATUSES[code],
                None
                if code in dashboard.COUNTERSIGN_COLUMNS and not each.requires_principal_countersign
                else each.statuses[code],
            )
            for code in dashboard.COLUMNS
        ]
        each.percent_covered = (
            round(100 * each.statuses["covered"] / each.eligible) if each.eligible else 0
        )
    if program is not None:
        homerooms = (
            Student.objects.filter(school=school, active=True)
            .exclude(homeroom="")
            .order_by("homeroom")
            .values_list("homeroom", flat=True)
            .distinct()
        )
        form = StudentFilterForm(request.GET, program=program, homerooms=list(homerooms))
        if form.status_asked():
            listed = dashboard.with_last_reminded(
                form.apply(
                    dashboard.student_statuses(school=school, program=program, school_year=year)
                ),
                program=program,
                school_year=year,
            )
            page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
        else:
            # No status asked: the page's students are picked by name first, and only their
            # statuses computed; with no filter at all, the counts above give the length.
            paginator = Paginator(
                form.apply(dashboard.eligible_students(school=school, program=program)).order_by(
                    *dashboard.LIST_ORDER
                ),
                PAGE_SIZE,
            )
            if not form.narrows():
                paginator.count = program.eligible
            page = paginator.get_page(request.GET.get("page"))
            page.object_list = dashboard.with_last_reminded(
                dashboard.student_statuses(
                    school=school,
                    program=program,
                    school_year=year,
                    only=page.object_list.values("pk"),
                ),
                program=program,
                school_year=year,
            )
        page.object_list = list(page.object_list)
        for student in page.object_list:
            student.status_label = dashboard.STATUSES[student.coverage_code]
            # Only a family whose request is open is reminded (as consent_remind does).
            student.may_remind = student.coverage_code in OPEN_CODES
        filters = {k: v for k, v in request.GET.items() if k in form.fields and v}
        context.update(
            form=form,
            page=page,
            query=_query(scope),
            filtered_query=_query(scope, **filters),
            next_year=next(
                (y for y in reversed(scope["years"]) if y.first_day > year.last_day), None
            ),
        )
    context.update(
        columns=[dashboard.STATUSES[code] for code in dashboard.COLUMNS],
        status_labels=dashboard.STATUSES,
        batches=IssueBatch.objects.filter(school=school, school_year=year)
        .select_related("program", "school_year", "issued_by")
        .order_by("-issued_at")[:10],
        can_issue=can(request.user, Action.ISSUE_CONSENT, school),
        can_countersign=can(request.user, Action.COUNTERSIGN_CONSENT, school),
        # Links that locked after repeated wrong dates of birth wait for the school.
        locked_links=list(locked_links(school=school, school_year=year)[:LOCKED_LINKS_SHOWN]),
    )
    return render(request, "consent/dashboard.html", context)


@require_GET
def students_csv(request):
    """Exactly the filtered student list, every page; each exported student is logged."""
    scope = _scope(request, request.GET)
    school, year, program = scope["school"], scope["year"], scope["program"]
    if school is None or year is None or program is None:
        return redirect("consent:dashboard")
    form = StudentFilterForm(request.GET, program=program, homerooms=[request.GET.get("homeroom")])
    students = form.apply(
        dashboard.student_statuses(school=school, program=program, school_year=year)
    )
    # With no status asked, the same students without their statuses: cheap ids to log.
    listed = students
    if not form.status_asked():
        listed = form.apply(dashboard.eligible_students(school=school, program=program))
    # Logged before the first byte (ids only, one INSERT); the same rows then stream.
    ids = log_release(
        listed,
        action=f"exported in the {program.name} consent list",
        purpose=AccessPurpose.RECORDS_REVIEW,
        user=request.user,
        ip=client_ip(request),
    )
    return csv_streaming_response(
        filename=f"consent-{school.code}-{program.slug}-{year.label}.csv",
        columns=[
            "student_id",
            "last_name",
            "first_name",
            "grade",
            "homeroom",
            "status",
            "answered_by",
            "answered_at",
        ],
        rows=(
            [
                student.student_id,
                student.last_name,
                student.first_name,
                student.get_grade_display(),
                student.homeroom,
                dashboard.STATUSES[student.coverage_code],
                student.signer_name or "",
                timezone.localtime(student.signed_at).isoformat() if student.signed_at else "",
            ]
            # One school's students: read in one plain query (a cursor's fast-start plan
            # would walk the district's students by name), as the first row is asked.
            for student in students.filter(pk__in=ids)
        ),
    )


@require_POST
def remind(request):
    scope = _scope(request, request.POST, exact=True)
    school, year, program = scope["school"], scope["year"], scope["program"]
    student = None
    if request.POST.get("student_id"):
        student = get_object_or_404(Student, school=school, student_id=request.POST["student_id"])
    result = consent_remind(
        user=request.user, school=school, program=program, school_year=year, student=student
    )
    skipped = "; ".join(
        f"{n} skipped: {REMINDER_SKIP_REASONS[reason].lower()}"
        for reason, n in sorted(result["skipped"].items())
    )
    messages.success(
        request,
        ngettext("%(count)d reminder queued.", "%(count)d reminders queued.", result["queued"])
        % {"count": result["queued"]}
        + (f" {skipped}." if skipped else ""),
    )
    return redirect(f"{reverse('consent:dashboard')}?{_query(scope)}")


@require_POST
def renew(request):
    scope = _scope(request, request.POST, exact=True)
    school, year, program = scope["school"], scope["year"], scope["program"]
    to_year = _named(
        request.POST.get("to_year", ""),
        find=lambda label: next((y for y in scope["years"] if y.label == label), None),
        default=None,
        exact=True,
        what="school year to renew for",
    )
    try:
        batch = consent_renew(
            issued_by=request.user, program=program, school=school, from_year=year, to_year=to_year
        )
    except ConsentError as error:
        messages.error(request, error.message)
        return redirect(f"{reverse('consent:dashboard')}?{_query(scope)}")
    return redirect("consent:batch", pk=batch.pk)
