"""Legal holds and the retention pages in the admin: ITS, the CIO and administrators place and
lift holds (with a reason; lifting keeps the history); every other role is refused."""

import pytest

from roster.models import LegalHold, RetentionRule
from roster.retention.services import RetentionError, legal_hold_lift, legal_hold_place

pytestmark = pytest.mark.django_db

HOLDS = "/admin/roster/legalhold/"
RETENTION_PAGES = [
    "/admin/roster/documentpastretention/",
    "/admin/roster/legalhold/",
    "/admin/roster/legalhold/add/",
    "/admin/roster/retentionrule/",
    "/admin/roster/documentdestruction/",
]
# 302: sent to sign in (and then home): these roles have no admin at all.
STATUS = {
    "its_reviewer": 200,
    "cio": 200,
    "administrator": 200,
    "content_editor": 403,
    "principal_a": 302,
    "principal_b": 302,
    "teacher_a": 302,
    "ceo_office": 302,
}


@pytest.mark.parametrize("url", RETENTION_PAGES)
def test_retention_pages_open_to_its_only(client, persona, url):
    name, user = persona
    client.force_login(user)

    assert client.get(url).status_code == STATUS[name]


def test_its_places_hold_on_student(client, its_reviewer, gone_student):
    # Arrange
    client.force_login(its_reviewer)

    # Act
    response = client.post(
        f"{HOLDS}add/", {"student": gone_student.pk, "document": "", "reason": "Subpoena 114"}
    )

    # Assert
    assert (response.status_code, response["Location"]) == (302, HOLDS)
    hold = LegalHold.objects.get()
    assert (hold.student, hold.reason, hold.placed_by, hold.is_active) == (
        gone_student,
        "Subpoena 114",
        its_reviewer,
        True,
    )


def test_review_list_links_to_a_hold_on_the_document(client, its_reviewer, old_form):
    client.force_login(its_reviewer)

    response = client.get(f"{HOLDS}add/?document={old_form.pk}")

    assert response.context["adminform"].form.initial["document"] == str(old_form.pk)


@pytest.mark.parametrize(
    ("fields", "field", "error"),
    [
        ({"reason": "  "}, "reason", "This field is required."),
        ({"document": "", "reason": "x"}, "student", "Choose either a student or one document"),
    ],
)
def test_hold_form_errors_beside_field(client, its_reviewer, old_form, fields, field, error):
    # Arrange
    client.force_login(its_reviewer)
    data = {"student": old_form.student_id, "document": "", "reason": "Subpoena", **fields}
    if field == "student":
        data["student"] = ""

    # Act
    response = client.post(f"{HOLDS}add/", data)

    # Assert: the page again, the message beside the field, nothing held.
    form = response.context["adminform"].form
    assert response.status_code == 200
    assert [e[: len(error)] for e in form.errors[field]] == [error]
    assert LegalHold.objects.count() == 0


def test_its_lifts_hold_and_history_stays(client, its_reviewer, cio, old_form):
    # Arrange
    hold = legal_hold_place(user=its_reviewer, reason="Subpoena", student=old_form.student)
    client.force_login(cio)

    # Act
    missing = client.post(f"{HOLDS}{hold.pk}/change/", {"lift_reason": ""})
    lifted = client.post(f"{HOLDS}{hold.pk}/change/", {"lift_reason": "Case dismissed"})
    again = client.post(f"{HOLDS}{hold.pk}/change/", {"lift_reason": "Twice"})

    # Assert
    assert missing.context["adminform"].form.errors["lift_reason"] == [
        "Give the reason for lifting the hold."
    ]
    assert (lifted.status_code, again.status_code) == (302, 403)
    hold.refresh_from_db()
    assert (hold.placed_by, hold.lifted_by, hold.lift_reason, hold.is_active) == (
        its_reviewer,
        cio,
        "Case dismissed",
        False,
    )


def test_hold_is_never_deleted(client, administrator, old_form):
    hold = legal_hold_place(user=administrator, reason="Audit", document=old_form)
    client.force_login(administrator)

    response = client.post(f"{HOLDS}{hold.pk}/delete/", {"post": "yes"})

    assert (response.status_code, LegalHold.objects.count()) == (403, 1)


def test_hold_placed_twice_is_one_hold(its_reviewer, old_form):
    first = legal_hold_place(user=its_reviewer, reason="Subpoena", student=old_form.student)
    second = legal_hold_place(user=its_reviewer, reason="Subpoena", student=old_form.student)

    assert (first.pk, LegalHold.objects.count()) == (second.pk, 1)


@pytest.mark.parametrize(
    "user_fixture", ["principal_a", "teacher_a", "ceo_office", "content_editor"]
)
def test_hold_services_refuse_other_roles(request, user_fixture, its_reviewer, old_form):
    user = request.getfixturevalue(user_fixture)
    hold = legal_hold_place(user=its_reviewer, reason="Subpoena", document=old_form)

    with pytest.raises(RetentionError) as placing:
        legal_hold_place(user=user, reason="Other", student=old_form.student)
    with pytest.raises(RetentionError) as lifting:
        legal_hold_lift(user=user, hold_id=hold.pk, reason="No")

    assert (placing.value.code, lifting.value.code) == ("not_allowed", "not_allowed")
    assert LegalHold.objects.filter(lifted_at__isnull=True).count() == 1


def test_rule_changed_in_admin_but_never_deleted(client, its_reviewer):
    rule = RetentionRule.objects.get(kind="consent_form")
    client.force_login(its_reviewer)

    changed = client.post(
        f"/admin/roster/retentionrule/{rule.pk}/change/",
        {"years_after_leaving": "6", "legal_basis": rule.legal_basis},
    )
    deleted = client.post(f"/admin/roster/retentionrule/{rule.pk}/delete/", {"post": "yes"})

    rule.refresh_from_db()
    assert (changed.status_code, deleted.status_code, rule.years_after_leaving) == (302, 403, 6)


@pytest.mark.parametrize("item_count", [1, 3])
def test_holds_and_tombstones_lists_query_count_fixed(
    client, its_reviewer, item_count, django_assert_num_queries
):
    # Arrange: holds on students and on documents, half of them lifted; as many tombstones.
    from roster.retention.services import document_destroy
    from tests.factories import StudentFactory
    from tests.retention.conftest import LEFT_SIX_YEARS_AGO, filed

    for number in range(item_count):
        student = StudentFactory(left_on=LEFT_SIX_YEARS_AGO)
        document = filed(student)
        hold = legal_hold_place(user=its_reviewer, reason=f"Matter {number}", document=document)
        legal_hold_lift(user=its_reviewer, hold_id=hold.pk, reason="Closed")
        document_destroy(user=its_reviewer, document_id=filed(student, content=b"x").pk)
        legal_hold_place(user=its_reviewer, reason=f"Matter {number}", student=student)
    client.force_login(its_reviewer)

    # Act / Assert
    with django_assert_num_queries(8):
        holds = client.get(HOLDS)
    with django_assert_num_queries(7):
        tombstones = client.get("/admin/roster/documentdestruction/")
    assert len(holds.context["cl"].result_list) == 2 * item_count
    assert len(tombstones.context["cl"].result_list) == item_count
