"""The parent link's lookup runs as a prepared statement (aup_portal/prepared.py): planned once
per database connection, still right after a reconnect, a rolled-back transaction, or another
query under the same name."""

import pytest
from django.db import connection, transaction
from django.db.models.expressions import RawSQL
from django.test import Client
from django.test.utils import CaptureQueriesContext

from aup_portal.prepared import prepared
from consent.models import ConsentLink
from tests.consent.conftest import page_text, verify


def sent(context) -> list[str]:
    return [query["sql"] for query in context.captured_queries]


def executions(name: str) -> int | None:
    """How often this database session ran the prepared statement ``name`` (None: not
    prepared)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans + custom_plans FROM pg_prepared_statements WHERE name = %s",
            [name],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def test_signing_page_finds_its_link_through_the_prepared_statement(mother_link):
    # Arrange
    link, token = mother_link
    client = Client()
    client.get(f"/consent/sign/{token}/")
    before = executions("consent_link_by_token")

    # Act
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/consent/sign/{token}/")

    # Assert: one statement, prepared once, run once more by the second page.
    assert executions("consent_link_by_token") == before + 1
    assert sum(sql.startswith("EXECUTE consent_link_by_token(") for sql in sent(queries)) == 1
    assert response.status_code == 200
    assert link.request.student.first_name in page_text(response)


@pytest.mark.django_db(transaction=True)
def test_signing_works_again_on_a_new_connection(mother_link):
    # Arrange
    _link, token = mother_link
    client = Client()
    client.get(f"/consent/sign/{token}/")
    connection.close()  # a new session on the server: no prepared statements

    # Act
    response = verify(client, token)

    # Assert
    assert response.status_code == 302
    assert executions("consent_link_by_token") == 1


@pytest.mark.django_db(transaction=True)
def test_a_statement_prepared_in_a_rolled_back_transaction_still_runs(mother_link):
    # Arrange
    link, _token = mother_link
    query = ConsentLink.objects.filter(pk=link.pk)
    with pytest.raises(RuntimeError), transaction.atomic():
        with prepared("test_link"):
            assert list(query) == [link]
        raise RuntimeError("rolled back")

    # Act
    with CaptureQueriesContext(connection) as queries, prepared("test_link"):
        found = list(query.all())

    # Assert
    assert found == [link]
    assert [sql.split(" ")[0] for sql in sent(queries)] == ["EXECUTE"]


def test_another_query_under_the_same_name_replaces_it(mother_link):
    # Arrange
    link, _token = mother_link
    with prepared("test_link"):
        list(ConsentLink.objects.filter(pk=link.pk))

    # Act: other SQL, with a literal percent sign and two parameters.
    with prepared("test_link"):
        rows = list(
            ConsentLink.objects.filter(pk=link.pk, guardian=link.guardian)
            .annotate(share=RawSQL("'50%%'", []))
            .values_list("pk", "share")
        )

    # Assert
    assert rows == [(link.pk, "50%")]
