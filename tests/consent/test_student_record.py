"""The student's cumulative record page (documents and their own access history, each view
logged) and the access log in the admin (read-only, ITS and administrators only)."""

import pytest
from django.core.files.base import ContentFile

from consent.models import ConsentRecord
from roster.models import AccessPurpose, CumulativeDocument, DocumentKind, RecordAccess
from roster.services import record_access_log
from tests.consent.conftest import plain_text
from tests.consent.test_check import signed
from tests.factories import StudentFactory

pytestmark = pytest.mark.django_db

RECORD_ALLOWED = {"principal_a", "its_reviewer", "cio", "administrator"}


def record_url(student):
    return f"/consent/students/{student.student_id}/"


def test_record_page_permissions(client, persona, student_a):
    name, user = persona
    client.force_login(user)

    response = client.get(record_url(student_a))

    # Outside the user's schools (or without the right to see students) a student does not
    # exist: 404, never a hint that the ID is real.
    assert response.status_code == (200 if name in RECORD_ALLOWED else 404)


@pytest.mark.parametrize("student_id", ["99999999", "12ab", "<x>"])
def test_record_page_unknown_or_malformed_id_is_404(client, principal_a, student_id):
    client.force_login(principal_a)

    assert client.get(f"/consent/students/{student_id}/").status_code == 404


def test_record_page_lists_documents_with_logged_download(
    client,
    principal_a,
    family,
    bulk_alerts,
    school_year,
    django_capture_on_commit_callbacks,
):
    student, mother, _father = family
    with django_capture_on_commit_callbacks(execute=True):
        record = signed(student, bulk_alerts, school_year, guardian=mother)
    client.force_login(principal_a)

    page = client.get(record_url(student))
    document = ConsentRecord.objects.get(pk=record.pk).document
    download = client.get(f"/consent/documents/{document.pk}/")

    assert f'href="/consent/documents/{document.pk}/"' in page.content.decode()
    assert b"".join(download.streaming_content) == document.file.open("rb").read()
    assert "Texting consent form (signed electronically)" in plain_text(page)
    assert download.status_code == 200
    assert list(RecordAccess.objects.order_by("pk").values_list("action", "purpose")) == [
        ("viewed the cumulative record", AccessPurpose.RECORDS_REVIEW),
        ("downloaded", AccessPurpose.RECORDS_REVIEW),
    ]


def test_record_page_shows_its_own_access_history_including_this_view(
    client, principal_a, teacher_a, student_a, bulk_alerts
):
    record_access_log(
        student=student_a,
        action="checked whether staff may text the student",
        purpose=AccessPurpose.TEXTING_CHECK,
        user=teacher_a,
    )
    record_access_log(
        student=student_a,
        action="exported for Bulk text notifications and alerts (1 students)",
        purpose=AccessPurpose.TEXTING_EXPORT,
        system="District alerts",
    )
    record_access_log(
        student=StudentFactory(school=student_a.school),
        action="viewed the cumulative record",
        purpose=AccessPurpose.RECORDS_REVIEW,
        user=principal_a,
    )
    client.force_login(principal_a)

    response = client.get(record_url(student_a))

    text = plain_text(response)
    who = [access.system or str(access.user) for access in response.context["history"]]
    assert who == [str(principal_a), "District alerts", str(teacher_a)]
    assert "District alerts (texting system)" in text
    assert "Release to the district's bulk-texting system" in text
    assert "Check before texting the student" in text


@pytest.mark.parametrize(("items", "queries"), [(1, 18), (3, 18)])
def test_record_page_query_count(
    client,
    principal_a,
    teacher_a,
    family,
    bulk_alerts,
    safety_meetup,
    reengagement,
    school_year,
    items,
    queries,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    student, mother, _father = family
    for program in [bulk_alerts, safety_meetup, reengagement][:items]:
        with django_capture_on_commit_callbacks(execute=True):
            signed(student, program, school_year, guardian=mother)
        record_access_log(
            student=student, action="checked", purpose=AccessPurpose.TEXTING_CHECK, user=teacher_a
        )
    client.force_login(principal_a)

    with django_assert_num_queries(queries):
        response = client.get(record_url(student))

    assert len(response.context["documents"]) == items


def test_check_page_links_to_record(client, principal_a, student_a, bulk_alerts):
    client.force_login(principal_a)

    response = client.get("/consent/check/", {"student_id": student_a.student_id})

    assert f'href="{record_url(student_a)}"' in response.content.decode()


# --- The access log in the admin ------------------------------------------------------------

LOG_VIEWERS = {"its_reviewer", "cio", "administrator"}


def test_admin_access_log_visible_to_its_and_administrators(client, persona, student_a, teacher_a):
    name, user = persona
    record_access_log(
        student=student_a, action="checked", purpose=AccessPurpose.TEXTING_CHECK, user=teacher_a
    )
    client.force_login(user)

    response = client.get("/admin/roster/recordaccess/")

    if name in LOG_VIEWERS:
        assert response.status_code == 200
    else:
        # Staff without the admin are sent to its sign-in; content editors are refused.
        assert response.status_code == (403 if name == "content_editor" else 302)


def test_admin_access_log_is_read_only(client, its_reviewer, student_a, teacher_a):
    access = record_access_log(
        student=student_a, action="checked", purpose=AccessPurpose.TEXTING_CHECK, user=teacher_a
    )
    client.force_login(its_reviewer)

    add = client.get("/admin/roster/recordaccess/add/")
    change = client.post(f"/admin/roster/recordaccess/{access.pk}/change/", {"action": "edited"})
    delete = client.post(f"/admin/roster/recordaccess/{access.pk}/delete/", {"post": "yes"})

    assert (add.status_code, change.status_code, delete.status_code) == (403, 403, 403)
    assert RecordAccess.objects.get(pk=access.pk).action == "checked"


def test_admin_access_log_filters_by_student_user_and_date(
    client, its_reviewer, student_a, teacher_a, principal_a
):
    other = StudentFactory(school=student_a.school)
    record_access_log(
        student=student_a, action="checked", purpose=AccessPurpose.TEXTING_CHECK, user=teacher_a
    )
    record_access_log(
        student=other, action="viewed", purpose=AccessPurpose.RECORDS_REVIEW, user=principal_a
    )
    client.force_login(its_reviewer)

    def shown(**params):
        response = client.get("/admin/roster/recordaccess/", params)
        return [a.student_id for a in response.context["cl"].result_list]

    assert shown(student=student_a.pk) == [student_a.pk]
    assert shown(user=principal_a.pk) == [other.pk]
    assert shown(q=other.student_id) == [other.pk]
    assert shown(at__year=2026, at__month=10, at__day=14) == [other.pk, student_a.pk]
    assert shown(at__year=2026, at__month=10, at__day=15) == []


def test_paper_scan_downloads_for_staff_of_the_school_only(
    client, principal_a, principal_b, student_a
):
    scan = CumulativeDocument(
        student=student_a,
        kind=DocumentKind.PAPER_CONSENT_FORM,
        title="Paper form",
        content_type="image/png",
        sha256="0" * 64,
        size=4,
        added_by_name="Office",
        added_by_position="Clerk",
    )
    scan.file.save("scan.png", ContentFile(b"\x89PNG"), save=False)
    scan.save()

    client.force_login(principal_b)
    refused = client.get(f"/consent/documents/{scan.pk}/")
    client.force_login(principal_a)
    allowed = client.get(f"/consent/documents/{scan.pk}/")

    assert (refused.status_code, allowed.status_code, allowed["Content-Type"]) == (
        404,
        200,
        "image/png",
    )
    assert list(RecordAccess.objects.values_list("user", "document")) == [
        (principal_a.pk, scan.pk),
    ]
