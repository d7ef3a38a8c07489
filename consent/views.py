"""Consent pages: the school's side (dashboard, issuing, countersigning, filed forms) and the
parent's signing flow at /consent/sign/<token>/."""

import time
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from aup_portal.http import client_ip
from consent import i18n, selectors, services
from consent.forms import CountersignForm, DecisionForm, IssueForm, RevokeForm, VerifyForm
from consent.links import LinkProblem, link_from_token
from consent.models import (
    ConsentRecord,
    CountersignDecision,
    IssueBatch,
    TextingProgram,
)
from roster.access import Action, can, schools_for
from roster.models import AccessPurpose, StudentGuardian
from roster.services import record_access_log

# --- School staff ---------------------------------------------------------------------------


def _require(user, action, obj=None):
    if not can(user, action, obj):
        raise PermissionDenied


def issue(request):
    _require(request.user, Action.ISSUE_CONSENT)
    schools = schools_for(request.user, Action.ISSUE_CONSENT).filter(active=True)
    form = IssueForm(
        request.POST or None, schools=schools, initial=_issue_initial(request, schools)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            batch = services.consent_issue(
                issued_by=request.user,
                program=data["program"],
                school_year=data["school_year"],
                school=data["school"],
                grades=data["grades"] if data["scope"] == "grades" else None,
                student_ids=data["student_ids"] if data["scope"] == "students" else None,
            )
        except services.ConsentError as error:
            form.add_error(None, str(error))
        else:
            return redirect("consent:batch", pk=batch.pk)
    return render(request, "consent/issue.html", {"form": form})


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
    skipped = [
        (services.SKIP_REASONS.get(reason, reason), count)
        for reason, count in sorted(batch.skipped.items())
    ]
    return render(request, "consent/batch.html", {"batch": batch, "skipped": skipped})


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
    if not page_number.isdigit():
        page_number = "1"
    if form.is_valid():
        try:
            countersignature = services.consent_countersign(
                record=record,
                principal=request.user,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
            )
        except services.ConsentError as error:
            messages.error(request, str(error))
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
    """A filed consent form, for staff who may see the student; every download is logged."""
    record = get_object_or_404(
        ConsentRecord.objects.select_related("request__student", "document"),
        pk=pk,
        request__school__in=schools_for(request.user, Action.VIEW_STUDENT),
    )
    purpose = request.GET.get("purpose", AccessPurpose.RECORDS_REVIEW)
    if purpose not in AccessPurpose.values or purpose == AccessPurpose.GUARDIAN_COPY:
        purpose = AccessPurpose.RECORDS_REVIEW
    document = record.document or services.consent_file_pdf(record_id=record.pk)
    record_access_log(
        student=record.request.student,
        document=document,
        user=request.user,
        action="downloaded",
        purpose=purpose,
        ip=client_ip(request),
    )
    return _pdf_response(document)


def _pdf_response(document):
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=f"{document.kind}-{document.student.student_id}.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "no-store"
    return response


# --- Parents and guardians ------------------------------------------------------------------

SESSION_KEY = "consent_links"
IDLE_TIMEOUT_SECONDS = 30 * 60


def _verified(request, link) -> bool:
    """Has this browser verified this link within the last 30 idle minutes? Refreshes it."""
    seen = request.session.get(SESSION_KEY, {})
    last = seen.get(str(link.pk))
    now = time.time()
    if last is None or now - last > IDLE_TIMEOUT_SECONDS:
        return False
    seen[str(link.pk)] = now
    request.session[SESSION_KEY] = seen
    return True


def _mark_verified(request, link):
    # A new session key on verification: a session fixed before it can't ride along.
    request.session.cycle_key()
    seen = request.session.get(SESSION_KEY, {})
    seen[str(link.pk)] = time.time()
    request.session[SESSION_KEY] = seen


def _parent_page(request, template, context, status=200):
    response = render(request, template, context, status=status)
    # The views are never_cache (no-store); search engines must not index them either.
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _link_or_problem(request, token):
    # The link's problem is told before there is a guardian to take the language from.
    with translation.override(i18n.language_without_link(request)):
        try:
            return link_from_token(token), None
        except LinkProblem as problem:
            return None, _parent_page(
                request, "consent/sign/problem.html", {"problem": problem}, status=problem.status
            )


def verified_link_view(view):
    """For the steps after verification: the token must name a usable link (else the
    friendly page) that this browser verified within the idle timeout (else step 1)."""

    @wraps(view)
    def wrapper(request, token):
        link, problem = _link_or_problem(request, token)
        if problem:
            return problem
        with i18n.in_link_language(request, link):
            if not _verified(request, link):
                messages.info(
                    request, gettext("For your security, confirm your child's date of birth again.")
                )
                return redirect("consent:sign", token=token)
            return view(request, token, link)

    return login_not_required(never_cache(wrapper))


@login_not_required
@never_cache
def sign(request, token):
    """Step 1 (verify the date of birth), then step 2 (read and decide) or, once answered,
    the answer with the copy and, for a grant, the way to withdraw it."""
    link, problem = _link_or_problem(request, token)
    if problem:
        return problem
    with i18n.in_link_language(request, link):
        return _sign(request, token, link)


def _sign(request, token, link):
    consent_request = link.request
    context = {"link": link, "consent_request": consent_request, "token": token}
    if not _verified(request, link):
        form = VerifyForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            result = services.consent_link_verify(
                link=link, date_of_birth=form.cleaned_data["date_of_birth"], ip=client_ip(request)
            )
            if result == services.VerifyResult.VERIFIED:
                _mark_verified(request, link)
                return redirect("consent:sign", token=token)
            if result == services.VerifyResult.WRONG:
                form.add_error(
                    None,
                    gettext(
                        "That doesn't match our records. Check the date and try again. "
                        "After %(attempts)s wrong answers the link pauses for 15 minutes."
                    )
                    % {"attempts": services.VERIFY_ATTEMPTS},
                )
            link.refresh_from_db(fields=["locked_until"])
        paused = link.locked_until is not None and link.locked_until > timezone.now()
        if paused:
            context["paused_until"] = timezone.localtime(link.locked_until)
        return _parent_page(
            request,
            "consent/sign/verify.html",
            {**context, "form": form},
            status=429 if paused else 200,
        )

    record = (
        ConsentRecord.objects.filter(request=consent_request)
        .select_related("guardian", "revocation", "countersignature", "document")
        .first()
    )
    if record is not None:
        return _answered_page(request, link, record, context)
    # The form in the language of the page (English when there is no version in it yet); the
    # page sends its id back, so the record keeps exactly the version the parent read.
    form_text = services.current_form_text(consent_request.program, translation.get_language())
    form = DecisionForm(program=consent_request.program, initial=_decision_initial(link))
    return _parent_page(
        request, "consent/sign/decide.html", {**context, "form": form, "form_text": form_text}
    )


def _decision_initial(link):
    relationship = (
        StudentGuardian.objects.filter(student=link.request.student_id, guardian=link.guardian_id)
        .values_list("relationship", flat=True)
        .first()
    )
    return {"relationship": relationship, "signer_name": link.guardian.full_name}


def _answered_page(request, link, record, context, revoke_form=None, status=200):
    return _parent_page(
        request,
        "consent/sign/answered.html",
        {
            **context,
            "record": record,
            "by_this_guardian": record.guardian_id == link.guardian_id,
            "revocation": getattr(record, "revocation", None),
            "revoke_form": revoke_form or RevokeForm(),
        },
        status=status,
    )


@verified_link_view
@require_POST
def sign_decide(request, token, link):
    consent_request = link.request
    form_text = services.current_form_text(consent_request.program, translation.get_language())
    # The text the parent read is the version the page showed them, sent back with the form.
    shown_pk = request.POST.get("form_text", "")
    shown = (
        consent_request.program.form_texts.filter(pk=shown_pk).first()
        if shown_pk.isdigit()
        else None
    )
    form = DecisionForm(request.POST, program=consent_request.program)
    if shown is None:
        form.add_error(None, gettext("Please read the form again, then send your answer."))
    if form.is_valid():
        data = form.cleaned_data
        try:
            # What the service writes for staff (event details, the filed document's title)
            # stays in English; the PDF takes the language of the version signed.
            with translation.override("en"):
                _record, created = services.consent_sign(
                    link=link,
                    form_text=shown,
                    decision=data["decision"],
                    signer_name=data["signer_name"],
                    relationship=data["relationship"],
                    student_mobile=data.get("student_mobile") or "",
                    parent_mobile=data.get("parent_mobile") or "",
                    duplicate_alerts=data.get("duplicate_alerts", False),
                    esign_agreed=data["esign_agreed"],
                    ip=client_ip(request),
                    user_agent=request.META.get("HTTP_USER_AGENT", ""),
                )
        except services.ConsentError as error:
            form.add_error(None, gettext(str(error)))
        else:
            if not created:
                messages.info(
                    request, gettext("This form was already answered; here is that answer.")
                )
            return redirect("consent:sign", token=token)
    return _parent_page(
        request,
        "consent/sign/decide.html",
        {
            "link": link,
            "consent_request": consent_request,
            "token": token,
            "form": form,
            "form_text": shown or form_text,
        },
        status=400,
    )


@verified_link_view
@require_POST
def sign_revoke(request, token, link):
    record = get_object_or_404(ConsentRecord, request=link.request)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        context = {"link": link, "consent_request": link.request, "token": token}
        return _answered_page(request, link, record, context, revoke_form=form, status=400)
    try:
        with translation.override("en"):  # the record and its events are kept in English
            services.consent_revoke(
                record=record,
                guardian=link.guardian,
                reason=form.reason_text(),
                ip=client_ip(request),
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
            )
    except services.ConsentError as error:
        messages.error(request, gettext(str(error)))
    else:
        messages.success(request, gettext("Your permission is withdrawn. Texting stops now."))
    return redirect("consent:sign", token=token)


@verified_link_view
@require_GET
def sign_copy(request, token, link):
    """The guardian's own copy of the signed form (PDF); logged like every other view."""
    record = ConsentRecord.objects.filter(request=link.request).first()
    if record is None:
        raise Http404
    with translation.override("en"):  # a document filed now is titled for staff
        document = services.consent_file_pdf(record_id=record.pk)
    record_access_log(
        student=link.request.student,
        document=document,
        guardian=link.guardian,
        action="downloaded",
        purpose=AccessPurpose.GUARDIAN_COPY,
        ip=client_ip(request),
    )
    return _pdf_response(document)
