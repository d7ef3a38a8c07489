"""Looking a student up for a paper form changes nothing: the request of a family never
asked is made only when the paper form is recorded."""

from consent.coverage import coverage_for
from consent.models import ConsentEvent, ConsentRecord, ConsentRequest, EventKind
from tests.consent.conftest import page_text
from tests.consent.test_paper import fields, real_pdf


def record_url(student, program, school_year):
    return (
        f"/consent/paper/record/?student={student.student_id}&program={program.slug}"
        f"&year={school_year.label}"
    )


def test_lookup_then_record_page_creates_nothing(
    client, principal_a, family, bulk_alerts, school_year
):
    student = family[0]
    client.force_login(principal_a)

    lookup = client.post(
        "/consent/paper/", {"student_id": student.student_id, "program": bulk_alerts.pk}
    )
    page = client.get(lookup["Location"])
    dashboard = client.get("/consent/?program=bulk-alerts")

    assert page.status_code == 200
    assert "Paper form: Maya Lopez" in page_text(page)
    assert (ConsentRequest.objects.count(), ConsentEvent.objects.count()) == (0, 0)
    assert coverage_for(student=student, program=bulk_alerts).code == "no_consent"
    assert dashboard.status_code == 200


def test_recording_the_form_creates_the_request_and_the_record_once(
    client, principal_a, family, bulk_alerts, school_year
):
    student, mother, _father = family
    client.force_login(principal_a)
    url = record_url(student, bulk_alerts, school_year)

    first = client.post(url, fields(mother, real_pdf()))
    second = client.post(url, fields(mother, real_pdf(), decision="decline"))

    request = ConsentRequest.objects.get()
    assert first["Location"] == second["Location"] == f"/consent/requests/{request.pk}/paper/"
    assert (request.status, request.batch, request.student) == ("answered", None, student)
    assert ConsentRecord.objects.get().decision == "grant"
    assert list(request.events.order_by("pk").values_list("kind", flat=True)) == [
        EventKind.ISSUED,
        EventKind.PAPER_RECORDED,
    ]
    assert coverage_for(student=student, program=bulk_alerts).allowed is True


def test_record_page_with_an_open_request_goes_to_it(
    client, principal_a, family, bulk_alerts, school_year
):
    from tests.consent.conftest import make_link

    student, mother, _father = family
    link, _token = make_link(
        student=student, guardian=mother, program=bulk_alerts, school_year=school_year
    )
    client.force_login(principal_a)

    response = client.get(record_url(student, bulk_alerts, school_year))

    assert response["Location"] == f"/consent/requests/{link.request_id}/paper/"


def test_record_page_refuses_an_ineligible_grade_without_creating(
    client, principal_a, family, safety_meetup, school_year
):
    student = family[0]
    student.grade = 8
    student.save()
    client.force_login(principal_a)

    response = client.get(record_url(student, safety_meetup, school_year), follow=True)

    assert "is for grades 9–12" in page_text(response)
    assert not ConsentRequest.objects.exists()


def test_record_page_of_another_schools_student_is_not_found(
    client, principal_b, family, bulk_alerts, school_year
):
    client.force_login(principal_b)

    response = client.post(
        record_url(family[0], bulk_alerts, school_year), fields(family[1], real_pdf())
    )

    assert response.status_code == 404
    assert not ConsentRequest.objects.exists()


def test_record_page_tampered_query_is_not_found(client, principal_a, family, school_year):
    client.force_login(principal_a)

    response = client.get("/consent/paper/record/?student=60012345&program=nope&year=1999")

    assert response.status_code == 404
