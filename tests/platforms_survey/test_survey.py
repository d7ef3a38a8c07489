"""The schools' platform survey through its pages: opening, answering (known and new tools,
a delegate), another school's refusal, submitting, response rates and reminders."""

import datetime

import pytest
import time_machine
from django.core import mail

from platforms.models import (
    Platform,
    PlatformSurvey,
    PlatformUse,
    SurveyDelegate,
    SurveyReminder,
    SurveyResponse,
)
from platforms.services.survey import (
    survey_answer_add,
    survey_delegate_add,
    survey_open,
    survey_remind,
)
from platforms.tasks import send_survey_reminder
from roster.models import Role
from tests.factories import SchoolFactory, SchoolYearFactory, staff_user
from tests.platforms_survey.conftest import answer


def test_its_opens_one_survey_a_year_for_active_non_charter_schools(
    client, its_reviewer, school_year, school_a, school_b, charter_school
):
    client.force_login(its_reviewer)
    data = {"school_year": school_year.pk, "due": "2026-10-30"}

    first = client.post("/platforms/survey/", data)
    again = client.post("/platforms/survey/", data)

    survey = PlatformSurvey.objects.get()
    assert first.status_code == 302
    assert (again.status_code, "already open" in again.text) == (400, True)
    assert sorted(survey.responses.values_list("school__code", flat=True)) == ["1001", "1002"]


def test_opening_with_a_past_due_date_keeps_the_input(client, its_reviewer, school_year):
    client.force_login(its_reviewer)

    response = client.post(
        "/platforms/survey/", {"school_year": school_year.pk, "due": "2026-01-01"}
    )

    assert response.status_code == 400
    assert "Choose a due date from today on." in response.text
    assert 'value="2026-01-01"' in response.text
    assert PlatformSurvey.objects.count() == 0


def test_principal_cannot_open_a_survey(client, principal_a, school_year):
    client.force_login(principal_a)

    response = client.post(
        "/platforms/survey/", {"school_year": school_year.pk, "due": "2026-10-30"}
    )

    assert response.status_code == 403
    assert PlatformSurvey.objects.count() == 0


def test_principal_picks_a_known_tool_and_names_a_new_one(
    client, principal_a, survey, school_a, approved
):
    client.force_login(principal_a)

    answer(client, survey, school_a, platform=approved.pk)
    answer(client, survey, school_a, vendor="Chatterly Inc", product="Chatterly", students="40")

    uses = PlatformUse.objects.filter(school=school_a, school_year=survey.school_year)
    assert sorted((u.platform.product, u.students) for u in uses) == [
        ("Chatterly", 40),
        ("ClassBell", 120),
    ]
    new = Platform.objects.get(product="Chatterly")
    assert (new.status, new.events.get().transition) == ("surveyed", "register")


def test_a_tool_two_schools_name_is_registered_once(
    client, principal_a, principal_b, survey, school_a, school_b
):
    for principal, school, spelling in [
        (principal_a, school_a, ("Chatterly Inc", "Chatterly")),
        (principal_b, school_b, (" chatterly inc ", "CHATTERLY")),
    ]:
        client.force_login(principal)
        answer(client, survey, school, vendor=spelling[0], product=spelling[1])

    platform = Platform.objects.get()
    assert sorted(platform.uses.values_list("school__code", flat=True)) == ["1001", "1002"]


def test_answer_form_errors_beside_the_field_keep_the_input(client, principal_a, survey, school_a):
    client.force_login(principal_a)

    response = answer(client, survey, school_a, vendor="Chatterly Inc", used_by="Coaches")

    assert response.status_code == 400
    assert "Name the new tool&#x27;s product." in response.text
    assert 'value="Chatterly Inc"' in response.text and 'value="Coaches"' in response.text
    assert PlatformUse.objects.count() == 0


def test_principal_of_another_school_gets_404(client, principal_b, survey, school_a):
    client.force_login(principal_b)

    page = client.get(f"/platforms/survey/{survey.pk}/{school_a.code}/")
    posted = answer(client, survey, school_a, vendor="X", product="Y")

    assert (page.status_code, posted.status_code) == (404, 404)
    assert PlatformUse.objects.count() == 0


def test_teacher_not_delegated_is_refused(client, teacher_a, survey, school_a):
    client.force_login(teacher_a)

    assert client.get("/platforms/survey/").status_code == 403
    assert client.get(f"/platforms/survey/{survey.pk}/{school_a.code}/").status_code == 404


def test_delegate_answers_for_the_school(client, principal_a, delegate_a, survey, school_a):
    client.force_login(principal_a)
    client.post(
        f"/platforms/survey/{survey.pk}/{school_a.code}/delegates/", {"delegate": delegate_a.pk}
    )
    client.force_login(delegate_a)

    index = client.get("/platforms/survey/")
    answer(client, survey, school_a, vendor="Chatterly Inc", product="Chatterly")
    client.post(f"/platforms/survey/{survey.pk}/{school_a.code}/submit/")

    row = SurveyResponse.objects.get(survey=survey, school=school_a)
    assert SurveyDelegate.objects.get().named_by == principal_a
    assert school_a.name in index.text
    assert (row.is_answered, row.submitted_by) == (True, delegate_a)


def test_delegate_of_another_school_is_refused(client, principal_a, survey, school_a, school_b):
    teacher_b = staff_user(Role.TEACHER, school_b)
    client.force_login(principal_a)

    client.post(
        f"/platforms/survey/{survey.pk}/{school_a.code}/delegates/", {"delegate": teacher_b.pk}
    )

    assert SurveyDelegate.objects.count() == 0


def test_submit_with_no_tools_needs_saying_none(client, principal_a, survey, school_a):
    client.force_login(principal_a)
    url = f"/platforms/survey/{survey.pk}/{school_a.code}/submit/"

    refusal = client.post(url)
    refused = SurveyResponse.objects.get(survey=survey, school=school_a).is_answered
    client.post(url, {"no_tools": "on"})

    row = SurveyResponse.objects.get(survey=survey, school=school_a)
    assert (refusal.status_code, refused, row.is_answered, row.no_tools) == (400, False, True, True)
    assert "or tick that it uses none." in refusal.text


def test_answers_cannot_change_after_the_due_date(client, principal_a, survey, school_a):
    with time_machine.travel(datetime.datetime(2026, 10, 29, 15, tzinfo=datetime.UTC)):
        client.force_login(principal_a)
        response = answer(client, survey, school_a, vendor="Chatterly Inc", product="Chatterly")

    assert response.status_code == 400
    assert "The survey closed on" in response.text
    assert PlatformUse.objects.count() == 0


def test_removing_an_answer_twice_is_harmless(client, principal_a, survey, school_a, approved):
    client.force_login(principal_a)
    answer(client, survey, school_a, platform=approved.pk)
    use = PlatformUse.objects.get()
    url = f"/platforms/survey/{survey.pk}/{school_a.code}/answers/{use.pk}/remove/"

    statuses = [client.post(url).status_code, client.post(url).status_code]

    assert statuses == [302, 302]
    assert PlatformUse.objects.count() == 0


def test_rates_show_who_answered_and_when(client, principal_a, its_reviewer, survey, school_a):
    client.force_login(principal_a)
    client.post(f"/platforms/survey/{survey.pk}/{school_a.code}/submit/", {"no_tools": "on"})
    client.force_login(its_reviewer)

    page = client.get(f"/platforms/survey/{survey.pk}/").text

    assert "1 of 2 schools have answered" in page
    assert f"by {principal_a}" in page
    assert "Not yet" in page


def test_principal_cannot_see_response_rates(client, principal_a, survey):
    client.force_login(principal_a)

    assert client.get(f"/platforms/survey/{survey.pk}/").status_code == 403
    assert client.post(f"/platforms/survey/{survey.pk}/remind/").status_code == 403


@pytest.mark.parametrize("extra_schools", [0, 2])
def test_rates_page_query_count_is_fixed(
    client, its_reviewer, school_year, school_a, django_assert_num_queries, extra_schools
):
    for n in range(extra_schools):
        SchoolFactory(code=f"20{n}", name=f"Extra {n}")
    survey = survey_open(
        user=its_reviewer, school_year=school_year, due=datetime.date(2026, 10, 28)
    )
    survey_remind(user=its_reviewer, survey=survey)
    client.force_login(its_reviewer)

    with django_assert_num_queries(QUERIES_RATES):
        client.get(f"/platforms/survey/{survey.pk}/")


# The same with 2 schools or 4: session, user, roles, the survey with its counts, the rows
# (one query with their tool counts and last reminders), and the page's shared reads.
QUERIES_RATES = 9


def test_reminders_are_queued_once_a_day_and_sent_once(
    queued_tasks, its_reviewer, principal_a, principal_b, survey, school_a, school_b, client
):
    teacher_b = staff_user(Role.TEACHER, school_b)
    SurveyDelegate.objects.create(
        survey=survey, school=school_b, delegate=teacher_b, named_by=principal_b
    )
    client.force_login(principal_a)
    client.post(f"/platforms/survey/{survey.pk}/{school_a.code}/submit/", {"no_tools": "on"})

    first = survey_remind(user=its_reviewer, survey=survey)
    second = survey_remind(user=its_reviewer, survey=survey)
    reminder = SurveyReminder.objects.get()
    sent = [send_survey_reminder.call(reminder_id=reminder.pk) for _ in range(2)]

    assert (first, second, reminder.school) == (1, 0, school_b)
    assert [t.task_path for t in queued_tasks] == ["platforms.tasks.send_survey_reminder"]
    assert sent == [True, False]
    reminder.refresh_from_db()
    assert (reminder.sent_at is not None, reminder.recipients) == (True, 2)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([principal_b.email, teacher_b.email])
    assert f"/platforms/survey/{survey.pk}/{school_b.code}/" in mail.outbox[0].body


def test_a_new_day_allows_another_reminder(its_reviewer, survey):
    survey_remind(user=its_reviewer, survey=survey)

    with time_machine.travel(datetime.datetime(2026, 10, 15, 15, tzinfo=datetime.UTC)):
        next_day = survey_remind(user=its_reviewer, survey=survey)

    assert next_day == 2
    assert SurveyReminder.objects.count() == 4


def test_survey_of_another_year_does_not_show_this_years_answers(
    client, principal_a, its_reviewer, survey, school_a, approved
):
    client.force_login(principal_a)
    answer(client, survey, school_a, platform=approved.pk)
    later = survey_open(
        user=its_reviewer,
        school_year=SchoolYearFactory(start=2027),
        due=datetime.date(2027, 10, 1),
    )

    page = client.get(f"/platforms/survey/{later.pk}/{school_a.code}/").text

    assert "No tools listed yet." in page


@pytest.mark.parametrize("tools", [1, 3])
def test_school_page_query_count_is_fixed(
    client, principal_a, delegate_a, survey, school_a, django_assert_num_queries, tools
):
    response = survey.responses.get(school=school_a)
    for n in range(tools):
        survey_answer_add(
            user=principal_a, response=response, vendor="V", product=f"Tool {n}", used_for="x"
        )
    survey_delegate_add(user=principal_a, response=response, delegate=delegate_a)
    client.force_login(principal_a)

    with django_assert_num_queries(QUERIES_SCHOOL_PAGE):
        page = client.get(f"/platforms/survey/{survey.pk}/{school_a.code}/")

    assert page.text.count('<span class="visually-hidden"> Tool ') == tools


# Session, user, roles, the response, its answers with their platforms, the form's platform
# choices, the delegates, the delegate candidates, and the page's shared reads.
QUERIES_SCHOOL_PAGE = 12


@pytest.mark.parametrize("years", [1, 2])
def test_survey_index_query_count_is_fixed(
    client, its_reviewer, principal_a, school_a, django_assert_num_queries, years
):
    for start in range(2026, 2026 + years):
        survey_open(
            user=its_reviewer,
            school_year=SchoolYearFactory(start=start),
            due=datetime.date(start, 10, 28),
        )
    counts = {}
    for user in (its_reviewer, principal_a):
        client.force_login(user)
        with django_assert_num_queries(QUERIES_INDEX[user.username]):
            page = client.get("/platforms/survey/")
        counts[user.username] = page.text.count(f"/{school_a.code}/")

    assert counts == {"its": 0, "principal": years}


# ITS: session, user, roles, the surveys with their counts, the shared reads; the principal:
# the responses they answer (one query) instead of the surveys, and no footer contacts: the
# first page cached them (faq/contacts.py).
QUERIES_INDEX = {"its": 10, "principal": 7}
