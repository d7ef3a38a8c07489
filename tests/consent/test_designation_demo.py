"""The demo district shows designation at work: for a covered safety meet-up student, the
designated coach may text and the teacher, not designated, gets No with the reason."""

import pytest
from django.core.management import call_command

from consent.models import ConsentRecord, CountersignDecision
from roster.models import User

pytestmark = pytest.mark.django_db


def test_demo_coach_may_text_and_teacher_may_not(settings, client):
    settings.DEBUG = True
    call_command("seed_demo", "--password", "demo-pass-123")
    record = (
        ConsentRecord.objects.filter(
            request__program__slug="safety-meetup",
            countersignature__decision=CountersignDecision.COUNTERSIGNED,
        )
        .select_related("request__student", "request__activity")
        .first()
    )
    student_id = record.request.student.student_id

    answers = {}
    for username in ("teacher", "coach"):
        client.force_login(User.objects.get(username=username))
        response = client.get("/consent/check/", {"student_id": student_id})
        answers[username] = next(
            (a.allowed, a.code) for p, a in response.context["answers"] if p.slug == "safety-meetup"
        )

    assert record.request.activity.name == "Robotics regional meet, March 2027"
    assert answers == {"teacher": (False, "not_designated"), "coach": (True, "covered")}
