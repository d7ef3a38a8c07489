"""Destroying a document past retention: an explicit step by ITS in the admin, after a
confirmation page; it removes the file, keeps a tombstone, and is refused under a legal hold,
before the rule's years have passed, and for anyone but ITS. Downloads then show a page."""

import hashlib

import pytest
from django.contrib.messages import get_messages
from django.core.files.storage import storages

from consent.models import ConsentRecord
from consent.services.filing import consent_file_pdf
from consent.services.forms_text import current_form_text
from roster.models import CumulativeDocument, DocumentDestruction, DocumentKind, RetentionRule
from roster.retention.services import RetentionError, document_destroy, legal_hold_place
from tests.consent.conftest import answer, make_link, standard_program, verify
from tests.factories import StudentFactory
from tests.retention.conftest import LEFT_FOUR_YEARS_AGO, LEFT_SIX_YEARS_AGO, filed

pytestmark = pytest.mark.django_db

REVIEW = "/admin/roster/documentpastretention/"


def destroy_in_admin(client, user, *documents, confirmed=True):
    client.force_login(user)
    data = {"action": "destroy_selected", "_selected_action": [d.pk for d in documents]}
    if confirmed:
        data["confirmed"] = "yes"
    return client.post(REVIEW, data)


def test_destroy_asks_for_confirmation_first(client, its_reviewer, old_form):
    # Act
    response = destroy_in_admin(client, its_reviewer, old_form, confirmed=False)

    # Assert: the page names the document; nothing is destroyed yet.
    page = response.content.decode()
    assert (response.status_code, old_form.sha256 in page) == (200, True)
    assert "Yes, destroy 1 document" in page
    assert DocumentDestruction.objects.count() == 0
    assert storages["private"].exists(old_form.file.name)


def test_destroy_removes_file_and_keeps_tombstone(client, its_reviewer, old_form):
    # Arrange
    name = old_form.file.name
    content = storages["private"].open(name).read()

    # Act
    response = destroy_in_admin(client, its_reviewer, old_form)

    # Assert
    assert (response.status_code, response["Location"]) == (302, REVIEW)
    old_form.refresh_from_db()
    tombstone = old_form.destruction
    assert (old_form.is_destroyed, storages["private"].exists(name)) == (True, False)
    assert (tombstone.sha256, tombstone.file_name, tombstone.size) == (
        hashlib.sha256(content).hexdigest(),
        name,
        len(content),
    )
    assert (tombstone.destroyed_by, tombstone.student_left_on) == (its_reviewer, LEFT_SIX_YEARS_AGO)
    assert tombstone.rule_years_after_leaving == 5
    assert "five years" in tombstone.rule_legal_basis


def test_destroy_twice_keeps_one_tombstone(client, its_reviewer, old_form):
    # Act: the confirmation submitted twice.
    destroy_in_admin(client, its_reviewer, old_form)
    again = destroy_in_admin(client, its_reviewer, old_form)

    # Assert
    assert [str(m) for m in get_messages(again.wsgi_request)] == [
        "1 document(s) destroyed; their tombstones are under “Document destructions”.",
        "None of the selected documents is past retention and free of legal holds any more: "
        "nothing was destroyed.",
    ]
    assert DocumentDestruction.objects.count() == 1
    with pytest.raises(RetentionError) as refused:
        document_destroy(user=its_reviewer, document_id=old_form.pk)
    assert refused.value.code == "destroyed"


def test_destroy_refused_under_legal_hold(client, its_reviewer, old_form):
    # Arrange
    legal_hold_place(user=its_reviewer, reason="Litigation hold", student=old_form.student)

    # Act
    destroy_in_admin(client, its_reviewer, old_form)
    with pytest.raises(RetentionError) as refused:
        document_destroy(user=its_reviewer, document_id=old_form.pk)

    # Assert
    assert refused.value.code == "on_hold"
    assert (
        DocumentDestruction.objects.count(),
        storages["private"].exists(old_form.file.name),
    ) == (
        0,
        True,
    )


def test_destroy_refused_under_document_hold(its_reviewer, old_form):
    legal_hold_place(user=its_reviewer, reason="Records request", document=old_form)

    with pytest.raises(RetentionError) as refused:
        document_destroy(user=its_reviewer, document_id=old_form.pk)

    assert refused.value.code == "on_hold"


@pytest.mark.parametrize("left_on", [None, LEFT_FOUR_YEARS_AGO])
def test_destroy_refused_before_retention_ends(client, its_reviewer, left_on):
    # Arrange
    document = filed(StudentFactory(left_on=left_on))

    # Act
    destroy_in_admin(client, its_reviewer, document)
    with pytest.raises(RetentionError) as refused:
        document_destroy(user=its_reviewer, document_id=document.pk)

    # Assert
    assert refused.value.code == "not_past_retention"
    if left_on is not None:
        assert "kept until June 10, 2027" in refused.value.message
    assert DocumentDestruction.objects.count() == 0


def test_destroy_refused_for_kind_without_rule(its_reviewer, old_form):
    RetentionRule.objects.filter(kind=DocumentKind.CONSENT_FORM).delete()

    with pytest.raises(RetentionError) as refused:
        document_destroy(user=its_reviewer, document_id=old_form.pk)

    assert refused.value.code == "no_rule"


@pytest.mark.parametrize(
    "user_fixture", ["principal_a", "teacher_a", "ceo_office", "content_editor"]
)
def test_destroy_refused_for_roles_other_than_its(client, request, user_fixture, old_form):
    # Arrange
    user = request.getfixturevalue(user_fixture)

    # Act
    response = destroy_in_admin(client, user, old_form)
    with pytest.raises(RetentionError) as refused:
        document_destroy(user=user, document_id=old_form.pk)

    # Assert
    assert response.status_code in (302, 403)
    assert response.status_code == 403 or response["Location"].startswith("/admin/login/")
    assert refused.value.code == "not_allowed"
    assert DocumentDestruction.objects.count() == 0


@pytest.mark.parametrize("user_fixture", ["cio", "administrator"])
def test_destroy_allowed_for_cio_and_administrator(client, request, user_fixture, old_form):
    destroy_in_admin(client, request.getfixturevalue(user_fixture), old_form)

    assert DocumentDestruction.objects.count() == 1


def test_download_of_destroyed_document_shows_tombstone_page(
    client, its_reviewer, principal_a, old_form
):
    # Arrange
    destroy_in_admin(client, its_reviewer, old_form)
    client.force_login(principal_a)

    # Act
    download = client.get(f"/consent/documents/{old_form.pk}/")
    record_page = client.get(f"/consent/students/{old_form.student.student_id}/")

    # Assert
    assert download.status_code == 410
    assert "This document was destroyed" in download.content.decode()
    assert old_form.sha256 in download.content.decode()
    assert "Destroyed Oct 14, 2026 (retention)" in record_page.content.decode()
    assert f"/consent/documents/{old_form.pk}/" not in record_page.content.decode()


def test_signed_form_destroyed_shows_pages_to_staff_and_parent(
    client, its_reviewer, principal_a, family, school_year
):
    # Arrange: a form signed through the portal and filed; the student left six years ago.
    student, mother, _father = family
    program = standard_program("bulk-alerts")
    _link, token = make_link(
        student=student, guardian=mother, program=program, school_year=school_year
    )
    verify(client, token)
    answer(client, token, current_form_text(program).pk)
    record = ConsentRecord.objects.get()
    document = consent_file_pdf(record_id=record.pk)
    type(student).objects.filter(pk=student.pk).update(left_on=LEFT_SIX_YEARS_AGO)
    destroy_in_admin(client, its_reviewer, document)

    # Act
    client.force_login(principal_a)
    staff = client.get(f"/consent/records/{record.pk}/pdf/")
    client.logout()
    verify(client, token)  # a new session: the parent verifies again
    parent = client.get(f"/consent/sign/{token}/copy.pdf")
    spanish = client.get(f"/consent/sign/{token}/copy.pdf?lang=es")

    # Assert: nothing is filed again, and both see a page, not an error.
    assert (staff.status_code, parent.status_code) == (410, 410)
    assert "This document was destroyed" in staff.content.decode()
    assert "This form is no longer kept" in parent.content.decode()
    assert "Este formulario ya no se conserva" in spanish.content.decode()
    assert CumulativeDocument.objects.filter(student=student).count() == 1
