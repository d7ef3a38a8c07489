"""The route through HTTP: from a teacher's draft to a published program, returns that go
back to the stage that returned them, comments required, notifications, revocation, lapse
and the decision record."""

import datetime
import hashlib

import pikepdf
import pytest
import time_machine

from consent.coverage import coverage_for
from consent.models import ConsentFormText, ConsentRecord, ConsentRequest, TextingProgram
from consent.services.forms_text import current_form_text
from consent.services.issuing import consent_issue
from consent.services.signing import consent_sign
from exceptions import workflow
from exceptions.models import DecisionRecord, ExceptionEvent, ExceptionRequest, Status
from tests.exceptions.conftest import PARENT_TEXT, after_commit, draft, form_data, step, walk
from tests.factories import StudentFactory, StudentGuardianFactory


def act(client, user, request, transition, comment=""):
    client.force_login(user)
    with after_commit():
        data = {"transition": transition, "comment": comment, "seen_status": request.status}
        step = workflow.transition_for(request.status, transition, request.route)
        if step is not None and step.needs_confirmation:
            # Final steps are taken on their confirmation page.
            return client.post(f"/exceptions/{request.pk}/confirm/{transition}/", data)
        if step is not None and step.prepares_parent_text:
            data.update(PARENT_TEXT)
        return client.post(f"/exceptions/{request.pk}/act/", data)


def test_route_draft_to_program_through_http(client, people, school_a, school_year, mailoutbox):
    # Arrange: the teacher writes and saves a draft.
    client.force_login(people["teacher_a"])
    response = client.post("/exceptions/new/", form_data(school=school_a.pk))
    request = ExceptionRequest.objects.get()
    assert (response.status_code, response.url, request.status) == (
        302,
        f"/exceptions/{request.pk}/",
        Status.DRAFT,
    )

    # Act: each person takes their step on the request's page.
    statuses = []
    for person, name in [
        ("teacher_a", "submit"),
        ("principal_a", "endorse"),
        ("its_reviewer", "recommend"),
        ("ceo_office", "approve"),
    ]:
        request.refresh_from_db()
        response = act(client, people[person], request, name)
        request.refresh_from_db()
        statuses.append((response.status_code, request.status))

    # Assert
    assert statuses == [
        (302, "submitted"),
        (302, "endorsed"),
        (302, "recommended"),
        (302, "approved"),
    ]
    events = list(
        request.events.values_list("actor__username", "actor_role", "from_status", "to_status")
    )
    assert events == [
        ("teacher", "requester", "draft", "submitted"),
        ("principal", "principal", "submitted", "endorsed"),
        ("its", "its_reviewer", "endorsed", "recommended"),
        ("ceo", "ceo_office", "recommended", "approved"),
    ]
    program = request.program
    assert (
        program.kind,
        program.school,
        program.ends_on,
        program.lowest_grade,
        program.highest_grade,
        program.active,
        program.group_texts_include_parent,
        program.copy_staff_district_email,
    ) == ("ceo_approved", school_a, datetime.date(2027, 5, 28), 9, 12, True, True, True)
    texts = ConsentFormText.objects.filter(program=program, version=1)
    assert sorted(texts.values_list("language", "title")) == [
        ("en", PARENT_TEXT["parent_title_en"]),
        ("es", PARENT_TEXT["parent_title_es"]),
    ]
    guidance = client.get("/guidance/programs/").content.decode()
    assert "Robotics team travel texts" in guidance


def test_approved_program_can_be_issued_at_its_school(people, school_a, school_year):
    # Arrange
    request = walk(draft(people["teacher_a"], school_a), people, until="approve")
    student = StudentFactory(school=school_a, grade=10)
    StudentGuardianFactory(student=student)

    # Act
    batch = consent_issue(
        issued_by=people["principal_a"],
        program=request.program,
        school_year=school_year,
        school=school_a,
    )

    # Assert
    assert (batch.issued_count, ConsentRequest.objects.filter(program=request.program).count()) == (
        1,
        1,
    )


@pytest.mark.parametrize(
    ("returner", "stage"),
    [("principal_a", "submitted"), ("its_reviewer", "endorsed"), ("ceo_office", "recommended")],
)
def test_resubmit_goes_back_to_the_stage_that_returned_it(
    client, people, school_a, school_year, returner, stage
):
    # Arrange: the request reaches ``stage`` and is returned there.
    request = draft(people["teacher_a"], school_a)
    for person, name in [
        ("teacher_a", "submit"),
        ("principal_a", "endorse"),
        ("its_reviewer", "recommend"),
    ]:
        if request.status == stage:
            break
        step(request, people[person], name)
    act(client, people[returner], request, "return", "Please name the other coaches.")
    request.refresh_from_db()
    assert (request.status, request.returned_from) == ("returned", stage)

    # Act: the teacher changes the request and resubmits it.
    client.force_login(people["teacher_a"])
    client.post(f"/exceptions/{request.pk}/edit/", form_data(other_texters="Mr. Chen, coach"))
    response = act(client, people["teacher_a"], request, "resubmit")

    # Assert
    request.refresh_from_db()
    assert (response.status_code, request.status, request.returned_from, request.other_texters) == (
        302,
        stage,
        "",
        "Mr. Chen, coach",
    )


def test_returner_may_act_again_at_the_same_stage(client, people, school_a, school_year):
    # Arrange
    request = walk(draft(people["teacher_a"], school_a), people, until="submit")
    step(request, people["principal_a"], "return", "Add the dates of the competitions.")
    step(request, people["teacher_a"], "resubmit")

    # Act
    response = act(client, people["principal_a"], request, "endorse")

    # Assert
    request.refresh_from_db()
    assert (response.status_code, request.status) == (302, "endorsed")


@pytest.mark.parametrize("name", ["return", "decline"])
@pytest.mark.parametrize(
    ("person", "until"),
    [("principal_a", "submit"), ("its_reviewer", "endorse"), ("ceo_office", "recommend")],
)
def test_decline_or_return_without_comment_refused(
    client, people, school_a, school_year, name, person, until
):
    # Arrange
    request = walk(draft(people["teacher_a"], school_a), people, until=until)
    before = request.status

    # Act
    response = act(client, people[person], request, name, comment="   ")

    # Assert
    request.refresh_from_db()
    assert (response.status_code, request.status, request.events.count()) == (
        400,
        before,
        {"submit": 1, "endorse": 2, "recommend": 3}[until],
    )
    assert "needs a comment" in response.content.decode()


def test_decline_with_comment_ends_the_request(client, people, school_a, school_year, mailoutbox):
    # Arrange
    request = walk(draft(people["teacher_a"], school_a), people, until="endorse")
    mailoutbox.clear()

    # Act
    act(client, people["cio"], request, "decline", "Remind has no data-sharing agreement.")

    # Assert
    request.refresh_from_db()
    last = request.events.last()
    assert (request.status, last.actor_role, last.comment, request.program) == (
        "declined",
        "cio",
        "Remind has no data-sharing agreement.",
        None,
    )
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (
            ["teacher@district.example.org"],
            'Your exception request "Robotics team travel texts": declined',
        )
    ]


def test_notifications_for_each_transition(people, school_a, school_year, mailoutbox):
    # Arrange
    request = draft(people["teacher_a"], school_a)
    sent = []

    # Act
    for person, name in [
        ("teacher_a", "submit"),
        ("principal_a", "endorse"),
        ("its_reviewer", "recommend"),
        ("ceo_office", "approve"),
        ("its_reviewer", "revoke"),
    ]:
        mailoutbox.clear()
        step(request, people[person], name, comment="No longer needed." if name == "revoke" else "")
        sent.append(sorted((m.to[0].split("@")[0], m.subject.split(":")[0]) for m in mailoutbox))

    # Assert
    turn, mine = (
        "Exception request waiting for you",
        'Your exception request "Robotics team travel texts"',
    )
    assert sent == [
        [("principal", turn)],
        [("cio", turn), ("its", turn), ("teacher", mine)],
        [("ceo", turn), ("teacher", mine)],
        [
            ("cio", "Exception approved, program published"),
            ("its", "Exception approved, program published"),
            ("teacher", mine),
        ],
        [("teacher", mine)],
    ]


def test_revoke_deactivates_program_and_coverage_says_so(client, people, school_a, school_year):
    # Arrange: a student whose mother granted consent under the new program.
    request = walk(draft(people["teacher_a"], school_a), people, until="approve")
    student = StudentFactory(school=school_a, grade=10)
    guardian = StudentGuardianFactory(student=student).guardian
    from tests.consent.conftest import make_link

    link, _token = make_link(
        student=student, guardian=guardian, program=request.program, school_year=school_year
    )
    consent_sign(
        link=link,
        form_text=current_form_text(request.program),
        decision="grant",
        signer_name="Ana Diaz",
        relationship="mother",
        student_mobile="773-555-0142",
        esign_agreed=True,
        ip="127.0.0.1",
        user_agent="test",
    )
    before = coverage_for(student=student, program=request.program)

    # Act
    response = act(
        client, people["its_reviewer"], request, "revoke", "The platform failed its audit."
    )

    # Assert
    program = TextingProgram.objects.get(pk=request.program_id)
    after = coverage_for(student=student, program=program)
    assert (response.status_code, program.active, before.allowed, after.allowed, after.code) == (
        302,
        False,
        True,
        False,
        "program_inactive",
    )
    assert ConsentRecord.objects.count() == 1
    assert "Robotics team travel texts" not in client.get("/guidance/programs/").content.decode()


def test_approved_request_lapses_after_its_end_date(client, people, school_a, school_year):
    # Arrange
    request = walk(draft(people["teacher_a"], school_a), people, until="approve")

    # Act: the last day of texting, then the day after.
    seen = []
    for day in (28, 29):
        with time_machine.travel(datetime.datetime(2027, 5, day, 15, 0, tzinfo=datetime.UTC)):
            client.force_login(people["teacher_a"])
            request.refresh_from_db()
            page = client.get(f"/exceptions/{request.pk}/").content.decode()
            guidance = client.get("/guidance/programs/").content.decode()
            seen.append(
                (
                    request.is_expired,
                    request.status,
                    "Expired (approved until May 28, 2027)" in page,
                    "Robotics team travel texts" in guidance,
                )
            )

    # Assert
    assert seen == [(False, "approved", False, True), (True, "approved", True, False)]


@pytest.mark.parametrize(
    ("final", "person"), [("approve", "ceo_office"), ("decline", "ceo_office")]
)
def test_decision_pdf_hash_matches_and_downloads(
    client, people, school_a, school_year, final, person
):
    # Arrange
    request = walk(draft(people["teacher_a"], school_a), people, until="recommend")

    # Act
    step(request, people[person], final, comment="Budget." if final == "decline" else "")
    record = DecisionRecord.objects.get(request=request)
    stored = record.file.open("rb").read()
    client.force_login(people["teacher_a"])
    response = client.get(f"/exceptions/{request.pk}/decisions/{record.pk}/")
    downloaded = b"".join(response.streaming_content)

    # Assert
    assert (hashlib.sha256(stored).hexdigest(), hashlib.sha256(downloaded).hexdigest()) == (
        record.sha256,
        record.sha256,
    )
    with pikepdf.open(record.file.path) as document:
        assert document.open_metadata().pdfa_status == "3B"


def test_decision_pdf_refused_to_staff_who_may_not_see_request(
    client, people, school_a, school_year
):
    # Arrange
    request = walk(draft(people["teacher_a"], school_a), people, until="approve")
    record = DecisionRecord.objects.get(request=request)
    client.force_login(people["principal_b"])

    # Act
    response = client.get(f"/exceptions/{request.pk}/decisions/{record.pk}/")

    # Assert
    assert response.status_code == 404


def test_withdraw_from_review_stage(client, people, school_a, school_year):
    # Arrange
    request = walk(draft(people["teacher_a"], school_a), people, until="endorse")

    # Act
    act(client, people["teacher_a"], request, "withdraw")

    # Assert
    request.refresh_from_db()
    assert (request.status, ExceptionEvent.objects.filter(request=request).count()) == (
        "withdrawn",
        3,
    )


def test_charter_school_requester_refused_with_reason(client, charter_school, school_year):
    # Arrange
    from roster.models import Role
    from tests.factories import staff_user

    teacher = staff_user(Role.TEACHER, charter_school)
    client.force_login(teacher)

    # Act
    page = client.get("/exceptions/new/")
    posted = client.post("/exceptions/new/", form_data(school=charter_school.pk))

    # Assert
    assert (page.status_code, posted.status_code, ExceptionRequest.objects.count()) == (403, 403, 0)
    assert "This portal does not issue consent forms or take exception requests for charter" in (
        page.content.decode()
    )


def test_new_request_bad_input_keeps_typing_and_shows_errors(
    client, teacher_a, school_a, school_year
):
    # Arrange
    client.force_login(teacher_a)

    # Act
    response = client.post(
        "/exceptions/new/",
        form_data(school=school_a.pk, ends_on="2027-07-30", lowest_grade="12", highest_grade="9"),
    )

    # Assert
    page = response.content.decode()
    assert (response.status_code, ExceptionRequest.objects.count()) == (200, 0)
    assert "past the end of the 2026-27 school year" in page
    assert "The highest grade must not be below the lowest." in page
    assert "Texting team members about bus times" in page


def test_draft_is_seen_only_by_requester(client, people, request_draft):
    # Act
    statuses = {}
    for name in ["teacher_a", "principal_a", "its_reviewer", "ceo_office"]:
        client.force_login(people[name])
        statuses[name] = client.get(f"/exceptions/{request_draft.pk}/").status_code

    # Assert
    assert statuses == {
        "teacher_a": 200,
        "principal_a": 404,
        "its_reviewer": 404,
        "ceo_office": 404,
    }
