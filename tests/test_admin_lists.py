"""The admin's big lists at district scale (aup_portal.admin_lists): a fixed number of
queries whatever the rows, no count of a whole table, searches on one indexed column (a
student ID exactly, a name by substring), the indexes the lists' orders need, and JIT off."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consent.models import ConsentFormText, ConsentRecord, ConsentRequest, TextingProgram
from roster.admin import SystemFilter
from roster.models import AccessPurpose, RecordAccess
from tests.factories import GuardianFactory, SchoolYearFactory, StudentFactory, UserFactory

pytestmark = pytest.mark.django_db

BIG_LISTS = {
    "/admin/consent/consentrequest/": "consent_consentrequest",
    "/admin/consent/consentrecord/": "consent_consentrecord",
    "/admin/roster/recordaccess/": "roster_recordaccess",
    "/admin/roster/student/": "roster_student",
    "/admin/roster/guardian/": "roster_guardian",
}


def signed_requests(count: int, *, last_names=None, student_ids=None) -> list[ConsentRequest]:
    """``count`` students, each at a school of its own, with a guardian, a signed request
    and one access row of their record."""
    program = TextingProgram.objects.get(slug="bulk-alerts")
    form_text = ConsentFormText.objects.filter(program=program, language="en").latest("version")
    school_year = SchoolYearFactory()
    user = UserFactory()
    requests = []
    for index in range(count):
        student = StudentFactory(
            **({"last_name": last_names[index]} if last_names else {}),
            **({"student_id": student_ids[index]} if student_ids else {}),
        )
        guardian = GuardianFactory(last_name=student.last_name)
        request = ConsentRequest.objects.create(
            program=program,
            school_year=school_year,
            student=student,
            school=student.school,
            status="signed",
        )
        ConsentRecord.objects.create(
            request=request,
            guardian=guardian,
            decision="decline",
            signer_name=f"{guardian.first_name} {guardian.last_name}",
            relationship="mother",
            form_text=form_text,
            esign_agreed=True,
            signed_at=timezone.now(),
            canonical="{}",
            sha256="0" * 64,
        )
        RecordAccess.objects.create(
            student=student, user=user, action="viewed", purpose=AccessPurpose.RECORDS_REVIEW
        )
        requests.append(request)
    return requests


# Session, user, roles; the list's own queries (filters' choices, the count, the page); the
# session saved (a savepoint, the update, its release). The same for 1 row as for 3.
QUERIES = {
    "/admin/consent/consentrequest/": 10,
    "/admin/consent/consentrecord/": 9,
    "/admin/roster/recordaccess/": 10,
    "/admin/roster/student/": 9,
    "/admin/roster/guardian/": 8,
}


@pytest.mark.parametrize("row_count", [1, 3])
@pytest.mark.parametrize("url", list(QUERIES))
def test_big_list_query_count_fixed(
    client, administrator, url, row_count, django_assert_num_queries
):
    # Arrange
    signed_requests(row_count)
    client.force_login(administrator)

    # Act / Assert
    with django_assert_num_queries(QUERIES[url]):
        response = client.get(url)
    assert (response.status_code, response.context["cl"].result_count) == (200, row_count)


@pytest.mark.parametrize("url", list(BIG_LISTS))
def test_big_list_does_not_count_its_whole_table(client, administrator, url):
    # Arrange
    signed_requests(2)
    client.force_login(administrator)

    # Act
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)

    # Assert: Django's own count of the table (an unfiltered "SELECT COUNT(*) ... FROM t")
    # is never run; the count comes from the estimate's query.
    table = BIG_LISTS[url]
    whole_counts = [
        query["sql"]
        for query in queries.captured_queries
        if re.match(rf'SELECT COUNT\(\*\) AS "__count" FROM "{table}"\s*$', query["sql"])  # noqa: S608
    ]
    assert (response.status_code, whole_counts) == (200, [])


def test_big_list_gives_the_estimate_for_a_big_table(client, administrator, settings):
    # Arrange: the planner's statistics say 3 rows; 2 more are added after them, and any
    # table is "big" from 0 rows on.
    settings.ADMIN_ESTIMATE_COUNT_ABOVE = 0
    signed_requests(3)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE consent_consentrequest")
    signed_requests(2)
    client.force_login(administrator)

    # Act
    response = client.get("/admin/consent/consentrequest/")

    # Assert: the estimate, not a count of the 5 rows; a filtered list counts its rows.
    filtered = client.get("/admin/consent/consentrequest/?status__exact=signed")
    assert (response.context["cl"].result_count, filtered.context["cl"].result_count) == (3, 5)


def test_filtered_big_list_counts_only_up_to_its_limit(client, administrator, settings):
    # Arrange
    settings.ADMIN_COUNT_LIMIT = 2
    signed_requests(4)
    client.force_login(administrator)

    # Act
    response = client.get("/admin/consent/consentrequest/?status__exact=signed")

    # Assert: counted to the limit and one past it, no further.
    assert (response.status_code, response.context["cl"].result_count) == (200, 3)


SEARCHES = [
    # A student ID finds exactly that student, not IDs that contain it.
    ("/admin/consent/consentrequest/", "70000123", ["70000123"]),
    ("/admin/consent/consentrecord/", "70000123", ["70000123"]),
    ("/admin/roster/recordaccess/", "70000123", ["70000123"]),
    ("/admin/roster/student/", "70000123", ["70000123"]),
    # A few digits (the autocomplete while an ID is typed): the IDs that start with them.
    ("/admin/roster/student/", "70001", ["70001234"]),
    # A name by substring, any case: the student's last name (the signer's for records).
    ("/admin/consent/consentrequest/", "kowal", ["70000123", "70001234"]),
    ("/admin/consent/consentrecord/", "KOWAL", ["70000123", "70001234"]),
    ("/admin/roster/recordaccess/", "Kowal", ["70000123", "70001234"]),
    ("/admin/roster/student/", "owalsk", ["70000123", "70001234"]),
]


def student_id_of(row) -> str:
    for path in ("student", "request.student"):
        obj = row
        for name in path.split("."):
            obj = getattr(obj, name, None)
        if obj is not None:
            return obj.student_id
    return row.student_id


@pytest.mark.parametrize(("url", "term", "expected"), SEARCHES)
def test_big_list_search_finds_the_right_rows(client, administrator, url, term, expected):
    # Arrange
    signed_requests(
        4,
        last_names=["Kowalski", "Reyes", "Kowalska", "Nguyen"],
        student_ids=["70000123", "70000124", "70001234", "170000123"],
    )
    client.force_login(administrator)

    # Act
    response = client.get(url, {"q": term})

    # Assert
    found = sorted(student_id_of(row) for row in response.context["cl"].result_list)
    assert (response.status_code, found) == (200, expected)


def test_guardian_search_by_last_name_or_exact_email(client, administrator):
    # Arrange
    GuardianFactory(last_name="Kowalski", email="ann@example.com")
    GuardianFactory(last_name="Reyes", email="luis@example.com")
    GuardianFactory(last_name="Ng", email="ann@example.com.mx")
    client.force_login(administrator)

    # Act
    by_name = client.get("/admin/roster/guardian/", {"q": "owals"})
    by_email = client.get("/admin/roster/guardian/", {"q": "ANN@example.com"})

    # Assert
    assert (
        [g.last_name for g in by_name.context["cl"].result_list],
        [g.last_name for g in by_email.context["cl"].result_list],
    ) == (["Kowalski"], ["Kowalski"])


def test_record_access_search_by_username_and_system_filter(client, administrator):
    # Arrange
    student = StudentFactory()
    reader = UserFactory(username="mreyes")
    RecordAccess.objects.create(
        student=student, user=reader, action="viewed", purpose=AccessPurpose.RECORDS_REVIEW
    )
    RecordAccess.objects.create(
        student=student, user=administrator, action="viewed", purpose=AccessPurpose.RECORDS_REVIEW
    )
    for system in ["District alerts", "Bus app", "District alerts"]:
        RecordAccess.objects.create(
            student=student, system=system, action="read", purpose=AccessPurpose.RECORDS_REVIEW
        )
    client.force_login(administrator)

    # Act
    by_user = client.get("/admin/roster/recordaccess/", {"q": "mreyes"})
    by_system = client.get("/admin/roster/recordaccess/", {"system": "District alerts"})

    # Assert: the sidebar names each system once, in order.
    choices = [
        choice["display"]
        for spec in by_system.context["cl"].filter_specs
        if isinstance(spec, SystemFilter)
        for choice in spec.choices(by_system.context["cl"])
    ]
    assert (
        [access.user for access in by_user.context["cl"].result_list],
        [access.system for access in by_system.context["cl"].result_list],
        choices,
    ) == ([reader], ["District alerts", "District alerts"], ["All", "Bus app", "District alerts"])


LIST_INDEXES = {
    "consentrequest_admin_list": "(created_at DESC, id DESC)",
    "consentrecord_admin_list": "(signed_at DESC, id DESC)",
    "recordaccess_admin_list": "(at DESC, id DESC)",
    "exceptionrequest_admin_list": "(created_at DESC, id DESC)",
    "student_admin_list": "(last_name, first_name, id DESC)",
    "guardian_admin_list": "(last_name, first_name, id DESC)",
    "recordaccess_system": "(system) WHERE",
    "student_last_name_trgm": "gin (upper((last_name)::text) gin_trgm_ops)",
    "guardian_last_name_trgm": "gin (upper((last_name)::text) gin_trgm_ops)",
    "guardian_email_upper": "(upper((email)::text))",
    "consentrecord_signer_name_trgm": "gin (upper((signer_name)::text) gin_trgm_ops)",
}


def test_admin_list_indexes_exist():
    # Act
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY(%s)",
            [list(LIST_INDEXES)],
        )
        found = dict(cursor.fetchall())

    # Assert
    assert {
        name: LIST_INDEXES[name] in found.get(name, "") for name in LIST_INDEXES
    } == dict.fromkeys(LIST_INDEXES, True)


def test_portal_connections_run_without_jit():
    # Act
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        jit = cursor.fetchone()[0]

    # Assert
    assert jit == "off"


def test_student_autocomplete_searches_the_same_way(client, administrator):
    # Arrange: the guardian's page picks students with an autocomplete widget.
    kowalski = StudentFactory(last_name="Kowalski", student_id="70001234")
    reyes = StudentFactory(last_name="Reyes", student_id="70009999")
    client.force_login(administrator)
    url = "/admin/autocomplete/"
    field = {"app_label": "roster", "model_name": "studentguardian", "field_name": "student"}

    # Act
    by_name = client.get(url, {**field, "term": "kowal"}).json()["results"]
    by_digits = client.get(url, {**field, "term": "700099"}).json()["results"]

    # Assert
    assert ([row["id"] for row in by_name], [row["id"] for row in by_digits]) == (
        [str(kowalski.pk)],
        [str(reyes.pk)],
    )


@pytest.mark.parametrize("row_count", [1, 3])
def test_name_search_sorts_its_own_rows_before_fetching_related_ones(
    client, administrator, row_count
):
    # Arrange: a common name matches many signed records; the page's related rows (request,
    # student, program, year) come after the page is cut, in a fixed number of queries.
    signed_requests(row_count, last_names=["Garcia"] * row_count)
    client.force_login(administrator)
    client.get("/admin/consent/consentrecord/")  # the session saved once

    # Act
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/admin/consent/consentrecord/?q=garcia")

    # Assert
    page = [q["sql"] for q in queries.captured_queries if "ORDER BY" in q["sql"]]
    listed = next(sql for sql in page if 'FROM "consent_consentrecord"' in sql)
    assert (response.status_code, response.context["cl"].result_count) == (200, row_count)
    assert "JOIN" not in listed
    assert len(queries) == 10
    with CaptureQueriesContext(connection) as later:
        names = [r.request.student.last_name for r in response.context["cl"].result_list]
    assert (names, len(later)) == (["Garcia"] * row_count, 0)
