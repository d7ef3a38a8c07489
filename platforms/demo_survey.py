"""The demo's platform survey and consult (for ``seed_demo``): the current year's survey with
answers from two demo schools (one names a tool the district did not know), one school still
to answer, and one consult waiting for ITS. Vendors and products are fictional."""

import datetime

from django.utils import timezone

from platforms.models import PlatformSurvey
from platforms.services.consults import consult_request
from platforms.services.survey import survey_answer_add, survey_open, survey_submit

# (vendor, product, what for, students, who uses it) per answering principal, in order.
ANSWERS = [
    [
        (
            "Lanternfish Labs",
            "Bulletin Board Chat",
            "Club and team news to families",
            140,
            "Coaches",
        ),
        ("Paperkite Systems", "Kite Notify", "Class reminders", 320, "Classroom teachers"),
    ],
    [("Paperkite Systems", "Kite Notify", "Attendance follow-up", 210, "The front office")],
]


def seed_survey_demo(*, its, principals, requester, school_year) -> PlatformSurvey:
    """Opens ``school_year``'s survey (unless open), has each of ``principals`` (users holding
    the principal role at one school) answer it, and ``requester`` ask for one consult. Safe
    to run twice: an existing survey is returned as it is."""
    existing = PlatformSurvey.objects.filter(school_year=school_year).first()
    if existing is not None:
        return existing
    due = timezone.localdate() + datetime.timedelta(days=21)
    survey = survey_open(user=its, school_year=school_year, due=due)
    for principal, answers in zip(principals, ANSWERS, strict=False):
        school_id = principal.staff_roles.get().school_id
        response = survey.responses.filter(school_id=school_id).first()
        if response is None:  # a charter school is not asked
            continue
        for vendor, product, used_for, students, used_by in answers:
            survey_answer_add(
                user=principal,
                response=response,
                vendor=vendor,
                product=product,
                used_for=used_for,
                students=students,
                used_by=used_by,
            )
        survey_submit(user=principal, response=response, no_tools=False)
    consult_request(
        user=requester,
        product="Huddlebox",
        vendor="Orchard Lane Software",
        purpose="Texting the robotics team about practice changes",
        students=24,
        data_shared="Students' names and mobile numbers, parents' mobile numbers",
        school_id=requester.staff_roles.get().school_id,
    )
    return survey
