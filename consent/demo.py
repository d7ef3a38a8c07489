"""Demo consent activity for seed_demo: forms issued at the first school, some answered; a
safety meet-up activity with one designated teacher, and some of its consents countersigned."""

from django.conf import settings
from django.urls import reverse

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


def seed_consent_demo(*, principal, school, school_year, designated=None) -> str | None:
    """Issues bulk alerts and safety meet-up forms at ``school`` and answers some of them, as
    guardians would; the safety meet-up forms name a robotics activity, ``designated`` (a
    teacher) is designated for it and the principal countersigns a few grants. Returns a
    parent link (with the student's date of birth) to try."""
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
    link = (
        ConsentLink.objects.filter(
            request__school=school,
            request__status=RequestStatus.OPEN,
            request__program__slug="bulk-alerts",
        )
        .select_related("request__student")
        .order_by("pk")
        .first()
    )
    if link is None:
        return None
    url = settings.PORTAL_URL + reverse("consent:sign", args=[link_token(link)])
    return f"{url} (date of birth {link.request.student.date_of_birth:%B %-d, %Y})"
