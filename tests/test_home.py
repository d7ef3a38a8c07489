"""The home page: public routes for parents, students and staff; for signed-in staff, their
roles and the links those roles open."""

from html.parser import HTMLParser

import pytest

from tests.factories import UserFactory

VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"}

# The persona fixture picks its user fixture at run time, out of pytest-django's sight.
pytestmark = pytest.mark.django_db


class _ClassTexts(HTMLParser):
    """The visible text of every element that carries ``css_class``, in document order."""

    def __init__(self, css_class: str):
        super().__init__()
        self.css_class = css_class
        self.texts: list[str] = []
        self._open: list[int | None] = []  # per open element: its index in texts, or None

    def handle_starttag(self, tag, attrs):
        if tag in VOID_ELEMENTS:
            return
        classes = (dict(attrs).get("class") or "").split()
        if self.css_class in classes:
            self.texts.append("")
            self._open.append(len(self.texts) - 1)
        else:
            self._open.append(None)

    def handle_endtag(self, tag):
        if tag not in VOID_ELEMENTS and self._open:
            self._open.pop()

    def handle_data(self, data):
        for index in {i for i in self._open if i is not None}:
            self.texts[index] += data


def texts(response, css_class: str) -> list[str]:
    """The whitespace-normalised text of each element of ``css_class`` in the response."""
    parser = _ClassTexts(css_class)
    parser.feed(response.content.decode())
    return [" ".join(text.split()) for text in parser.texts]


ADMIN_LINK = "Administration Programs, FAQ content, platforms and the roster in the Django admin."
DASHBOARD_LINK = "Consent dashboard Issue texting-consent forms and follow your school's answers."
COUNTERSIGN_LINK = (
    "Countersign consents Give or refuse the principal's permission for safety meet-up texting."
)
CHECK_LINK = (
    "May I text this student? Check whether a student is covered by a consent before you text them."
)
EXCEPTIONS_LINK = "Exception requests Requests you made or must act on."
REVIEW_LINK = "Exceptions to review Vet requests that principals endorsed."
DECIDE_LINK = "Exceptions to decide Requests that ITS has vetted and await the CEO's decision."
PRINCIPAL_LINKS = [DASHBOARD_LINK, COUNTERSIGN_LINK, CHECK_LINK, EXCEPTIONS_LINK]
# Everyone's menu starts with these: home and the public FAQ pages.
PUBLIC_MENU = ["Home", "FAQ", "Ask a question", "Texting programs"]
PRINCIPAL_MENU = [
    *PUBLIC_MENU,
    "Consent dashboard",
    "Countersign consents",
    "May I text this student?",
    "Exception requests",
]
TEACHER_LINKS = [CHECK_LINK, EXCEPTIONS_LINK]
TEACHER_MENU = [*PUBLIC_MENU, "May I text this student?", "Exception requests"]
ITS_LINKS = [DASHBOARD_LINK, CHECK_LINK, REVIEW_LINK, ADMIN_LINK]
ITS_MENU = [
    *PUBLIC_MENU,
    "Consent dashboard",
    "May I text this student?",
    "Exceptions to review",
    "Administration",
]

# persona: (the role line, each role link's label and description, the menu)
EXPECTED = {
    "principal_a": (
        "Principal / school administrator at Northside Community Academy",
        PRINCIPAL_LINKS,
        PRINCIPAL_MENU,
    ),
    "principal_b": (
        "Principal / school administrator at Lakefront Magnet High School",
        PRINCIPAL_LINKS,
        PRINCIPAL_MENU,
    ),
    "teacher_a": (
        "Teacher or other school staff at Northside Community Academy",
        TEACHER_LINKS,
        TEACHER_MENU,
    ),
    "its_reviewer": ("ITS reviewer (Director of Information Security)", ITS_LINKS, ITS_MENU),
    "cio": ("Chief Information Officer", ITS_LINKS, ITS_MENU),
    "ceo_office": ("CEO's office", [DECIDE_LINK], [*PUBLIC_MENU, "Exceptions to decide"]),
    "content_editor": ("ITS content editor", [ADMIN_LINK], [*PUBLIC_MENU, "Administration"]),
    "administrator": (
        "Portal administrator",
        [*PRINCIPAL_LINKS, ADMIN_LINK],
        [*PRINCIPAL_MENU, "Administration"],
    ),
}


def test_home_signed_in_shows_role_and_school(client, persona):
    # Arrange
    name, user = persona
    client.force_login(user)

    # Act
    response = client.get("/")

    # Assert
    assert (response.status_code, texts(response, "role-list")) == (200, [EXPECTED[name][0]])


def test_home_signed_in_shows_links_of_role(client, persona):
    # Arrange
    name, user = persona
    client.force_login(user)

    # Act
    response = client.get("/")

    # Assert
    assert (texts(response, "list-group-item"), texts(response, "nav-link")) == EXPECTED[name][1:]


@pytest.mark.parametrize(
    ("user_fixture", "card"),
    [
        (
            "teacher_a",
            "Your work You are signed in as: "
            "Teacher or other school staff at Northside Community Academy "
            f"{CHECK_LINK} {EXCEPTIONS_LINK}",
        ),
        (
            "its_reviewer",
            "Your work You are signed in as: ITS reviewer (Director of Information Security) "
            f"{DASHBOARD_LINK} {CHECK_LINK} {REVIEW_LINK} {ADMIN_LINK}",
        ),
    ],
    ids=["teacher", "its"],
)
def test_home_signed_in_work_card_says_what_role_opens(client, request, user_fixture, card):
    # Arrange
    client.force_login(request.getfixturevalue(user_fixture))

    # Act
    response = client.get("/")

    # Assert
    assert texts(response, "card-body")[0] == card


def test_home_signed_in_link_opens_admin(client, its_reviewer):
    # Arrange
    client.force_login(its_reviewer)
    response = client.get("/")

    # Act
    admin = client.get("/admin/")

    # Assert
    assert (response.content.decode().count('href="/admin/"'), admin.status_code) == (2, 200)


def test_home_user_without_role_told_whom_to_ask(client):
    # Arrange
    client.force_login(UserFactory())

    # Act
    response = client.get("/")

    # Assert
    assert texts(response, "card-body")[0] == (
        "Your work Your account has no role in the portal yet. "
        "Ask the IT Service Desk (773-553-3925) to add one."
    )


def test_home_signed_in_hides_staff_sign_in(client, principal_a):
    # Arrange
    client.force_login(principal_a)

    # Act
    response = client.get("/")

    # Assert
    assert response.content.decode().count('href="/accounts/login/"') == 0


def test_home_anonymous_shows_audience_sections(client):
    # Act
    response = client.get("/")

    # Assert
    assert (response.status_code, texts(response, "card-title")) == (
        200,
        ["Parents and guardians", "Students", "Staff"],
    )
    assert (texts(response, "role-list"), texts(response, "list-group-item")) == ([], [])


def test_home_anonymous_links_to_staff_sign_in(client):
    # Act
    response = client.get("/")

    # Assert: in the menu and in the staff section (the other button searches the FAQ).
    assert (
        response.content.decode().count('href="/accounts/login/"'),
        texts(response, "btn-primary"),
    ) == (2, ["Search", "Staff sign-in"])


def test_home_anonymous_footer_shows_district_contacts(client):
    # Act
    response = client.get("/")

    # Assert
    assert texts(response, "portal-footer") == [
        "Need help? IT Service Desk: 773-553-3925 AUP guidance: aupguidelines@cps.edu "
        "Report a concern Student Protections Hotline: 773-535-4400 "
        "Office of Inspector General: 773-483-7283 "
        "Chicago Public Schools · Acceptable Use Policy Portal"
    ]


def test_home_footer_reads_contacts_from_settings(client, settings):
    # Arrange: another district's deployment.
    settings.DISTRICT = {
        "name": "Springfield District 186",
        "guidance_email": "aup@sd186.example.org",
        "service_desk_phone": "217-555-0100",
        "student_hotline_phone": "217-555-0101",
        "inspector_general_phone": "217-555-0102",
    }

    # Act
    response = client.get("/")

    # Assert
    assert texts(response, "portal-footer") == [
        "Need help? IT Service Desk: 217-555-0100 AUP guidance: aup@sd186.example.org "
        "Report a concern Student Protections Hotline: 217-555-0101 "
        "Office of Inspector General: 217-555-0102 "
        "Springfield District 186 · Acceptable Use Policy Portal"
    ]


def test_home_signed_in_query_count_fixed(client, persona, django_assert_num_queries):
    # Arrange
    _, user = persona
    client.force_login(user)

    # Act / Assert: session, user, roles for the links, roles shown with their schools, and
    # the session saved (a savepoint, the update, its release).
    with django_assert_num_queries(7):
        client.get("/")


def test_home_anonymous_query_count_zero(client, django_assert_num_queries):
    # Act / Assert
    with django_assert_num_queries(0):
        client.get("/")
