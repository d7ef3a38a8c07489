"""Demo consent activity for seed_demo: forms issued at the first school, some answered; a
safety meet-up activity with one designated teacher, and some of its consents countersigned;
and the demo's parent links to try (manage.py demo_links)."""

import datetime
from typing import NamedTuple

from django.conf import settings
from django.urls import reverse

from consent.i18n import guardian_language
from consent.links import link_token
from consent.models import ConsentLink, Decision, RequestStatus, TextingProgram
from consent.services.countersigning import consent_countersign
from consent.services.designations import activity_create, designation_add
from consent.services.forms_text import current_form_text
from consent.services.issuing import consent_issue
from consent.services.signing import consent_sign

# Of the issued requests, which are answered and how (the rest wait for an answer).
ANSWERS = [Decision.GRANT] * 7 + [Decision.DECLINE] * 2
# Safety meet-up grants the principal countersigns (the rest wait in the countersign queue).
COUNTERSIGNED = 4
ACTIVITY = "Robotics regional meet, March 2027"


def seed_consent_demo(*, principal, school, school_year, designated=None) -> None:
    """Issues bulk alerts and safety meet-up forms at ``school`` and answers some of them, as
    guardians would; the safety meet-up forms name a robotics activity, ``designated`` (a
    teacher) is designated for it and the principal countersigns a few grants."""
    safety = TextingProgram.objects.get(slug="safety-meetup")
    activity = activity_create(user=principal, school=school, program=safety, name=ACTIVITY)
    if designated is not None:
        designation_add(user=principal, activity_id=activity.pk, staff=designated)
    for slug in ("bulk-alerts", "safety-meetup"):
        program = TextingProgram.objects.get(slug=slug)
        batch = consent_issue(
            issued_by=principal,
            program=program,
            school_year=school_year,
            school=school,
            activity=activity if program == safety else None,
        )
        requests = batch.requests.select_related("student").order_by("pk")
        for index, (request, decision) in enumerate(zip(requests, ANSWERS, strict=False)):
            link = request.links.select_related("guardian").order_by("pk").first()
            record, _created = consent_sign(
                link=link,
                form_text=current_form_text(program),
                decision=decision,
                signer_name=link.guardian.full_name,
                relationship=request.student.guardian_links.get(
                    guardian=link.guardian
                ).relationship,
                student_mobile="+17735550100" if decision == Decision.GRANT else "",
                esign_agreed=True,
                ip="127.0.0.1",
                user_agent="Demo data",
            )
            if program == safety and decision == Decision.GRANT and index < COUNTERSIGNED:
                consent_countersign(record=record, principal=principal, decision="countersigned")


class DemoLink(NamedTuple):
    school: str
    program: str
    language: str  # the language of the parent's pages: "en" or "es"
    answered: bool
    student: str
    date_of_birth: datetime.date  # what the parent types to open the link
    url: str


def demo_links(*, school_code: str = "", language: str = "", answered=None) -> list[DemoLink]:
    """The demo's usable parent links, oldest first. A link's token is never stored: like a
    reminder does, this remakes it from the link's nonce under LINK_SIGNING_KEY, so the links
    stay valid while that key does (in DEBUG its fixed demo default)."""
    links = (
        ConsentLink.objects.exclude(request__status=RequestStatus.CANCELLED)
        .select_related("request__student", "request__school", "request__program", "guardian")
        .order_by("pk")
    )
    if school_code:
        links = links.filter(request__school__code=school_code)
    rows = []
    for link in links:
        row = DemoLink(
            school=link.request.school.name,
            program=link.request.program.name,
            language=guardian_language(link.guardian),
            answered=link.request.status == RequestStatus.ANSWERED,
            student=link.request.student.full_name,
            date_of_birth=link.request.student.date_of_birth,
            url=settings.PORTAL_URL + reverse("consent:sign", args=[link_token(link)]),
        )
        if language in ("", row.language) and answered in (None, row.answered):
            rows.append(row)
    return rows


def demo_links_to_try() -> list[DemoLink]:
    """A few links: English and Spanish, waiting for an answer and answered."""
    rows = demo_links()
    picked = []
    for answered in (False, True):
        for language in ("en", "es"):
            picked += [r for r in rows if (r.answered, r.language) == (answered, language)][:1]
    return picked


def demo_link_lines(rows: list[DemoLink]) -> list[str]:
    """One line a link: what it shows, then the link and the date of birth it asks for."""
    lines = []
    for row in rows:
        what = "answered (the answered page)" if row.answered else "waiting for an answer"
        about = f"{row.program}, {row.student}, {row.school}"
        lines.append(f"  {row.language.upper()}, {what}: {about}")
        lines.append(f"    {row.url}  (date of birth {row.date_of_birth:%B %-d, %Y})")
    return lines


def demo_mail_note() -> str:
    """Where the demo's emails go, from the configured email backend."""
    if settings.EMAIL_BACKEND == "django.core.mail.backends.console.EmailBackend":
        return (
            "Emails (parent links, receipts, alerts) are not sent: the background worker prints "
            "each one in the terminal that runs `make run` (the console email backend; set "
            "EMAIL_URL to send them)."
        )
    return f"Emails go through {settings.EMAIL_BACKEND} (EMAIL_URL)."
