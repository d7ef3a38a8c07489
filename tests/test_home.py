"""The home page: public routes for parents, students and staff; for signed-in staff, their
roles and the links those roles open."""

from html.parser import HTMLParser

import pytest

from faq.models import Contact
from tests.factories import UserFactory
from tests.test_home_todo import QUERIES

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


ADMIN_LINK = "Administration Programs, FAQ content and the roster in the Django admin."
DASHBOARD_LINK = "Consent dashboard Issue texting-consent forms and follow your school's answers."
COUNTERSIGN_LINK = (
    "Countersign consents Give or refuse the principal's permission for safety meet-up texting."
)
CHECK_LINK = (
    "May I text this student? Check whether a student is covered by a consent before you text them."
)
DESIGNATE_LINK = (
    "Designated staff Name the staff who may text students for an activity, such as a"
    " safety meet-up."
)
EXCEPTIONS_LINK = "Exception requests Requests you made or must act on."
REVIEW_LINK = "Exceptions to review Vet requests that principals endorsed."
DECIDE_LINK = "Exceptions to decide Requests that ITS has vetted and await the CEO's decision."
SURVEY_LINK = (
    "Platform survey The messaging tools each school uses, listed for ITS's security review."
)
CONSULTS_LINK = "Consults Answer staff who ask ITS before buying a messaging tool."
ASK_ITS_LINK = (
    "Ask ITS before buying Request an AUP consult before buying a messaging tool, and read"
    " ITS's answer."
)
PLATFORMS_LINK = "Platforms Messaging platforms: audits, remediation plans and schools' moves."
SCHOOL_PLATFORMS_LINK = (
    "Messaging platforms The messaging tools your school uses, and any ITS asks you to move off."
)
PRINCIPAL_LINKS = [
    DASHBOARD_LINK,
    COUNTERSIGN_LINK,
    CHECK_LINK,
    DESIGNATE_LINK,
    EXCEPTIONS_LINK,
    SCHOOL_PLATFORMS_LINK,
    SURVEY_LINK,
    ASK_ITS_LINK,
]
# The menu: home, the public pages in a "Guidance" dropdown, then one dropdown per group of
# the role's pages (a group of one is a plain link). (top-level entries, dropdown entries)
PUBLIC_MENU = ["FAQ", "Ask a question", "Texting programs", "Approved platforms"]
CONSENT_MENU = [
    "Consent dashboard",
    "Countersign consents",
    "May I text this student?",
    "Designated staff",
]
PRINCIPAL_MENU = (
    ["Home", "Guidance", "Consent", "Exception requests", "Platforms"],
    [
        *PUBLIC_MENU,
        *CONSENT_MENU,
        "Messaging platforms",
        "Platform survey",
        "Ask ITS before buying",
    ],
)
TEACHER_LINKS = [CHECK_LINK, EXCEPTIONS_LINK, ASK_ITS_LINK]
TEACHER_MENU = (
    ["Home", "Guidance", "May I text this student?", "Exception requests", "Ask ITS before buying"],
    PUBLIC_MENU,
)
ITS_LINKS = [
    DASHBOARD_LINK,
    CHECK_LINK,
    DESIGNATE_LINK,
    REVIEW_LINK,
    PLATFORMS_LINK,
    SURVEY_LINK,
    CONSULTS_LINK,
    ADMIN_LINK,
]
ITS_MENU = (
    ["Home", "Guidance", "Consent", "Exceptions to review", "Platforms", "Administration"],
    [
        *PUBLIC_MENU,
        "Consent dashboard",
        "May I text this student?",
        "Designated staff",
        "Platforms",
        "Platform survey",
        "Consults",
    ],
)

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
    "ceo_office": (
        "CEO's office",
        [DECIDE_LINK],
        (["Home", "Guidance", "Exceptions to decide"], PUBLIC_MENU),
    ),
    "content_editor": (
        "ITS content editor",
        [ADMIN_LINK],
        (["Home", "Guidance", "Administration"], PUBLIC_MENU),
    ),
    "administrator": (
        "Portal administrator",
        [*PRINCIPAL_LINKS[:5], PLATFORMS_LINK, SURVEY_LINK, CONSULTS_LINK, ADMIN_LINK],
        (
            ["Home", "Guidance", "Consent", "Exception requests", "Platforms", "Administration"],
            [*PUBLIC_MENU, *CONSENT_MENU, "Platforms", "Platform survey", "Consults"],
        ),
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
    menu = (texts(response, "nav-link"), texts(response, "dropdown-item"))
    assert (texts(response, "list-group-item-action"), menu) == EXPECTED[name][1:]


@pytest.mark.parametrize(
    ("user_fixture", "card"),
    [
        (
            "teacher_a",
            "Your work You are signed in as: "
            "Teacher or other school staff at Northside Community Academy "
            f"{CHECK_LINK} {EXCEPTIONS_LINK} {ASK_ITS_LINK}",
        ),
        (
            "its_reviewer",
            "Your work You are signed in as: ITS reviewer (Director of Information Security) "
            "Waiting for you No exception request waits for you No consult waits for an answer "
            f"{DASHBOARD_LINK} {CHECK_LINK} {DESIGNATE_LINK} {REVIEW_LINK} {PLATFORMS_LINK} "
            f"{SURVEY_LINK} {CONSULTS_LINK} {ADMIN_LINK}",
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
        "Ask the IT Service Desk to add one (773-553-3925)."
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


FOOTER = (
    "Need help or want to report a concern? Student Protections Hotline: 773-535-4400 "
    "Office of Inspector General: 773-483-7283 IT Service Desk: 773-553-3925 "
    "AUP guidance mailbox: aupguidelines@cps.edu "
    "Chicago Public Schools · Acceptable Use Policy Portal"
)


def test_home_anonymous_footer_shows_district_contacts(client):
    # Act
    response = client.get("/")

    # Assert
    assert texts(response, "portal-footer") == [FOOTER]


def test_home_footer_reads_contacts_from_the_contact_rows(client):
    # Arrange: an editor changes a number and retires a contact in the admin.
    Contact.objects.filter(key="hotline").update(value="773-555-0101")
    Contact.objects.filter(key="aup_mailbox").update(active=False)

    # Act
    response = client.get("/")

    # Assert
    assert texts(response, "portal-footer") == [
        "Need help or want to report a concern? Student Protections Hotline: 773-555-0101 "
        "Office of Inspector General: 773-483-7283 IT Service Desk: 773-553-3925 "
        "Chicago Public Schools · Acceptable Use Policy Portal"
    ]


def test_home_students_card_gives_the_district_faq_advice(client):
    # Act
    response = client.get("/")

    # Assert: an adult's message goes to the parent and principal, or to the OIG; another
    # student's to the principal or a trusted adult, or to the hotline (the district's FAQ).
    assert texts(response, "students-adult") == [
        "If a staff member or another adult sends you an inappropriate message, tell your "
        "parent or guardian and your principal or a school administrator right away, and show "
        "them the message if you can; or call the Office of Inspector General (OIG) "
        "773-483-7283."
    ]
    assert texts(response, "students-student") == [
        "If another student threatens, harasses or bullies you online, tell your principal, a "
        "school administrator or a trusted adult, and show them the message if you can; you "
        "can also call the Student Protections Hotline 773-535-4400."
    ]


def test_home_cards_follow_contact_edits(client):
    # Arrange
    Contact.objects.filter(key="oig").update(value="773-555-0199")

    # Act
    response = client.get("/")

    # Assert
    page = response.content.decode()
    assert ('href="tel:7735550199">773-555-0199</a>' in page, "773-483-7283" in page) == (
        True,
        False,
    )


def test_home_signed_in_query_count_fixed(client, persona, school_year, django_assert_num_queries):
    # Arrange
    name, user = persona
    client.force_login(user)

    # Act / Assert: session, user, roles for the links, roles shown with their schools, the
    # contacts, the session saved (a savepoint, the update, its release), and the to-do
    # counts of the role (tests/test_home_todo.py).
    with django_assert_num_queries(QUERIES[name]):
        client.get("/")


def test_home_anonymous_query_count_one(client, django_assert_num_queries):
    # Act / Assert: the contacts that the cards and the footer show.
    with django_assert_num_queries(1):
        client.get("/")
