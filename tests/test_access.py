"""roster.access: who may do what, where. The tables below are the policy in literal form,
so a change to the grants shows up here as a failing row."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template

from roster.access import Action, can, schools_for
from roster.models import Role, StaffRole
from tests.factories import UserFactory, staff_user

A = Action

PRINCIPAL = {
    A.VIEW_STUDENT,
    A.VIEW_CONSENT_DASHBOARD,
    A.ISSUE_CONSENT,
    A.COUNTERSIGN_CONSENT,
    A.DESIGNATE_STAFF,
    A.CHECK_COVERAGE,
    A.SUBMIT_EXCEPTION,
    A.ENDORSE_EXCEPTION,
    A.ANSWER_PLATFORM_SURVEY,
    A.REQUEST_CONSULT,
}
TEACHER = {A.CHECK_COVERAGE, A.SUBMIT_EXCEPTION, A.REQUEST_CONSULT}
ITS = {
    A.USE_ADMIN,
    A.VIEW_STUDENT,
    A.VIEW_CONSENT_DASHBOARD,
    A.ISSUE_CONSENT,
    A.ISSUE_CAMPAIGN,
    A.DESIGNATE_STAFF,
    A.CHECK_COVERAGE,
    A.REVIEW_EXCEPTION,
    A.REVOKE_EXCEPTION,
    A.MANAGE_PROGRAMS,
    A.VIEW_ROSTER,
    A.IMPORT_ROSTER,
    A.WATCH_TASKS,
    A.MANAGE_RETENTION,
    A.DESTROY_DOCUMENTS,
    A.AUDIT_PLATFORMS,
    A.ANSWER_PLATFORM_SURVEY,
    A.REQUEST_CONSULT,
}
CEO_OFFICE = {A.DECIDE_EXCEPTION, A.REVOKE_EXCEPTION}
CONTENT_EDITOR = {A.USE_ADMIN, A.EDIT_FAQ}
EVERYTHING = set(Action)
ALL_SCHOOLS = [
    "Horizon Charter Academy",
    "Lakefront Magnet High School",
    "Northside Community Academy",
]
NOTHING = set()

# persona: (anywhere, on school A and its students, on school B and its students)
EXPECTED = {
    "principal_a": (PRINCIPAL, PRINCIPAL, NOTHING),
    "principal_b": (PRINCIPAL, NOTHING, PRINCIPAL),
    "teacher_a": (TEACHER, TEACHER, NOTHING),
    "its_reviewer": (ITS, ITS, ITS),
    "cio": (ITS, ITS, ITS),
    "ceo_office": (CEO_OFFICE, CEO_OFFICE, CEO_OFFICE),
    "content_editor": (CONTENT_EDITOR, CONTENT_EDITOR, CONTENT_EDITOR),
    "administrator": (EVERYTHING, EVERYTHING, EVERYTHING),
}

# The persona fixture picks its user fixture at run time, out of pytest-django's sight.
pytestmark = pytest.mark.django_db


def allowed(user, obj=None) -> set[Action]:
    return {action for action in Action if can(user, action, obj)}


def test_can_anywhere_grants_each_role_its_actions(persona):
    # Arrange
    name, user = persona

    # Act
    actions = allowed(user)

    # Assert
    assert actions == EXPECTED[name][0]


@pytest.mark.parametrize("target", ["school_a", "student_a"])
def test_can_on_school_a_objects_follows_school_scope(persona, target, request):
    # Arrange
    name, user = persona
    obj = request.getfixturevalue(target)

    # Act
    actions = allowed(user, obj)

    # Assert
    assert actions == EXPECTED[name][1]


@pytest.mark.parametrize("target", ["school_b", "student_b"])
def test_can_on_school_b_objects_follows_school_scope(persona, target, request):
    # Arrange
    name, user = persona
    obj = request.getfixturevalue(target)

    # Act
    actions = allowed(user, obj)

    # Assert
    assert actions == EXPECTED[name][2]


def test_can_any_object_with_school_id_scoped_like_a_student(principal_a, school_a, school_b):
    # Arrange: consent and exception requests carry a school_id too.
    own, other = SimpleNamespace(school_id=school_a.pk), SimpleNamespace(school_id=school_b.pk)

    # Act
    answers = (
        can(principal_a, A.ENDORSE_EXCEPTION, own),
        can(principal_a, A.ENDORSE_EXCEPTION, other),
    )

    # Assert
    assert answers == (True, False)


def test_can_school_role_on_object_without_school_refused(principal_a):
    # Act
    answer = can(principal_a, A.VIEW_STUDENT, SimpleNamespace())

    # Assert
    assert answer is False


def test_can_accepts_action_name_as_string(principal_a, student_a):
    # Act
    answers = (can(principal_a, "view_student", student_a), can(principal_a, "use_admin"))

    # Assert
    assert answers == (True, False)


def test_can_unknown_action_raises(administrator):
    # Act / Assert: a typo must not read as a silent "no" (or "yes").
    with pytest.raises(ValueError, match="'view_students' is not a valid Action"):
        can(administrator, "view_students")


def test_can_superuser_without_role_counts_as_administrator(student_b):
    # Arrange
    user = UserFactory(is_superuser=True)

    # Act
    actions = (allowed(user), allowed(user, student_b))

    # Assert
    assert actions == (EVERYTHING, EVERYTHING)


def test_can_inactive_user_refused_everything(student_a):
    # Arrange
    user = staff_user(Role.ADMINISTRATOR, is_active=False, is_superuser=True)

    # Act
    actions = (allowed(user), allowed(user, student_a))

    # Assert
    assert actions == (NOTHING, NOTHING)


def test_can_anonymous_user_refused_everything(student_a):
    # Act
    actions = (allowed(AnonymousUser()), allowed(AnonymousUser(), student_a))

    # Assert
    assert actions == (NOTHING, NOTHING)


def test_can_user_without_role_refused_everything(student_a):
    # Arrange
    user = UserFactory()

    # Act
    actions = (allowed(user), allowed(user, student_a))

    # Assert
    assert actions == (NOTHING, NOTHING)


def test_can_two_roles_each_hold_at_their_own_scope(school_a, school_b, student_a, student_b):
    # Arrange: teacher at A, principal at B.
    user = staff_user(Role.TEACHER, school_a)
    StaffRole.objects.create(user=user, role=Role.PRINCIPAL, school=school_b)

    # Act
    actions = (allowed(user), allowed(user, student_a), allowed(user, student_b))

    # Assert
    assert actions == (PRINCIPAL, TEACHER, PRINCIPAL)


def test_can_school_role_and_district_role_combined(school_a, student_b):
    # Arrange: a principal who also sits in the CEO's office.
    user = staff_user(Role.PRINCIPAL, school_a)
    StaffRole.objects.create(user=user, role=Role.CEO_OFFICE)

    # Act
    actions = allowed(user, student_b)

    # Assert
    assert actions == CEO_OFFICE


def test_can_reads_roles_once_per_user_object(administrator, student_a, django_assert_num_queries):
    # Arrange: a request's user object is asked many times while one page renders.
    # Act / Assert
    with django_assert_num_queries(1):
        allowed(administrator)
        allowed(administrator, student_a)


@pytest.mark.parametrize(
    ("user_fixture", "action", "expected"),
    [
        ("principal_a", A.VIEW_STUDENT, ["Northside Community Academy"]),
        ("principal_b", A.VIEW_STUDENT, ["Lakefront Magnet High School"]),
        ("teacher_a", A.CHECK_COVERAGE, ["Northside Community Academy"]),
        ("teacher_a", A.VIEW_STUDENT, []),
        (
            "its_reviewer",
            A.VIEW_STUDENT,
            ALL_SCHOOLS,
        ),
        ("its_reviewer", A.DECIDE_EXCEPTION, []),
        (
            "ceo_office",
            A.DECIDE_EXCEPTION,
            ALL_SCHOOLS,
        ),
        ("content_editor", A.VIEW_STUDENT, []),
        (
            "administrator",
            A.MANAGE_ROSTER,
            ALL_SCHOOLS,
        ),
    ],
)
def test_schools_for_role_lists_its_schools(
    user_fixture, action, expected, request, school_a, school_b, charter_school
):
    # Arrange
    user = request.getfixturevalue(user_fixture)

    # Act
    schools = schools_for(user, action)

    # Assert
    assert [school.name for school in schools] == expected


def test_schools_for_two_school_roles_lists_both(school_a, school_b, charter_school):
    # Arrange
    user = staff_user(Role.TEACHER, school_a)
    StaffRole.objects.create(user=user, role=Role.PRINCIPAL, school=school_b)

    # Act
    schools = (
        [school.name for school in schools_for(user, A.CHECK_COVERAGE)],
        [school.name for school in schools_for(user, A.ENDORSE_EXCEPTION)],
    )

    # Assert
    assert schools == (
        ["Lakefront Magnet High School", "Northside Community Academy"],
        ["Lakefront Magnet High School"],
    )


def test_schools_for_anonymous_user_lists_none(school_a):
    # Act
    schools = list(schools_for(AnonymousUser(), A.CHECK_COVERAGE))

    # Assert
    assert schools == []


@pytest.mark.parametrize(
    ("user_fixture", "action", "target", "expected"),
    [
        ("principal_a", "view_student", "student_a", "yes"),
        ("principal_a", "view_student", "student_b", "no"),
        ("teacher_a", "submit_exception", "school_a", "yes"),
        ("teacher_a", "view_student", "student_a", "no"),
        ("content_editor", "edit_faq", None, "yes"),
        ("content_editor", "view_student", None, "no"),
        ("ceo_office", "decide_exception", "student_b", "yes"),
    ],
)
def test_can_template_tag_answers_like_can(user_fixture, action, target, expected, request):
    # Arrange
    user = request.getfixturevalue(user_fixture)
    obj = request.getfixturevalue(target) if target else None
    template = Template(
        "{% load access %}{% can user action obj as allowed %}"
        "{% if allowed %}yes{% else %}no{% endif %}"
    )

    # Act
    rendered = template.render(Context({"user": user, "action": action, "obj": obj}))

    # Assert
    assert (rendered, can(user, action, obj)) == (expected, expected == "yes")


def test_can_template_tag_without_object_renders_answer(its_reviewer):
    # Arrange
    template = Template('{% load access %}{% can user "review_exception" %}')

    # Act
    rendered = template.render(Context({"user": its_reviewer}))

    # Assert
    assert rendered == "True"
