"""The home page's to-do counts for signed-in staff: what waits for them, each linking to
its list, in a fixed number of queries per role; visitors see none."""

import pytest
from django.utils import timezone

from consent.models import ConsentLink
from platforms.services.consults import consult_request
from tests.consent.conftest import make_link, standard_program
from tests.consent.test_staff_pages import granted_safety_consents
from tests.exceptions.conftest import draft, step
from tests.factories import GuardianFactory, StudentFactory, StudentGuardianFactory


@pytest.fixture
def work(school_a, school_b, school_year, teacher_a):
    """At school A: two consents awaiting countersignature, an exception request waiting for
    the principal, two unanswered requests, one of whose links locked. School B: nothing."""
    granted_safety_consents(school_a, standard_program("safety-meetup"), school_year, 2)
    step(draft(teacher_a, school_a), teacher_a, "submit")
    bulk = standard_program("bulk-alerts")
    for _ in range(2):
        student = StudentFactory(school=school_a, grade=10)
        guardian = StudentGuardianFactory(student=student, guardian=GuardianFactory()).guardian
        link, _token = make_link(
            student=student, guardian=guardian, program=bulk, school_year=school_year
        )
    ConsentLink.objects.filter(pk=link.pk).update(blocked_at=timezone.now())
    return school_a


def todo(client, user):
    client.force_login(user)
    response = client.get("/")
    return [(str(item["label"]), item["url"]) for item in response.context["todo"]]


def test_principal_sees_what_waits_at_their_school(client, principal_a, work):
    dashboard = f"/consent/?school={work.code}"

    assert todo(client, principal_a) == [
        ("2 consents await your countersignature", "/consent/countersign/"),
        ("1 exception request waits for you", "/exceptions/"),
        ("2 consent requests have no answer yet", dashboard),
        ("1 parent link locked and needs a new one", f"{dashboard}#locked-links"),
    ]


def test_other_principal_sees_nothing_of_school_a(client, principal_b, work):
    dashboard = f"/consent/?school={principal_b.staff_roles.get().school.code}"

    assert todo(client, principal_b) == [
        ("No consent awaits your countersignature", "/consent/countersign/"),
        ("No exception request waits for you", "/exceptions/"),
        ("Every consent request has an answer", dashboard),
        ("No parent link is locked", f"{dashboard}#locked-links"),
    ]


@pytest.mark.parametrize(
    ("persona_name", "expected"),
    [
        ("teacher_a", []),
        ("content_editor", []),
        # ITS and the CEO's office: the request still waits for the principal.
        (
            "its_reviewer",
            [
                ("No exception request waits for you", "/exceptions/"),
                ("No consult waits for an answer", "/platforms/consults/"),
            ],
        ),
        ("ceo_office", [("No exception request waits for you", "/exceptions/")]),
        (
            "administrator",
            [
                ("2 consents await your countersignature", "/consent/countersign/"),
                ("1 exception request waits for you", "/exceptions/"),
                ("No consult waits for an answer", "/platforms/consults/"),
            ],
        ),
    ],
)
def test_district_roles_and_teachers_see_their_own_counts(
    client, request, work, persona_name, expected
):
    assert todo(client, request.getfixturevalue(persona_name)) == expected


def test_the_page_shows_the_counts_as_links(client, principal_a, work):
    client.force_login(principal_a)

    page = client.get("/").content.decode()

    assert '<a href="/consent/countersign/">2 consents await your countersignature</a>' in page


def test_visitors_see_no_todo(client, work):
    response = client.get("/")

    assert (response.context["todo"], "Waiting for you" in response.content.decode()) == (
        [],
        False,
    )


# Session, user, roles for the links, roles shown with their schools, the contacts, the
# session saved (savepoint, update, release): 8; then one query per count shown, and the
# school years for the two school counts (a principal, while a school year is set up).
QUERIES = {
    "principal_a": 8 + 2 + 1 + 2,
    "principal_b": 8 + 2 + 1 + 2,
    "teacher_a": 8,
    "its_reviewer": 8 + 1 + 1,
    "cio": 8 + 1 + 1,
    "ceo_office": 8 + 1,
    "content_editor": 8,
    "administrator": 8 + 2 + 1,
}


@pytest.mark.parametrize("requests_made", [0, 1])
def test_home_query_count_is_fixed_per_role(
    client, persona, school_year, django_assert_num_queries, request, requests_made
):
    name, user = persona
    if requests_made:
        request.getfixturevalue("work")
    client.force_login(user)

    with django_assert_num_queries(QUERIES[name]):
        client.get("/")


def test_its_sees_the_consults_waiting_for_an_answer(client, its_reviewer, teacher_a):
    consult_request(
        user=teacher_a,
        product="Chatterly",
        vendor="Chatterly Inc",
        purpose="Club news",
        students=30,
        data_shared="Names",
    )
    client.force_login(its_reviewer)

    page = client.get("/").content.decode()

    assert "1 consult waits for an answer" in page
    assert 'href="/platforms/consults/"' in page
