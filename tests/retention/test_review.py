"""The retention rules and the monthly review: a document is listed once its student has been
gone its rule's years, unless a legal hold covers it; a kind without a rule is reported."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from roster.models import DocumentKind, LegalHold, RetentionRule
from roster.retention.services import legal_hold_lift, legal_hold_place
from tests.factories import StudentFactory
from tests.retention.conftest import LEFT_FOUR_YEARS_AGO, LEFT_SIX_YEARS_AGO, filed

pytestmark = pytest.mark.django_db


def review() -> list[str]:
    """The student IDs and document numbers the monthly command lists."""
    out = StringIO()
    call_command("retention_review", stdout=out)
    lines = out.getvalue().splitlines()[1:]
    return [f"{line.split(chr(9))[0]} {line.split(chr(9))[6]}" for line in lines]


def admin_review(client, user) -> list[int]:
    client.force_login(user)
    response = client.get("/admin/roster/documentpastretention/")
    assert response.status_code == 200
    return [row.pk for row in response.context["cl"].result_list]


def test_rules_seeded_for_every_document_kind():
    rules = {rule.kind: rule for rule in RetentionRule.objects.all()}

    assert sorted(rules) == sorted(DocumentKind.values)
    assert {rule.years_after_leaving for rule in rules.values()} == {5}
    assert all("at least five years after the student" in r.legal_basis for r in rules.values())


def test_review_lists_student_who_left_six_years_ago(client, its_reviewer, old_form):
    # Arrange: one who left four years ago, and one still on the roster, both with forms.
    recent = filed(StudentFactory(left_on=LEFT_FOUR_YEARS_AGO, active=False))
    filed(StudentFactory())

    # Act
    listed, in_admin = review(), admin_review(client, its_reviewer)

    # Assert
    assert listed == [f"{old_form.student.student_id} #{old_form.pk}"]
    assert in_admin == [old_form.pk]
    assert recent.pk not in in_admin


def test_review_leaves_out_student_under_legal_hold(client, its_reviewer, old_form):
    # Arrange
    legal_hold_place(user=its_reviewer, reason="Subpoena 2026-114", student=old_form.student)

    # Act / Assert
    assert (review(), admin_review(client, its_reviewer)) == ([], [])


def test_review_leaves_out_document_under_legal_hold(client, its_reviewer, old_form):
    # Arrange: a second document of the same student, not held.
    other = filed(old_form.student, kind=DocumentKind.COUNTERSIGNATURE)
    legal_hold_place(user=its_reviewer, reason="Records request", document=old_form)

    # Act / Assert
    assert admin_review(client, its_reviewer) == [other.pk]


def test_review_lists_document_again_once_its_hold_is_lifted(client, its_reviewer, old_form):
    # Arrange
    hold = legal_hold_place(user=its_reviewer, reason="Subpoena", student=old_form.student)

    # Act
    legal_hold_lift(user=its_reviewer, hold_id=hold.pk, reason="Case closed")

    # Assert: listed again, and the hold's history is kept.
    assert admin_review(client, its_reviewer) == [old_form.pk]
    assert list(LegalHold.objects.values_list("reason", "lift_reason", "lifted_by")) == [
        ("Subpoena", "Case closed", its_reviewer.pk)
    ]


def test_review_counts_years_from_the_rule(client, its_reviewer, old_form):
    # Arrange: ITS lengthens the rule for signed forms to seven years.
    RetentionRule.objects.filter(kind=DocumentKind.CONSENT_FORM).update(years_after_leaving=7)

    # Act / Assert
    assert admin_review(client, its_reviewer) == []


def test_review_day_the_rule_is_met(client, its_reviewer):
    # Arrange: left exactly five years before the test day, and one day later.
    on_the_day = filed(StudentFactory(left_on=datetime.date(2021, 10, 14)))
    filed(StudentFactory(left_on=datetime.date(2021, 10, 15)))

    # Act / Assert
    assert admin_review(client, its_reviewer) == [on_the_day.pk]


def test_review_command_reports_kind_without_rule(old_form):
    # Arrange
    RetentionRule.objects.filter(kind=DocumentKind.COUNTERSIGNATURE).delete()
    out = StringIO()

    # Act
    with pytest.raises(CommandError) as raised:
        call_command("retention_review", stdout=out)

    # Assert: the rest is still reported.
    assert str(raised.value).startswith("No retention rule for: countersignature.")
    assert f"#{old_form.pk}" in out.getvalue()


def test_check_warns_about_kind_without_rule():
    # Arrange
    RetentionRule.objects.filter(kind=DocumentKind.PAPER_CONSENT_FORM).delete()
    out, err = StringIO(), StringIO()

    # Act
    call_command("check", "--database", "default", stdout=out, stderr=err)

    # Assert
    assert "roster.W001" in out.getvalue() + err.getvalue()
    assert "'paper_consent_form' has no retention rule" in out.getvalue() + err.getvalue()


def test_check_quiet_when_every_kind_has_a_rule():
    out, err = StringIO(), StringIO()

    call_command("check", "--database", "default", stdout=out, stderr=err)

    assert "roster.W001" not in out.getvalue() + err.getvalue()


def test_admin_review_warns_about_kind_without_rule(client, its_reviewer):
    RetentionRule.objects.filter(kind=DocumentKind.PAPER_CONSENT_FORM).delete()
    client.force_login(its_reviewer)

    response = client.get("/admin/roster/documentpastretention/")

    assert [str(m) for m in response.context["messages"]] == [
        "The document kind 'paper_consent_form' has no retention rule, so none of its "
        "documents is listed here: add its rule."
    ]


@pytest.mark.parametrize("item_count", [1, 3])
def test_admin_review_query_count_fixed(
    client, its_reviewer, item_count, django_assert_num_queries
):
    # Arrange
    for _ in range(item_count):
        filed(StudentFactory(left_on=LEFT_SIX_YEARS_AGO))
    client.force_login(its_reviewer)

    # Act / Assert
    with django_assert_num_queries(11):
        response = client.get("/admin/roster/documentpastretention/")
    assert len(response.context["cl"].result_list) == item_count


@pytest.mark.parametrize(("day", "listed"), [((2025, 2, 28), False), ((2025, 3, 1), True)])
def test_review_student_who_left_on_february_29(client, its_reviewer, day, listed):
    # Arrange: five years after a leap day ends on March 1, never a day early.
    document = filed(StudentFactory(left_on=datetime.date(2020, 2, 29)))

    # Act
    with time_machine.travel(datetime.datetime(*day, 12, tzinfo=datetime.UTC)):
        shown = admin_review(client, its_reviewer)

    # Assert
    assert shown == ([document.pk] if listed else [])
