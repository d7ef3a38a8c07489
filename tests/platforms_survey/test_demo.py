"""The demo's survey and consult: answers from two schools, one still to answer, one consult
waiting; a second run adds nothing."""

from platforms.demo_survey import seed_survey_demo
from platforms.models import Consult, Platform, PlatformUse
from platforms.services.survey import overview_counts


def test_demo_survey_has_answers_one_school_waiting_and_a_consult(
    its_reviewer, principal_a, principal_b, teacher_a, school_year, charter_school
):
    from tests.factories import SchoolFactory

    SchoolFactory(code="1003", name="Frederick Douglass Middle School")
    args = {
        "its": its_reviewer,
        "principals": [principal_a, principal_b],
        "requester": teacher_a,
        "school_year": school_year,
    }

    seed_survey_demo(**args)
    seed_survey_demo(**args)

    counts = overview_counts()
    assert (counts["asked"], counts["answered"], counts["consults_waiting"]) == (3, 2, 1)
    assert (Platform.objects.count(), PlatformUse.objects.count(), Consult.objects.count()) == (
        2,
        3,
        1,
    )
