"""Every consent staff page for every role, the refusals included, and what each role sees:
a principal only their own school, ITS and the CIO every school (but no countersigning),
and every download of a filed form logged with who and why."""

import pytest

from consent.models import (
    ConsentRecord,
    ConsentRequest,
    Countersignature,
    IssueBatch,
    TextingProgram,
)
from consent.services.forms_text import current_form_text
from consent.services.signing import consent_sign
from roster.models import RecordAccess
from tests.conftest import PERSONAS
from tests.consent.conftest import make_link, page_text
from tests.factories import StudentFactory, StudentGuardianFactory

LOGIN = "/accounts/login/"

VIEWS = [
    "dashboard",  # GET /consent/
    "issue_form",  # GET /consent/issue/
    "issue_post",  # POST /consent/issue/ for school A
    "batch",  # GET /consent/batches/<pk>/ of a batch at school A
    "countersign_queue",  # GET /consent/countersign/
    "countersign",  # POST /consent/countersign/<pk>/ for a consent at school A
    "record_pdf",  # GET /consent/records/<pk>/pdf/ of a consent at school A
]

# The policy in literal form: the status each persona gets from each view, in VIEWS order.
# 302 for staff is success (post/redirect/get); for "anonymous" it is the sign-in page.
# principal_b's 200 on issue_post is the form again, refusing school A as a choice.
STATUS = {
    #                dash  form  post  batch queue csign pdf
    "principal_a": (200, 200, 302, 200, 200, 302, 200),
    "principal_b": (200, 200, 200, 404, 200, 404, 404),
    "teacher_a": (403, 403, 403, 404, 403, 404, 404),
    "its_reviewer": (200, 200, 302, 200, 403, 404, 200),
    "cio": (200, 200, 302, 200, 403, 404, 200),
    "ceo_office": (403, 403, 403, 404, 403, 404, 404),
    "content_editor": (403, 403, 403, 404, 403, 404, 404),
    "administrator": (200, 200, 302, 200, 200, 302, 200),
    "anonymous": (302, 302, 302, 302, 302, 302, 302),
}

CELLS = [(persona, view) for persona in [*PERSONAS, "anonymous"] for view in VIEWS]


def test_status_table_covers_every_persona_and_view():
    assert sorted(STATUS) == sorted([*PERSONAS, "anonymous"])
    assert {len(row) for row in STATUS.values()} == {len(VIEWS)}


def granted_record(*, student, program, school_year) -> ConsentRecord:
    """A guardian's grant for ``student``, signed through the service like the parent page."""
    guardian = StudentGuardianFactory(student=student).guardian
    link, _token = make_link(
        student=student, guardian=guardian, program=program, school_year=school_year
    )
    record, _created = consent_sign(
        link=link,
        form_text=current_form_text(program),
        decision="grant",
        signer_name=guardian.full_name,
        relationship="mother",
        student_mobile="773-555-0142",
        esign_agreed=True,
        ip="127.0.0.1",
    )
    return record


@pytest.fixture
def school_a_things(school_a, principal_a, bulk_alerts, safety_meetup, school_year):
    """School A's issue batch and a safety meet-up grant awaiting countersignature."""
    batch = IssueBatch.objects.create(
        program=bulk_alerts,
        school_year=school_year,
        school=school_a,
        issued_by=principal_a,
        scope="Whole school",
        issued_count=0,
    )
    record = granted_record(
        student=StudentFactory(school=school_a, grade=11, first_name="Amara", last_name="Okafor"),
        program=safety_meetup,
        school_year=school_year,
    )
    return batch, record


@pytest.fixture
def school_b_record(school_b, safety_meetup, school_year):
    return granted_record(
        student=StudentFactory(school=school_b, grade=11, first_name="Bruno", last_name="Silva"),
        program=safety_meetup,
        school_year=school_year,
    )


def request_view(client, view, *, batch, record, bulk_alerts, school, school_year):
    if view == "dashboard":
        return client.get("/consent/")
    if view == "issue_form":
        return client.get("/consent/issue/")
    if view == "issue_post":
        return client.post(
            "/consent/issue/",
            {
                "program": bulk_alerts.pk,
                "school": school.pk,
                "school_year": school_year.pk,
                "scope": "school",
                "token": "permission-test",
                "send": "1",
            },
        )
    if view == "batch":
        return client.get(f"/consent/batches/{batch.pk}/")
    if view == "countersign_queue":
        return client.get("/consent/countersign/")
    if view == "countersign":
        return client.post(f"/consent/countersign/{record.pk}/", {"decision": "countersigned"})
    return client.get(f"/consent/records/{record.pk}/pdf/")


@pytest.mark.parametrize(("persona", "view"), CELLS)
def test_consent_view_status_for_persona(
    client, request, persona, view, school_a, school_a_things, bulk_alerts, school_year
):
    # Arrange
    batch, record = school_a_things
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    expected = STATUS[persona][VIEWS.index(view)]

    # Act
    response = request_view(
        client,
        view,
        batch=batch,
        record=record,
        bulk_alerts=bulk_alerts,
        school=school_a,
        school_year=school_year,
    )

    # Assert
    assert response.status_code == expected
    if persona == "anonymous":
        assert response["Location"].startswith(f"{LOGIN}?next=/consent/")


@pytest.mark.parametrize("persona", [*PERSONAS, "anonymous"])
def test_consent_refused_writes_leave_no_rows(
    client, request, persona, school_a, school_a_things, bulk_alerts, school_year
):
    # Arrange
    batch, record = school_a_things
    signed_in = persona != "anonymous"
    if signed_in:
        client.force_login(request.getfixturevalue(persona))
    row = STATUS[persona]
    issue_allowed = signed_in and row[VIEWS.index("issue_post")] == 302
    countersign_allowed = signed_in and row[VIEWS.index("countersign")] == 302
    pdf_allowed = signed_in and row[VIEWS.index("record_pdf")] == 200
    context = {
        "batch": batch,
        "record": record,
        "bulk_alerts": bulk_alerts,
        "school": school_a,
        "school_year": school_year,
    }

    # Act
    for view in ("issue_post", "countersign", "record_pdf"):
        request_view(client, view, **context)

    # Assert
    assert (
        IssueBatch.objects.exclude(pk=batch.pk).exists(),
        Countersignature.objects.exists(),
        RecordAccess.objects.exists(),
    ) == (issue_allowed, countersign_allowed, pdf_allowed)


# --- What each role sees ----------------------------------------------------------------


def test_dashboard_principal_asking_for_another_school_gets_not_found(
    client, principal_a, school_a, school_b, school_a_things, school_b_record
):
    client.force_login(principal_a)

    response = client.get("/consent/?school=1002")

    # Exact targets: not their own school in its place, and nothing of the other one.
    assert response.status_code == 404
    assert "Lakefront" not in page_text(response)


@pytest.mark.parametrize("persona", ["its_reviewer", "cio", "administrator"])
def test_dashboard_district_roles_choose_any_school(
    client, request, persona, school_a, school_b, school_a_things, school_b_record
):
    client.force_login(request.getfixturevalue(persona))

    response = client.get("/consent/?school=1002")

    text = page_text(response)
    assert response.status_code == 200
    assert "Texting consent: Lakefront Magnet High School" in text
    assert response.context["school"] == school_b
    assert [s.code for s in response.context["schools"]] == ["1002", "1001"]  # by name


# Two opposite orders: rows that came back in whatever order the database aggregates them
# could match one of them, never both.
@pytest.mark.parametrize(
    "order",
    [
        ["bulk-alerts", "safety-meetup", "reengagement"],
        ["reengagement", "safety-meetup", "bulk-alerts"],
    ],
)
def test_dashboard_counts_only_the_chosen_schools_requests_in_program_order(
    client, principal_a, school_a_things, school_b_record, safety_meetup, order
):
    for position, slug in enumerate(order):
        TextingProgram.objects.filter(slug=slug).update(position=position)
    client.force_login(principal_a)

    response = client.get("/consent/")

    programs = list(response.context["programs"])
    safety = next(p for p in programs if p.pk == safety_meetup.pk)
    assert (safety.counts["issued"], safety.statuses["awaiting_countersign"]) == (1, 1)
    assert safety.eligible == sum(safety.statuses.values())
    assert [p.slug for p in programs] == order


def test_dashboard_charter_school_shows_the_exemption(client, its_reviewer, charter_school):
    client.force_login(its_reviewer)

    response = client.get("/consent/?school=1009")

    text = page_text(response)
    assert "This portal does not issue consent forms or take exception requests for charter" in text
    assert "Issue consent forms" not in text


@pytest.mark.parametrize("persona", ["its_reviewer", "cio"])
def test_dashboard_district_roles_are_not_offered_countersigning(
    client, request, persona, school_a_things
):
    client.force_login(request.getfixturevalue(persona))

    response = client.get("/consent/?school=1001")

    assert response.context["can_countersign"] is False
    assert 'href="/consent/countersign/"' not in response.content.decode()


def issue_data(program, school, school_year, **fields):
    return {
        "program": program.pk,
        "school": school.pk,
        "school_year": school_year.pk,
        "scope": "school",
        "token": "permission-test",  # Send on the confirmation page
        "send": "1",
        **fields,
    }


@pytest.mark.parametrize("persona", ["its_reviewer", "cio", "administrator"])
def test_issue_district_roles_may_issue_for_any_school(
    client, request, persona, school_b, bulk_alerts, school_year
):
    student = StudentFactory(school=school_b, grade=10)
    StudentGuardianFactory(student=student)
    client.force_login(request.getfixturevalue(persona))

    response = client.post("/consent/issue/", issue_data(bulk_alerts, school_b, school_year))

    batch = IssueBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/consent/batches/{batch.pk}/"
    assert (batch.school, batch.issued_count) == (school_b, 1)
    assert list(ConsentRequest.objects.values_list("student", flat=True)) == [student.pk]


def test_issue_principal_is_refused_another_school(
    client, principal_a, school_b, bulk_alerts, school_year
):
    StudentGuardianFactory(student=StudentFactory(school=school_b, grade=10))
    client.force_login(principal_a)

    response = client.post("/consent/issue/", issue_data(bulk_alerts, school_b, school_year))

    assert response.status_code == 200
    assert response.context["form"].errors["school"] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]
    assert (IssueBatch.objects.exists(), ConsentRequest.objects.exists()) == (False, False)


def test_issue_form_offers_a_principal_only_their_school(client, principal_a, school_a, school_b):
    client.force_login(principal_a)

    response = client.get("/consent/issue/")

    assert list(response.context["form"].fields["school"].queryset) == [school_a]


def test_issue_form_from_a_schools_dashboard_preselects_that_school(
    client, its_reviewer, school_a, school_b
):
    client.force_login(its_reviewer)

    response = client.get("/consent/issue/?school=1002")

    html = response.content.decode()
    assert response.context["form"]["school"].value() == school_b.pk
    assert f'<option value="{school_b.pk}" selected>' in html


def test_issue_charter_school_is_refused_with_the_reason_beside_the_field(
    client, its_reviewer, charter_school, bulk_alerts, school_year
):
    StudentGuardianFactory(student=StudentFactory(school=charter_school, grade=10))
    client.force_login(its_reviewer)

    response = client.post("/consent/issue/", issue_data(bulk_alerts, charter_school, school_year))

    html = response.content.decode()
    field_start = html.index('id="div_id_school"')
    field_html = html[field_start : html.index('id="div_id_school_year"')]
    assert response.status_code == 200
    assert response.context["form"].errors["school"] == [charter_school.exemption_reason]
    assert "This portal does not issue consent forms or take exception requests for charter" in (
        field_html
    )
    assert 'aria-invalid="true"' in field_html or "is-invalid" in field_html
    assert (IssueBatch.objects.exists(), ConsentRequest.objects.exists()) == (False, False)


def test_batch_of_another_school_is_not_found(client, principal_b, school_a_things):
    batch, _record = school_a_things
    client.force_login(principal_b)

    response = client.get(f"/consent/batches/{batch.pk}/")

    assert response.status_code == 404


def test_countersign_queue_lists_only_the_principals_school(
    client, principal_a, principal_b, school_a_things, school_b_record
):
    _batch, record_a = school_a_things
    other = client.__class__()
    client.force_login(principal_a)
    other.force_login(principal_b)

    queue_a = client.get("/consent/countersign/")
    queue_b = other.get("/consent/countersign/")

    assert [r.pk for r in queue_a.context["page"].object_list] == [record_a.pk]
    assert [r.pk for r in queue_b.context["page"].object_list] == [school_b_record.pk]
    assert "Amara Okafor" in page_text(queue_a)
    assert "Bruno Silva" not in page_text(queue_a)
    assert f"/consent/countersign/{record_a.pk}/form.pdf" in page_text(queue_a)


def test_countersign_another_schools_consent_is_not_found(client, principal_b, school_a_things):
    _batch, record = school_a_things
    client.force_login(principal_b)

    response = client.post(f"/consent/countersign/{record.pk}/", {"decision": "countersigned"})

    assert response.status_code == 404
    assert not Countersignature.objects.exists()


def test_countersign_by_own_principal_is_recorded(client, principal_a, school_a_things):
    _batch, record = school_a_things
    client.force_login(principal_a)

    response = client.post(f"/consent/countersign/{record.pk}/", {"decision": "countersigned"})

    countersignature = Countersignature.objects.get()
    assert response.status_code == 302
    assert response["Location"] == "/consent/countersign/?page=1"
    assert (countersignature.record, countersignature.principal) == (record, principal_a)


# --- Filed forms: every staff download is logged ---------------------------------------


def test_countersign_form_download_logs_the_user_and_purpose(client, principal_a, school_a_things):
    _batch, record = school_a_things
    client.force_login(principal_a)

    response = client.get(f"/consent/countersign/{record.pk}/form.pdf")

    content = b"".join(response.streaming_content)
    record.refresh_from_db()
    access = RecordAccess.objects.get()
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    assert content.startswith(b"%PDF")
    assert (access.user, access.guardian, access.student, access.document) == (
        principal_a,
        None,
        record.request.student,
        record.document,
    )
    assert (access.action, access.purpose, access.ip_address) == (
        "downloaded",
        "countersign_review",
        "127.0.0.1",
    )


@pytest.mark.parametrize(
    "query", ["", "?purpose=countersign_review", "?purpose=guardian_copy", "?purpose=curiosity"]
)
def test_the_purpose_logged_follows_from_the_route_never_the_request(
    client, principal_a, school_a_things, query
):
    # Arrange
    _batch, record = school_a_things
    client.force_login(principal_a)

    # Act
    record_pdf = client.get(f"/consent/records/{record.pk}/pdf/{query}")
    review = client.get(f"/consent/countersign/{record.pk}/form.pdf{query}")

    # Assert
    assert (record_pdf.status_code, review.status_code) == (200, 200)
    assert list(RecordAccess.objects.order_by("pk").values_list("user", "purpose")) == [
        (principal_a.pk, "records_review"),
        (principal_a.pk, "countersign_review"),
    ]


def test_a_countersign_review_is_only_for_a_consent_waiting_for_it(
    client, principal_a, its_reviewer, school_a_things
):
    # Arrange: ITS may see the record but not countersign; principal A already countersigned
    _batch, record = school_a_things
    client.force_login(principal_a)
    client.post(f"/consent/countersign/{record.pk}/", {"decision": "countersigned"})
    other = client.__class__()
    other.force_login(its_reviewer)

    # Act
    after = client.get(f"/consent/countersign/{record.pk}/form.pdf")
    by_its = other.get(f"/consent/countersign/{record.pk}/form.pdf")

    # Assert
    assert (after.status_code, by_its.status_code) == (404, 404)
    assert not RecordAccess.objects.exists()


def test_record_pdf_each_download_is_logged(client, principal_a, school_a_things):
    _batch, record = school_a_things
    client.force_login(principal_a)

    for _ in range(2):
        client.get(f"/consent/records/{record.pk}/pdf/")

    assert RecordAccess.objects.filter(user=principal_a).count() == 2


def test_record_pdf_of_another_school_is_not_found_and_not_logged(
    queued_tasks, client, principal_b, school_a_things
):
    # The filing task stays queued, so the record has no document yet.
    _batch, record = school_a_things
    client.force_login(principal_b)

    response = client.get(f"/consent/records/{record.pk}/pdf/")

    record.refresh_from_db()
    assert response.status_code == 404
    assert RecordAccess.objects.count() == 0
    assert record.document is None  # nothing rendered or filed for a refused caller
