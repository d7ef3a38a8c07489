"""The parent's pages: the signing flow at /consent/sign/<token>/ (verify, decide, withdraw,
copy) and the /consent/code/ entry for the code printed on a letter."""

import io
import time
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aup_portal.files import being_filed, open_private
from aup_portal.http import client_ip, digits
from consent import codes, i18n, pdf
from consent.forms.parents import CodeForm, DecisionForm, PhoneChangeForm, RevokeForm, VerifyForm
from consent.links import LinkProblem, link_from_token, link_token
from consent.models import ConsentReceipt, ConsentRecord
from consent.services.amending import consent_phone_change
from consent.services.errors import ConsentError
from consent.services.filing import consent_file_pdf, consent_file_revocation_pdf
from consent.services.forms_text import current_form_text
from consent.services.signing import (
    VerifyResult,
    consent_link_verify,
    consent_revoke,
    consent_sign,
    verify_next_step,
)
from consent.views.school import pdf_response
from roster.models import AccessPurpose, StudentGuardian
from roster.services import record_access_log

SESSION_KEY = "consent_links"
# What the answered page shows of an answer: who, what became of it, the documents filed.
ANSWER_RELATED = ("guardian", "revocation__document", "countersignature", "document")


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


def _duration(length) -> str:
    """A pause's length in the parent's words: "15 minutes", "1 hour", "24 hours"."""
    minutes = max(1, round(length.total_seconds() / 60))
    if minutes < 60:
        return ngettext("%(count)s minute", "%(count)s minutes", minutes) % {"count": minutes}
    hours = round(minutes / 60)
    return ngettext("%(count)s hour", "%(count)s hours", hours) % {"count": hours}


def _wrong_answer_message(link) -> str:
    link.refresh_from_db(fields=["failed_checks"])
    left, pause = verify_next_step(link)
    if pause is None:
        then = gettext("the link will lock until the school sends you a new one")
    else:
        then = gettext("the link will pause for %(length)s") % {"length": _duration(pause)}
    return (
        gettext("That doesn't match our records. Check the date and try again.")
        + " "
        + ngettext(
            "After %(left)s more wrong answer, %(then)s.",
            "After %(left)s more wrong answers, %(then)s.",
            left,
        )
        % {"left": left, "then": then}
    )


def _sign(request, token, link):
    consent_request = link.request
    context = {"link": link, "consent_request": consent_request, "token": token}
    if not _verified(request, link):
        form = VerifyForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            result = consent_link_verify(
                link=link, date_of_birth=form.cleaned_data["date_of_birth"], ip=client_ip(request)
            )
            if result == VerifyResult.VERIFIED:
                _mark_verified(request, link)
                return redirect("consent:sign", token=token)
            if result == VerifyResult.WRONG:
                form.add_error(None, _wrong_answer_message(link))
            link.refresh_from_db(fields=["locked_until", "blocked_at"])
        paused = link.locked_until is not None and link.locked_until > timezone.now()
        if link.blocked_at is not None:
            context["locked"] = True
        elif paused:
            context["paused_until"] = timezone.localtime(link.locked_until)
            context["pause_words"] = _duration(link.locked_until - timezone.now())
        stopped = paused or link.blocked_at is not None
        return _parent_page(
            request,
            "consent/sign/verify.html",
            {**context, "form": form},
            status=(403 if link.blocked_at else 429) if stopped else 200,
        )

    record = _answer(consent_request)
    if record is not None:
        return _answered_page(request, link, record, context)
    # The form in the language of the page (English when there is no version in it yet); the
    # page sends its id back, so the record keeps exactly the version the parent read.
    form_text = current_form_text(consent_request.program, translation.get_language())
    form = DecisionForm(program=consent_request.program, initial=_decision_initial(link))
    return _parent_page(
        request, "consent/sign/decide.html", {**context, "form": form, "form_text": form_text}
    )


def _answer(consent_request):
    return (
        ConsentRecord.objects.with_current_phones()
        .filter(request=consent_request)
        .select_related(*ANSWER_RELATED)
        .first()
    )


def _decision_initial(link):
    relationship = (
        StudentGuardian.objects.filter(student=link.request.student_id, guardian=link.guardian_id)
        .values_list("relationship", flat=True)
        .first()
    )
    return {"relationship": relationship, "signer_name": link.guardian.full_name}


def _answered_page(request, link, record, context, status=200, **forms):
    """The answer as this guardian may see it (another guardian's answer shows only who
    answered, when and what; the template shows no contact details of theirs), what was filed
    for it (the page is the receipt of a guardian without email), the way to withdraw a grant
    still in force and, for the guardian who gave it, to change the phone numbers."""
    by_this_guardian = record.guardian_id == link.guardian_id
    revocation = getattr(record, "revocation", None)
    withdrew = revocation is not None and revocation.guardian_id == link.guardian_id
    filed = [record.document, revocation.document if withdrew else None]
    may_change_phones = by_this_guardian and record.is_grant and revocation is None
    if may_change_phones and "phone_form" not in forms:
        forms["phone_form"] = PhoneChangeForm(
            record=record,
            initial={
                "student_mobile": record.current_student_mobile,
                "parent_mobile": record.current_parent_mobile,
            },
        )
    return _parent_page(
        request,
        "consent/sign/answered.html",
        {
            **context,
            "record": record,
            "by_this_guardian": by_this_guardian,
            "revocation": revocation,
            "withdrew": withdrew,
            "emailed_receipt": ConsentReceipt.objects.filter(
                guardian=link.guardian_id, document__in=[d for d in filed if d is not None]
            ).exists(),
            "revoke_form": forms.get("revoke_form") or RevokeForm(),
            "phone_form": forms.get("phone_form") if may_change_phones else None,
            "phone_changes": record.phone_changes.all() if by_this_guardian else (),
        },
        status=status,
    )


@verified_link_view
@require_POST
def sign_decide(request, token, link):
    consent_request = link.request
    form_text = current_form_text(consent_request.program, translation.get_language())
    # The text the parent read is the version the page showed them, sent back with the form.
    shown_pk = request.POST.get("form_text", "")
    shown = (
        consent_request.program.form_texts.filter(pk=shown_pk).first() if digits(shown_pk) else None
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
                _record, created = consent_sign(
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
        except ConsentError as error:
            form.add_error(None, error.message)
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
    record = _answer(link.request)
    if record is None:
        return redirect("consent:sign", token=token)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        context = {"link": link, "consent_request": link.request, "token": token}
        return _answered_page(request, link, record, context, revoke_form=form, status=400)
    try:
        with translation.override("en"):  # the record and its events are kept in English
            consent_revoke(
                record=record,
                guardian=link.guardian,
                reason=form.reason_text(),
                ip=client_ip(request),
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
            )
    except ConsentError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, gettext("Your permission is withdrawn. Texting stops now."))
    return redirect("consent:sign", token=token)


@verified_link_view
@require_POST
def sign_phones(request, token, link):
    """The guardian who gave permission changes the student's (and their own) mobile."""
    record = _answer(link.request)
    if record is None:
        return redirect("consent:sign", token=token)
    form = PhoneChangeForm(request.POST, record=record)
    if form.is_valid():
        try:
            _change, created = consent_phone_change(
                link=link,
                student_mobile=form.cleaned_data["student_mobile"],
                parent_mobile=form.cleaned_data.get("parent_mobile") or "",
                ip=client_ip(request),
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
            )
        except ConsentError as error:
            messages.error(request, error.message)
        else:
            if created:
                messages.success(request, gettext("Your new phone numbers are saved."))
            else:
                messages.info(request, gettext("These are already the numbers in use."))
        return redirect("consent:sign", token=token)
    context = {"link": link, "consent_request": link.request, "token": token}
    return _answered_page(request, link, record, context, phone_form=form, status=400)


@verified_link_view
@require_GET
def sign_copy(request, token, link):
    """The guardian's own copy of the signed form (PDF), without another guardian's
    personal details; logged against the filed document like every other view."""
    record = _answer(link.request)
    if record is None:
        raise Http404
    return _guardian_download(
        request,
        link,
        consent_file_pdf,
        record_id=record.pk,
        # Rendered for this guardian: another guardian's personal details left out (the
        # filed staff copy keeps everything).
        copy=lambda: pdf.render_consent_record(record, viewer=link.guardian),
    )


@verified_link_view
@require_GET
def sign_withdrawal_copy(request, token, link):
    """The withdrawal's PDF, for the guardian who withdrew; logged like every other view."""
    revocation = (
        ConsentRecord.objects.filter(request=link.request, revocation__guardian=link.guardian)
        .values_list("revocation", flat=True)
        .first()
    )
    if revocation is None:
        raise Http404
    return _guardian_download(request, link, consent_file_revocation_pdf, revocation_id=revocation)


def _guardian_download(request, link, file_document, copy=None, **document_id):
    """Files the document now if its task has not yet (``file_document`` is the filing
    service), logs the guardian's download and streams it, or the bytes ``copy()`` renders
    for them; the "being filed" page when the storage cannot be written or read now (the
    filing task retries)."""
    try:
        with translation.override("en"):  # a document filed now is titled for staff
            document = file_document(**document_id)
    except OSError:
        return being_filed(request)
    if document.is_destroyed:
        problem = LinkProblem(
            title=gettext("This form is no longer kept"),
            message=gettext(
                "The school kept this signed form for as long as the law requires after the "
                "student left, then destroyed it. A record that it existed is kept."
            ),
            status=410,
        )
        return _parent_page(request, "consent/sign/problem.html", {"problem": problem}, 410)
    handle = io.BytesIO(copy()) if copy else open_private(document.file)
    if handle is None:
        return being_filed(request)
    record_access_log(
        student=link.request.student,
        document=document,
        guardian=link.guardian,
        action=f"downloaded at {request.path}",  # the token is redacted when written
        purpose=AccessPurpose.GUARDIAN_COPY,
        ip=client_ip(request),
    )
    return pdf_response(document, handle)


def _code_page(request, form, status=200, **context):
    response = render(request, "consent/code.html", {"form": form, **context}, status=status)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _too_many(request, form):
    response = _code_page(
        request,
        form,
        status=429,
        paused=True,
        minutes=codes.WRONG_TRIES_WINDOW_SECONDS // 60,
    )
    response["Retry-After"] = str(codes.WRONG_TRIES_WINDOW_SECONDS)
    return response


def _follow(request, form, typed: str):
    ip = client_ip(request)
    if codes.too_many_wrong_tries(ip):
        return _too_many(request, form)
    link = codes.link_for_code(typed)
    if link is None:
        codes.count_wrong_try(ip)
        if codes.too_many_wrong_tries(ip):
            return _too_many(request, form)
        form.add_error(
            "code",
            "We can't find this code. Check it against your letter: it has 10 letters and "
            "numbers, like ABCD-EFGH-JK.",
        )
        return _code_page(request, form, status=400)
    return redirect("consent:sign", token=link_token(link))


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def code_entry(request):
    """A parent types the code from their letter and lands on their signing page."""
    if request.method == "GET":
        return _code_page(request, CodeForm())
    form = CodeForm(request.POST)
    if not form.is_valid():
        return _code_page(request, form, status=400)
    return _follow(request, form, form.cleaned_data["code"])


@login_not_required
@never_cache
@require_GET
def code_go(request, code):
    """The short address printed on a letter (/consent/code/ABCD-EFGH-JK/); a mistyped one
    gets the code page with what was typed and why it was refused."""
    form = CodeForm({"code": code})
    if not form.is_valid():
        return _code_page(request, form, status=400)
    return _follow(request, form, form.cleaned_data["code"])
