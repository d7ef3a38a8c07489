"""The parent's signing flow at /consent/sign/<token>/: the link's guard, verifying, deciding,
withdrawing and changing phone numbers. The guardian's downloads are in
``consent/views/copies.py``, the /consent/code/ entry in ``consent/views/codes.py``."""

import time
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from aup_portal.http import client_ip, digits
from consent import i18n
from consent.forms.parents import DecisionForm, PhoneChangeForm, RevokeForm, VerifyForm
from consent.links import LinkProblem, link_from_token
from consent.models import ConsentReceipt, ConsentRecord
from consent.services.amending import consent_phone_change
from consent.services.errors import ConsentError
from consent.services.forms_text import current_form_text, form_text_of_program
from consent.services.signing import (
    VerifyResult,
    consent_link_verify,
    consent_revoke,
    consent_sign,
    verify_next_step,
)

SESSION_KEY = "consent_links"
# What the answered page shows of an answer: who, what became of it, the documents filed.
ANSWER_RELATED = ("guardian", "revocation__document", "countersignature", "document")


IDLE_TIMEOUT_SECONDS = 30 * 60
# The idle clock is moved on at most once a minute: a page viewed within a minute of the last
# refresh leaves the session unchanged, so it is not written (aup_portal.middleware).
IDLE_REFRESH_SECONDS = 60


def _verified(request, link) -> bool:
    """Has this browser verified this link within the last 30 idle minutes? Refreshes it."""
    seen = request.session.get(SESSION_KEY, {})
    last = seen.get(str(link.pk))
    now = time.time()
    if last is None or now - last > IDLE_TIMEOUT_SECONDS:
        return False
    if now - last >= IDLE_REFRESH_SECONDS:
        request.session[SESSION_KEY] = {**seen, str(link.pk): now}
    return True


def _mark_verified(request, link):
    # A new session key on verification: a session fixed before it can't ride along.
    request.session.cycle_key()
    seen = request.session.get(SESSION_KEY, {})
    seen[str(link.pk)] = time.time()
    request.session[SESSION_KEY] = seen


def parent_page(request, template, context, status=200):
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
            return None, parent_page(
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
        return parent_page(
            request,
            "consent/sign/verify.html",
            {**context, "form": form},
            status=(403 if link.blocked_at else 429) if stopped else 200,
        )

    # The link's query said whether there is an answer; the answered page reads it with
    # everything it shows.
    record = answer_shown(consent_request) if link.answered else None
    if record is not None:
        return _answered_page(request, link, record, context)
    # The form in the language of the page (English when there is no version in it yet); the
    # page sends its id back, so the record keeps exactly the version the parent read.
    form_text = current_form_text(consent_request.program, translation.get_language())
    form = DecisionForm(program=consent_request.program, initial=_decision_initial(link))
    return parent_page(
        request, "consent/sign/decide.html", {**context, "form": form, "form_text": form_text}
    )


def answer_shown(consent_request):
    """The request's answer as the answered page and the downloads show it: who, what
    became of it, the documents filed, the phone numbers in use now."""
    return (
        ConsentRecord.objects.with_current_phones()
        .filter(request=consent_request)
        .select_related(*ANSWER_RELATED)
        .first()
    )


def _decision_initial(link):
    # link_from_token annotated the guardian's relationship to the student.
    return {"relationship": link.guardian_relationship, "signer_name": link.guardian.full_name}


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
    return parent_page(
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
    # The text the parent read is the version the page showed them, sent back with the form.
    shown_pk = request.POST.get("form_text", "")
    shown = None
    if digits(shown_pk):
        shown = form_text_of_program(consent_request.program, int(shown_pk))
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
    return parent_page(
        request,
        "consent/sign/decide.html",
        {
            "link": link,
            "consent_request": consent_request,
            "token": token,
            "form": form,
            "form_text": shown
            or current_form_text(consent_request.program, translation.get_language()),
        },
        status=400,
    )


@verified_link_view
@require_POST
def sign_revoke(request, token, link):
    record = answer_shown(link.request)
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
    record = answer_shown(link.request)
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
