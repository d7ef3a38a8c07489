""" "May I text?" for the person asking (page and API), finding the student by name within the
user's schools, the "Designated staff" page, a request naming its activity, and the letter
code page in Spanish."""

import pytest
from django.urls import reverse

from consent.models import ConsentRecord, ConsentRequest, Designation
from consent.services.designations import activity_create, designation_add
from consent.services.errors import ConsentError
from consent.services.issuing import consent_issue
from consent.services.keys import texting_key_create
from roster.models import Role
from tests.consent.conftest import make_link, page_text, plain_text, verify
from tests.consent.test_designations import ROBOTICS, covered
from tests.consent.test_records import pdf_text, sign
from tests.factories import (
    GuardianFactory,
    StudentFactory,
    StudentGuardianFactory,
    staff_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def coach(school_a):
    return staff_user(Role.TEACHER, school_a, username="coach", email="m.bell@example.org")


@pytest.fixture
def robotics(principal_a, school_a, safety_meetup, coach):
    activity = activity_create(
        user=principal_a, school=school_a, program=safety_meetup, name=ROBOTICS
    )
    designation_add(user=principal_a, activity_id=activity.pk, staff=coach)
    return activity


@pytest.fixture
def maya(school_a, robotics, safety_meetup, school_year, principal_a):
    """Covered for safety meet-ups: the consent names the robotics meet."""
    student = StudentFactory(
        school=school_a, grade=10, first_name="Maya", last_name="Lopez", student_id="60012345"
    )
    covered(student, safety_meetup, school_year, principal_a, activity=robotics)
    return student


def safety_answer(response):
    return next(
        (a.allowed, a.code) for p, a in response.context["answers"] if p.slug == "safety-meetup"
    )


# --- "May I text?" for the asker -----------------------------------------------------------


def test_check_says_no_to_an_undesignated_teacher_with_the_reason(client, teacher_a, maya):
    client.force_login(teacher_a)

    response = client.get("/consent/check/", {"student_id": maya.student_id})

    assert safety_answer(response) == (False, "not_designated")
    assert f"you are not designated for “{ROBOTICS}”" in plain_text(response)


def test_check_says_yes_to_the_designated_teacher(client, coach, maya):
    client.force_login(coach)

    response = client.get("/consent/check/", {"student_id": maya.student_id})

    assert safety_answer(response) == (True, "covered")
    assert f"The consent is for: {ROBOTICS}." in plain_text(response)
    assert "you are not designated" not in plain_text(response)


def test_check_by_name_answers_when_one_student_matches(client, coach, maya):
    client.force_login(coach)

    response = client.get("/consent/check/", {"name": "  maya   LOP "})

    assert (response.context["student"], safety_answer(response)) == (maya, (True, "covered"))


def test_check_by_name_lists_several_matches_with_links(client, teacher_a, school_a, maya):
    other = StudentFactory(school=school_a, grade=9, first_name="Mayra", last_name="Lopez")
    client.force_login(teacher_a)

    response = client.get("/consent/check/", {"name": "lopez"})

    assert response.context["matches"] == [maya, other]  # by last, then first name
    assert f"?student_id={maya.student_id}" in response.content.decode()
    assert "student" not in response.context


def test_check_by_name_never_finds_another_schools_student(client, principal_b, maya):
    client.force_login(principal_b)

    response = client.get("/consent/check/", {"name": "Maya Lopez"})

    assert response.context["form"].errors["name"] == [
        "No student with this name is on the roster of a school you may check. "
        "Check the spelling, or search by student ID."
    ]
    assert "matches" not in response.context


def test_check_by_name_escapes_what_was_typed(client, teacher_a):
    client.force_login(teacher_a)

    response = client.get("/consent/check/", {"name": '<script>alert("x")</script>'})

    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()


@pytest.mark.parametrize("count", [2, 5])
def test_check_by_name_list_takes_a_fixed_number_of_queries(
    client, django_assert_num_queries, teacher_a, school_a, count
):
    for n in range(count):
        StudentFactory(school=school_a, last_name="Okafor", first_name=f"Ade{n}")
    client.force_login(teacher_a)
    client.get("/consent/check/")  # the session, the user's grants, the footer's contacts

    with django_assert_num_queries(4):
        response = client.get("/consent/check/", {"name": "okafor"})

    assert len(response.context["matches"]) == count


# --- The API with ?staff= ------------------------------------------------------------------


@pytest.fixture
def key(its_reviewer):
    return texting_key_create(name="District alerts", created_by=its_reviewer)[1]


def api(client, key, student, **params):
    url = reverse("consent:api_student_coverage", args=[student.student_id])
    return client.get(url, params, headers={"Authorization": f"Bearer {key}"})


def api_safety(response):
    return next(p for p in response.json()["programs"] if p["program"] == "safety-meetup")


def test_api_answers_for_the_named_staff_member(client, key, maya, coach, teacher_a):
    teacher_a.email = "a.rahman@example.org"
    teacher_a.save(update_fields=["email"])

    designated = api_safety(api(client, key, maya, staff="M.Bell@example.org"))
    not_designated = api_safety(api(client, key, maya, staff="a.rahman@example.org"))
    nobody_named = api_safety(api(client, key, maya))

    assert (designated["allowed"], designated["reason_code"], designated["activity"]) == (
        True,
        "covered",
        ROBOTICS,
    )
    assert (not_designated["allowed"], not_designated["reason_code"]) == (False, "not_designated")
    assert (nobody_named["allowed"], nobody_named["designated_staff_only"]) == (True, True)


def test_api_unknown_staff_is_a_json_404(client, key, maya):
    response = api(client, key, maya, staff="nobody@example.org")

    assert (response.status_code, response.json()["error"]) == (404, "staff_not_found")


# --- The designated staff page ---------------------------------------------------------------


def test_principal_sees_activities_with_their_designated_staff(client, principal_a, robotics):
    client.force_login(principal_a)

    response = client.get("/consent/activities/")

    text = plain_text(response)
    assert (response.status_code, ROBOTICS in text) == (200, True)
    assert "designated by" in text


def test_principal_adds_an_activity_and_designates_and_removes(
    client, principal_a, school_a, safety_meetup, teacher_a
):
    client.force_login(principal_a)

    added = client.post(
        "/consent/activities/",
        {"school": school_a.code, "program": safety_meetup.pk, "name": "Chess tournament"},
    )
    activity = school_a.activities.get()
    designated = client.post(
        f"/consent/activities/{activity.pk}/designate/", {"staff": teacher_a.pk}
    )
    designation = Designation.objects.get()
    removed = client.post(f"/consent/designations/{designation.pk}/remove/")

    assert [r.status_code for r in (added, designated, removed)] == [302, 302, 302]
    designation.refresh_from_db()
    assert (designation.staff, designation.removed_by) == (teacher_a, principal_a)


def test_activity_form_errors_sit_beside_the_field_and_keep_the_input(
    client, principal_a, school_a, safety_meetup
):
    client.force_login(principal_a)

    response = client.post(
        "/consent/activities/",
        {
            "school": school_a.code,
            "program": safety_meetup.pk,
            "name": "Band trip",
            "starts_on": "2026-11-20",
            "ends_on": "2026-11-10",
        },
    )

    assert response.context["form"].errors["ends_on"] == [
        "The last day cannot be before the first day."
    ]
    assert 'value="Band trip"' in response.content.decode()
    assert not school_a.activities.exists()


def test_designating_a_tampered_staff_id_is_refused_kindly(
    client, principal_a, robotics, principal_b
):
    client.force_login(principal_a)

    response = client.post(
        f"/consent/activities/{robotics.pk}/designate/", {"staff": principal_b.pk}, follow=True
    )

    assert "Choose a staff member of the school to designate." in plain_text(response)
    assert not Designation.objects.filter(staff=principal_b).exists()


def test_other_schools_principal_cannot_reach_the_activity(client, principal_b, robotics, coach):
    client.force_login(principal_b)

    response = client.post(f"/consent/activities/{robotics.pk}/designate/", {"staff": coach.pk})

    assert response.status_code == 404


@pytest.mark.parametrize("activities", [1, 3])
def test_activities_page_takes_a_fixed_number_of_queries(
    client, django_assert_num_queries, principal_a, school_a, safety_meetup, coach, activities
):
    for n in range(activities):
        activity = activity_create(
            user=principal_a, school=school_a, program=safety_meetup, name=f"Meet {n}"
        )
        designation_add(user=principal_a, activity_id=activity.pk, staff=coach)
    client.force_login(principal_a)
    client.get("/consent/activities/")  # the footer's contacts are cached from here on

    with django_assert_num_queries(10):
        response = client.get("/consent/activities/")

    assert len(response.context["activities"]) == activities


# --- A request names its activity ----------------------------------------------------------


def test_issue_names_the_activity_and_the_parent_form_shows_it(
    client, principal_a, school_a, robotics, safety_meetup, school_year
):
    student = StudentFactory(school=school_a, grade=10)
    StudentGuardianFactory(student=student, guardian=GuardianFactory(email="rosa@example.org"))

    consent_issue(
        issued_by=principal_a,
        program=safety_meetup,
        school_year=school_year,
        school=school_a,
        activity=robotics,
    )

    request = ConsentRequest.objects.get(student=student)
    assert request.activity == robotics


def test_issue_refuses_another_schools_activity(
    principal_b, school_b, robotics, safety_meetup, school_year
):
    with pytest.raises(ConsentError) as refused:
        consent_issue(
            issued_by=principal_b,
            program=safety_meetup,
            school_year=school_year,
            school=school_b,
            activity=robotics,
        )

    assert refused.value.code == "activity_elsewhere"


def test_sign_page_says_the_activity(client, family, robotics, safety_meetup, school_year):
    student, mother, _father = family
    student.grade = 10
    student.save(update_fields=["grade"])
    link, token = make_link(
        student=student, guardian=mother, program=safety_meetup, school_year=school_year
    )
    ConsentRequest.objects.filter(pk=link.request_id).update(activity=robotics)

    verify(client, token)
    response = client.get(f"/consent/sign/{token}/")

    assert f"Activity {ROBOTICS}" in plain_text(response)


# --- /consent/code/ in Spanish -------------------------------------------------------------


def test_code_page_in_spanish_with_the_language_switch(client):
    response = client.get("/consent/code/", {"lang": "es"})

    text = page_text(response)
    assert "Abra su formulario con el código de su carta" in text
    assert 'href="/consent/code/?lang=en"' in text
    assert response["Content-Language"] == "es"


def test_code_page_remembers_spanish_for_the_wrong_code_error(client):
    client.get("/consent/code/", {"lang": "es"})

    response = client.post("/consent/code/", {"code": "ABCD-EFGH-JK"})

    assert response.status_code == 400
    assert "No encontramos este código." in page_text(response)


def test_code_page_stays_english_by_default(client):
    response = client.post("/consent/code/", {"code": "ABCD-EFGH-JK"})

    assert "We can't find this code." in page_text(response)


@pytest.mark.parametrize(("who", "shown"), [("principal_a", True), ("teacher_a", False)])
def test_check_page_links_to_designated_staff_for_who_may_designate(request, client, who, shown):
    client.force_login(request.getfixturevalue(who))

    response = client.get("/consent/check/")

    assert ('href="/consent/activities/"' in response.content.decode()) is shown


def test_signed_pdf_names_the_activity(
    family, robotics, safety_meetup, school_year, django_capture_on_commit_callbacks
):
    student, mother, _father = family
    link, _token = make_link(
        student=student, guardian=mother, program=safety_meetup, school_year=school_year
    )
    ConsentRequest.objects.filter(pk=link.request_id).update(activity=robotics)
    link.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        record = sign(link)

    document = ConsentRecord.objects.select_related("document").get(pk=record.pk).document
    assert f"Activity: {ROBOTICS}" in pdf_text(document.file.read())


def test_district_staff_choose_the_school_first(client, its_reviewer, school_a, school_b):
    client.force_login(its_reviewer)

    chooser = client.get("/consent/activities/")
    chosen = client.get("/consent/activities/", {"school": school_b.code})

    assert "consent/activities_choose.html" in [t.name for t in chooser.templates]
    assert chosen.context["school"] == school_b
