"""The Django admin: opened by roles (roster.access), not by is_staff; the roster is for
district ITS to look at and for administrators to change."""

import re

import pytest

from tests.factories import StudentFactory, UserFactory

# The persona fixture picks its user fixture at run time, out of pytest-django's sight.
pytestmark = pytest.mark.django_db

ADMIN_ROLES = ["its_reviewer", "cio", "content_editor", "administrator"]
NON_ADMIN_ROLES = ["principal_a", "teacher_a", "ceo_office"]


def roster_models_listed(response) -> list[str]:
    """The names of the roster models the admin index links to, in page order."""
    return re.findall(r'<a href="/admin/roster/\w+/">([^<]+)</a>', response.content.decode())


@pytest.mark.parametrize("user_fixture", ADMIN_ROLES)
def test_admin_index_open_to_admin_roles(client, request, user_fixture):
    # Arrange
    client.force_login(request.getfixturevalue(user_fixture))

    # Act
    response = client.get("/admin/")

    # Assert
    assert response.status_code == 200


@pytest.mark.parametrize("user_fixture", NON_ADMIN_ROLES)
def test_admin_index_other_roles_sent_home(client, request, user_fixture):
    # Arrange
    client.force_login(request.getfixturevalue(user_fixture))

    # Act
    response = client.get("/admin/", follow=True)

    # Assert
    assert (response.redirect_chain, response.status_code) == (
        [("/admin/login/?next=/admin/", 302), ("/", 302)],
        200,
    )


def test_admin_index_anonymous_ends_at_login(client):
    # Act
    response = client.get("/admin/", follow=True)

    # Assert
    assert (response.redirect_chain[-1], response.status_code) == (
        ("/accounts/login/?next=/admin/", 302),
        200,
    )


def test_admin_login_page_sends_signed_in_admin_to_index(client, its_reviewer):
    # Arrange
    client.force_login(its_reviewer)

    # Act
    response = client.get("/admin/login/?next=/admin/roster/student/")

    # Assert
    assert (response.status_code, response["Location"]) == (302, "/admin/roster/student/")


def test_admin_login_page_ignores_next_to_other_site(client, its_reviewer):
    # Arrange
    client.force_login(its_reviewer)

    # Act
    response = client.get("/admin/login/?next=https://evil.example.com/")

    # Assert
    assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_admin_title_names_portal(client, administrator):
    # Arrange
    client.force_login(administrator)

    # Act
    content = client.get("/admin/").content.decode()

    # Assert
    assert (
        re.search(r"<title>(.*?)</title>", content).group(1),
        re.search(r'<div id="site-name"><a href="/admin/">(.*?)</a></div>', content).group(1),
    ) == ("Administration | AUP Portal administration", "AUP Portal administration")


RECORD_LOG = "Student record accesses"
ROSTER_FILES = "Roster imports"
# Retention (roster/retention/admin.py): the review list, holds, rules, tombstones. The
# index lists models by name.
RETENTION = [
    "Document destructions",
    "Documents past retention (monthly review)",
    "Legal holds",
    "Retention rules",
]
ITS_ROSTER = ["Guardians", ROSTER_FILES, "School years", "Schools", RECORD_LOG, "Students"]


@pytest.mark.parametrize(
    ("user_fixture", "expected"),
    [
        ("its_reviewer", sorted([*RETENTION, *ITS_ROSTER])),
        ("cio", sorted([*RETENTION, *ITS_ROSTER])),
        ("content_editor", []),
        (
            "administrator",
            sorted([*RETENTION, *ITS_ROSTER, "Users"]),
        ),
    ],
)
def test_admin_index_lists_roster_models_of_role(client, request, user_fixture, expected):
    # Arrange
    client.force_login(request.getfixturevalue(user_fixture))

    # Act
    response = client.get("/admin/")

    # Assert
    assert roster_models_listed(response) == expected


def test_admin_index_has_no_groups(client):
    # Arrange: access comes from staff roles; Django's groups would be a second, unused one.
    # A superuser sees every page that Django's own permissions open.
    client.force_login(UserFactory(is_superuser=True))

    # Act
    response = client.get("/admin/")

    # Assert
    assert (response.status_code, response.content.decode().count("/admin/auth/group/")) == (200, 0)


# url: expected status per role, not following redirects (302: sent to log in, then home).
PAGE_STATUS = {
    "/admin/roster/student/": {
        "its_reviewer": 200,
        "cio": 200,
        "content_editor": 403,
        "administrator": 200,
        "principal_a": 302,
        "teacher_a": 302,
        "ceo_office": 302,
    },
    "/admin/roster/student/add/": {
        "its_reviewer": 403,
        "cio": 403,
        "content_editor": 403,
        "administrator": 200,
        "principal_a": 302,
        "teacher_a": 302,
        "ceo_office": 302,
    },
    "/admin/roster/guardian/": {
        "its_reviewer": 200,
        "cio": 200,
        "content_editor": 403,
        "administrator": 200,
        "principal_a": 302,
        "teacher_a": 302,
        "ceo_office": 302,
    },
    "/admin/roster/schoolyear/add/": {
        "its_reviewer": 403,
        "cio": 403,
        "content_editor": 403,
        "administrator": 200,
        "principal_a": 302,
        "teacher_a": 302,
        "ceo_office": 302,
    },
    "/admin/roster/user/": {
        "its_reviewer": 403,
        "cio": 403,
        "content_editor": 403,
        "administrator": 200,
        "principal_a": 302,
        "teacher_a": 302,
        "ceo_office": 302,
    },
}


@pytest.mark.parametrize(
    ("url", "user_fixture", "status"),
    [
        (url, role, status)
        for url, by_role in PAGE_STATUS.items()
        for role, status in by_role.items()
    ],
)
def test_admin_roster_page_status_by_role(client, request, url, user_fixture, status):
    # Arrange
    client.force_login(request.getfixturevalue(user_fixture))

    # Act
    response = client.get(url)

    # Assert
    assert response.status_code == status


def test_admin_student_change_page_read_only_for_its(client, its_reviewer, student_a):
    # Arrange
    client.force_login(its_reviewer)

    # Act
    response = client.post(
        f"/admin/roster/student/{student_a.pk}/change/",
        {"first_name": "Changed", "last_name": student_a.last_name},
    )

    # Assert
    student_a.refresh_from_db()
    assert (response.status_code, student_a.first_name == "Changed") == (403, False)


def test_admin_administrator_adds_student(client, administrator, school_a):
    # Arrange
    client.force_login(administrator)

    # Act
    response = client.post(
        "/admin/roster/student/add/",
        {
            "student_id": "70000001",
            "first_name": "Ana",
            "last_name": "Reyes",
            "date_of_birth": "2011-05-02",
            "grade": "9",
            "school": str(school_a.pk),
            "homeroom": "",
            "active": "on",
            "guardian_links-TOTAL_FORMS": "0",
            "guardian_links-INITIAL_FORMS": "0",
        },
    )

    # Assert
    assert (response.status_code, response["Location"]) == (302, "/admin/roster/student/")
    assert [str(student) for student in school_a.students.all()] == ["Ana Reyes (70000001)"]


@pytest.mark.parametrize("item_count", [1, 3])
def test_admin_student_changelist_query_count_fixed(
    client, administrator, item_count, django_assert_num_queries
):
    # Arrange: each student at a school of its own.
    StudentFactory.create_batch(item_count)
    client.force_login(administrator)

    # Act / Assert: session, user, roles, the school filter's choices, the count, the page of
    # students with their schools, and the session saved (a savepoint, the update, its release).
    with django_assert_num_queries(9):
        response = client.get("/admin/roster/student/")
    assert response.status_code == 200


# Evidence pages (roster.admin_access.ReadOnlyAdminMixin): even an administrator, who holds
# every role action, can look but not add.
READ_ONLY_MODELS = [
    "consent/consentrequest",
    "consent/consentrecord",
    "consent/issuebatch",
    "roster/recordaccess",
    "django_tasks_database/dbtaskresult",
]


@pytest.mark.parametrize("model", READ_ONLY_MODELS)
def test_admin_evidence_is_read_only_even_for_an_administrator(client, administrator, model):
    client.force_login(administrator)

    listing = client.get(f"/admin/{model}/")
    add = client.get(f"/admin/{model}/add/")

    assert (listing.status_code, add.status_code) == (200, 403)
    assert f'href="/admin/{model}/add/"' not in listing.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("its_reviewer", 200), ("cio", 200), ("administrator", 200), ("principal_a", 302)],
)
def test_its_sees_the_background_tasks_and_principals_do_not(client, request, persona, status):
    """Failing background work is visible to ITS, as are the live workers; a principal has
    no admin at all (sent to its sign-in)."""
    client.force_login(request.getfixturevalue(persona))

    tasks = client.get("/admin/django_tasks_database/dbtaskresult/?attention=needed")
    workers = client.get("/admin/background/workerheartbeat/")

    assert (tasks.status_code, workers.status_code) == (status, status)
