"""The one place that answers "may this user do X (to this object)?".

Views, templates (``{% can %}``), the admin and selectors ask here; nothing else decides.
School-scoped roles (teacher, principal) act only on their own school's objects; district
roles act on every school. An object is scoped through its school: a School itself, or
anything with a ``school_id`` (a student, a consent request, an exception request).
"""

from enum import StrEnum

from django.db.models import QuerySet

from roster.models import SCHOOL_SCOPED_ROLES, Role, School


class Action(StrEnum):
    USE_ADMIN = "use_admin"
    VIEW_STUDENT = "view_student"
    VIEW_CONSENT_DASHBOARD = "view_consent_dashboard"
    ISSUE_CONSENT = "issue_consent"
    ISSUE_CAMPAIGN = "issue_campaign"  # one program to many schools at once (ITS)
    COUNTERSIGN_CONSENT = "countersign_consent"
    # Activities of programs that need designated staff, and who is designated for each.
    DESIGNATE_STAFF = "designate_staff"
    CHECK_COVERAGE = "check_coverage"
    SUBMIT_EXCEPTION = "submit_exception"
    ENDORSE_EXCEPTION = "endorse_exception"
    # Endorse a district-office employee's request (their department head).
    ENDORSE_DISTRICT_EXCEPTION = "endorse_district_exception"
    REVIEW_EXCEPTION = "review_exception"
    DECIDE_EXCEPTION = "decide_exception"
    REVOKE_EXCEPTION = "revoke_exception"  # withdraw an approved exception (ITS, CEO's office)
    MANAGE_PROGRAMS = "manage_programs"
    EDIT_FAQ = "edit_faq"
    VIEW_ROSTER = "view_roster"
    MANAGE_ROSTER = "manage_roster"
    MANAGE_USERS = "manage_users"
    IMPORT_ROSTER = "import_roster"  # upload the SIS's OneRoster file (ITS)
    OPERATE_PORTAL = "operate_portal"  # sign-in pauses
    WATCH_TASKS = "watch_tasks"  # the background tasks list, and "retry now" (ITS)
    # The retention review, its rules and legal holds (ITS); destroying a document past
    # retention is a separate, deliberate grant.
    MANAGE_RETENTION = "manage_retention"
    DESTROY_DOCUMENTS = "destroy_documents"
    # Messaging platforms: audits, remediation, school transitions, the survey and consults
    # (ITS); a school's survey answers (its principal); asking ITS before buying (any staff).
    AUDIT_PLATFORMS = "audit_platforms"
    ANSWER_PLATFORM_SURVEY = "answer_platform_survey"
    REQUEST_CONSULT = "request_consult"


_ITS = frozenset(
    {
        Action.USE_ADMIN,
        Action.VIEW_STUDENT,
        Action.VIEW_CONSENT_DASHBOARD,
        Action.ISSUE_CONSENT,
        Action.ISSUE_CAMPAIGN,
        Action.DESIGNATE_STAFF,
        Action.CHECK_COVERAGE,
        Action.REVIEW_EXCEPTION,
        Action.REVOKE_EXCEPTION,
        Action.MANAGE_PROGRAMS,
        Action.VIEW_ROSTER,
        Action.IMPORT_ROSTER,
        Action.WATCH_TASKS,
        Action.MANAGE_RETENTION,
        Action.DESTROY_DOCUMENTS,
        Action.AUDIT_PLATFORMS,
        Action.ANSWER_PLATFORM_SURVEY,
        Action.REQUEST_CONSULT,
    }
)

# What each role may do. School-scoped roles hold these only for their own school.
GRANTS: dict[Role, frozenset[Action]] = {
    Role.TEACHER: frozenset(
        {Action.CHECK_COVERAGE, Action.SUBMIT_EXCEPTION, Action.REQUEST_CONSULT}
    ),
    Role.PRINCIPAL: frozenset(
        {
            Action.VIEW_STUDENT,
            Action.VIEW_CONSENT_DASHBOARD,
            Action.ISSUE_CONSENT,
            Action.COUNTERSIGN_CONSENT,
            Action.DESIGNATE_STAFF,
            Action.CHECK_COVERAGE,
            Action.SUBMIT_EXCEPTION,
            Action.ENDORSE_EXCEPTION,
            Action.ANSWER_PLATFORM_SURVEY,
            Action.REQUEST_CONSULT,
        }
    ),
    Role.ITS_REVIEWER: _ITS,
    Role.CIO: _ITS,
    Role.CEO_OFFICE: frozenset({Action.DECIDE_EXCEPTION, Action.REVOKE_EXCEPTION}),
    # Any employee who needs an exception asks for one; district-office staff see no students.
    Role.DISTRICT_STAFF: frozenset({Action.SUBMIT_EXCEPTION, Action.REQUEST_CONSULT}),
    Role.DEPARTMENT_HEAD: frozenset(
        {Action.SUBMIT_EXCEPTION, Action.ENDORSE_DISTRICT_EXCEPTION, Action.REQUEST_CONSULT}
    ),
    # Content editors keep the FAQ; they see no student data.
    Role.CONTENT_EDITOR: frozenset({Action.USE_ADMIN, Action.EDIT_FAQ}),
    Role.ADMINISTRATOR: frozenset(Action),
}


def _grants(user) -> list[tuple[str, int | None]]:
    """(role, school id) pairs the user holds, read once per request and kept on the user."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_aup_grants", None)
    if cached is None:
        cached = list(user.staff_roles.values_list("role", "school_id"))
        if user.is_superuser:
            cached.append((Role.ADMINISTRATOR, None))
        user._aup_grants = cached
    return cached


def _school_id_of(obj) -> int | None:
    if isinstance(obj, School):
        return obj.pk
    return getattr(obj, "school_id", None)


def can(user, action: Action | str, obj=None) -> bool:
    """May ``user`` do ``action``, to ``obj`` if given (else: anywhere at all)?"""
    action = Action(action)
    school_id = _school_id_of(obj) if obj is not None else None
    for role, role_school_id in _grants(user):
        if action not in GRANTS[Role(role)]:
            continue
        if role not in SCHOOL_SCOPED_ROLES or obj is None or role_school_id == school_id:
            return True
    return False


def role_for(user, action: Action | str, obj=None) -> Role | None:
    """The role through which ``user`` may do ``action`` (to ``obj``), for audit trails that
    record in which capacity someone acted; None when they may not."""
    action = Action(action)
    school_id = _school_id_of(obj) if obj is not None else None
    for role, role_school_id in _grants(user):
        if action not in GRANTS[Role(role)]:
            continue
        if role not in SCHOOL_SCOPED_ROLES or obj is None or role_school_id == school_id:
            return Role(role)
    return None


def schools_for(user, action: Action | str) -> QuerySet[School]:
    """The schools where ``user`` may do ``action``: every school for district roles."""
    action = Action(action)
    school_ids = set()
    for role, role_school_id in _grants(user):
        if action not in GRANTS[Role(role)]:
            continue
        if role not in SCHOOL_SCOPED_ROLES:
            return School.objects.all()
        school_ids.add(role_school_id)
    return School.objects.filter(pk__in=school_ids)
