"""roster.access.role_for: the capacity in which someone acts, recorded on every exception
event. It must agree with can() on every action, at every school."""

import pytest

from roster.access import Action, can, role_for
from roster.models import Role, StaffRole
from tests.factories import staff_user

# The persona fixture picks its user fixture at run time, out of pytest-django's sight.
pytestmark = pytest.mark.django_db


def test_role_for_agrees_with_can_on_every_action_and_school(persona, school_a, school_b):
    # Arrange
    _name, user = persona
    held = set(user.staff_roles.values_list("role", flat=True))

    # Act
    answers = {
        (action, target): (role_for(user, action, obj), can(user, action, obj))
        for action in Action
        for target, obj in (("anywhere", None), ("school A", school_a), ("school B", school_b))
    }

    # Assert
    disagreements = [
        key for key, (role, allowed) in answers.items() if (role is not None) != allowed
    ]
    assert disagreements == []
    assert {role for role, _allowed in answers.values() if role is not None} <= held


def test_role_for_names_the_role_held_at_the_object_school(school_a, school_b):
    # Arrange: a teacher at A who is also the principal of B.
    user = staff_user(Role.TEACHER, school_a, username="teacher-and-principal")
    StaffRole.objects.create(user=user, role=Role.PRINCIPAL, school=school_b)

    # Act
    answers = {
        "endorse at B": role_for(user, Action.ENDORSE_EXCEPTION, school_b),
        "endorse at A": role_for(user, Action.ENDORSE_EXCEPTION, school_a),
        "submit at A": role_for(user, "submit_exception", school_a),
        "decide anywhere": role_for(user, Action.DECIDE_EXCEPTION),
    }

    # Assert
    assert answers == {
        "endorse at B": Role.PRINCIPAL,
        "endorse at A": None,
        "submit at A": Role.TEACHER,
        "decide anywhere": None,
    }
