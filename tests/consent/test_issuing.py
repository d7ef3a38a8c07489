"""Issuing consent requests: who gets a link, who is skipped and why, and the whole journey
from the principal's form to a covered student, through HTTP."""

import re

import pytest

from consent.coverage import coverage_for
from consent.models import ConsentLink, ConsentRecord, ConsentRequest, IssueBatch
from tests.consent.conftest import page_text, plain_text
from tests.factories import GuardianFactory, StudentFactory, StudentGuardianFactory

LINK = re.compile(r"http://testserver/consent/sign/([A-Za-z0-9_-]{43})/")


@pytest.fixture
def portal_url(settings):
    settings.PORTAL_URL = "http://testserver"


def issue(client, program, school_year, school, **fields):
    """Issues as a principal does: the choices, then Send on the confirmation page."""
    data = {
        "program": program.pk,
        "school": school.pk,
        "school_year": school_year.pk,
        "scope": "school",
        **fields,
    }
    preview = client.post("/consent/issue/", data)
    if preview.status_code != 200 or "samples" not in preview.context:
        return preview
    token = preview.context["form"].data["token"]
    return client.post("/consent/issue/", {**data, "token": token, "send": "1"})


def student_with_guardian(school, grade, email="parent@example.com", **fields):
    student = StudentFactory(school=school, grade=grade, **fields)
    StudentGuardianFactory(student=student, guardian=GuardianFactory(email=email))
    return student


def test_issue_whole_school_emails_each_guardian_from_the_queued_task(
    client,
    principal_a,
    school_a,
    bulk_alerts,
    school_year,
    mailoutbox,
    portal_url,
):
    students = [
        student_with_guardian(school_a, grade, f"p{grade}@example.com") for grade in (6, 9, 12)
    ]
    client.force_login(principal_a)

    response = issue(client, bulk_alerts, school_year, school_a)

    batch = IssueBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/consent/batches/{batch.pk}/"
    assert (batch.issued_count, batch.skipped) == (3, {})
    assert sorted(m.to[0] for m in mailoutbox) == [
        "p12@example.com",
        "p6@example.com",
        "p9@example.com",
    ]
    assert set(ConsentRequest.objects.values_list("student", flat=True)) == {s.pk for s in students}
    assert ConsentLink.objects.filter(last_sent_at__isnull=False).count() == 3
    assert LINK.search(mailoutbox[0].body)
    assert "Northside Community Academy" in mailoutbox[0].subject


def test_issue_result_page_counts_skipped_students_by_reason(
    client, principal_a, school_a, safety_meetup, school_year
):
    student_with_guardian(school_a, 10)
    student_with_guardian(school_a, 8)  # safety meet-up is grades 9-12
    student_with_guardian(school_a, 11, email="")  # a printed letter
    client.force_login(principal_a)

    response = issue(client, safety_meetup, school_year, school_a)
    page = client.get(response["Location"])

    text = plain_text(page)
    assert "2 requests issued" in text
    assert "Grade not eligible (1)" in text


def test_issue_twice_creates_no_duplicates(client, principal_a, school_a, bulk_alerts, school_year):
    student_with_guardian(school_a, 9)
    student_with_guardian(school_a, 10)
    client.force_login(principal_a)

    issue(client, bulk_alerts, school_year, school_a)
    again = issue(client, bulk_alerts, school_year, school_a)

    assert [b.issued_count for b in IssueBatch.objects.all()] == [2]
    assert "Nobody would be asked" in page_text(again)
    assert ConsentRequest.objects.count() == 2


def test_issue_skips_students_already_covered(
    client, principal_a, school_a, bulk_alerts, school_year, mother_link
):
    from tests.consent.test_records import sign

    link, _token = mother_link
    sign(link)
    student_with_guardian(school_a, 9)  # someone to ask, so that a batch is made
    client.force_login(principal_a)

    issue(client, bulk_alerts, school_year, school_a)

    assert IssueBatch.objects.get().skipped == {"covered": 1}


def test_issue_some_grades_or_chosen_students(
    client, principal_a, school_a, bulk_alerts, school_year
):
    ninth = student_with_guardian(school_a, 9)
    tenth = student_with_guardian(school_a, 10)
    eleventh = student_with_guardian(school_a, 11)
    client.force_login(principal_a)

    issue(client, bulk_alerts, school_year, school_a, scope="grades", grades=[9, 11])
    issue(
        client, bulk_alerts, school_year, school_a, scope="students", student_ids=tenth.student_id
    )

    assert sorted(ConsentRequest.objects.values_list("student", flat=True)) == sorted(
        [ninth.pk, tenth.pk, eleventh.pk]
    )
    assert list(IssueBatch.objects.order_by("pk").values_list("scope", flat=True)) == [
        "Grades 9, 11",
        "1 chosen students",
    ]


def test_issue_form_errors_sit_beside_fields_and_keep_input(
    client, principal_a, school_a, bulk_alerts, school_year
):
    client.force_login(principal_a)

    response = issue(
        client, bulk_alerts, school_year, school_a, scope="students", student_ids="12ab, 77"
    )

    assert response.status_code == 200
    assert "Student IDs are digits only; check: 12ab" in page_text(response)
    assert "12ab, 77</textarea>" in page_text(response)
    assert not IssueBatch.objects.exists()


def test_issue_for_a_charter_school_is_refused_with_the_reason(
    client, its_reviewer, charter_school, bulk_alerts, school_year
):
    student_with_guardian(charter_school, 9)
    client.force_login(its_reviewer)

    response = issue(client, bulk_alerts, school_year, charter_school)

    assert response.status_code == 200
    assert (
        "This portal does not issue consent forms or take exception requests for charter"
        in page_text(response)
    )
    assert not ConsentRequest.objects.exists()


def test_whole_journey_from_issue_to_covered(
    client,
    principal_a,
    school_a,
    family,
    bulk_alerts,
    school_year,
    mailoutbox,
    portal_url,
    django_capture_on_commit_callbacks,
):
    student, mother, _father = family
    client.force_login(principal_a)
    with django_capture_on_commit_callbacks(execute=True):
        issue(client, bulk_alerts, school_year, school_a)
    client.logout()
    email = next(m for m in mailoutbox if m.to == [mother.email])
    token = LINK.search(email.body).group(1)
    form_text = bulk_alerts.form_texts.get(language="en", version=1)

    verify = client.post(f"/consent/sign/{token}/", {"month": 5, "day": 17, "year": 2010})
    with django_capture_on_commit_callbacks(execute=True):
        sign = client.post(
            f"/consent/sign/{token}/answer/",
            {
                "form_text": form_text.pk,
                "decision": "grant",
                "student_mobile": "7735550142",
                "relationship": "mother",
                "signer_name": "Rosa Lopez",
                "esign_agreed": "on",
            },
        )
    copy = client.get(f"/consent/sign/{token}/copy.pdf")

    assert (verify.status_code, sign.status_code, copy.status_code) == (302, 302, 200)
    record = ConsentRecord.objects.select_related("document").get()
    assert record.document is not None
    assert copy.getvalue().startswith(b"%PDF")
    assert coverage_for(student=student, program=bulk_alerts).allowed is True
    assert list(record.request.events.values_list("kind", flat=True)) == [
        "issued",
        "emailed",
        "emailed",
        "verified",
        "signed",
        "filed",
    ]


def test_send_batch_links_rerun_sends_and_marks_nothing_twice(
    client,
    principal_a,
    school_a,
    bulk_alerts,
    school_year,
    mailoutbox,
    portal_url,
    django_capture_on_commit_callbacks,
):
    from consent.models import ConsentEvent, EventKind
    from consent.tasks import send_batch_links

    student_with_guardian(school_a, 9, "p9@example.com")
    client.force_login(principal_a)
    with django_capture_on_commit_callbacks(execute=True):
        issue(client, bulk_alerts, school_year, school_a)
    batch = IssueBatch.objects.get()
    first_sent_at = ConsentLink.objects.get().last_sent_at

    sent_again = send_batch_links.call(batch_id=batch.pk)

    assert sent_again == 0
    assert len(mailoutbox) == 1
    assert ConsentLink.objects.get().last_sent_at == first_sent_at
    assert ConsentEvent.objects.filter(kind=EventKind.EMAILED).count() == 1
