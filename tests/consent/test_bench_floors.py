"""The benchmark's floors (aup_portal/urls_bench.py, issue 15): the least a signing page and an
answer do, measured beside them. They must do that work, the link's guard included, and
make no record."""

import pytest
from django.db import connection

from consent.models import ConsentEvent, ConsentRecord, RequestStatus
from tests.consent.conftest import verify

pytestmark = [pytest.mark.django_db, pytest.mark.urls("aup_portal.urls_bench")]


def test_the_page_floor_reads_a_verified_link_and_refuses_others(client, mother_link):
    _link, token = mother_link
    response = client.get(f"/bench/floor/sign/{token}/")
    assert response.status_code == 302  # not verified yet: to the date of birth
    assert response["Location"] == f"/consent/sign/{token}/"
    verify(client, token)
    assert client.get(f"/bench/floor/sign/{token}/").content == b"ok"
    assert client.get(f"/bench/floor/sign/{'x' * 43}/").status_code == 404


def _row_version(request_id) -> int:
    # xmin: the transaction that wrote the row's current version.
    with connection.cursor() as cursor:
        cursor.execute("SELECT xmin::text FROM consent_consentrequest WHERE id = %s", [request_id])
        return int(cursor.fetchone()[0])


def test_the_answer_floor_writes_the_request_row_and_makes_no_record(client, mother_link):
    link, token = mother_link
    assert client.post(f"/bench/floor/sign/{token}/answer/").status_code == 302  # to verify
    assert (
        client.post(f"/bench/floor/sign/{token}/answer/")["Location"] == f"/consent/sign/{token}/"
    )
    verify(client, token)
    events = ConsentEvent.objects.filter(request=link.request).count()
    before = _row_version(link.request_id)

    response = client.post(f"/bench/floor/sign/{token}/answer/")

    assert response.status_code == 302
    assert response["Location"] == f"/bench/floor/sign/{token}/"
    assert _row_version(link.request_id) != before  # the row was written
    link.request.refresh_from_db()
    assert link.request.status == RequestStatus.OPEN
    assert not ConsentRecord.objects.filter(request=link.request).exists()
    assert ConsentEvent.objects.filter(request=link.request).count() == events
    assert client.get(f"/bench/floor/sign/{token}/answer/").status_code == 405
