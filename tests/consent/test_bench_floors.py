"""The benchmark's floors (aup_portal/urls_bench.py, issue 15): the least a signing page and an
answer do, measured beside them. They must do that work, the link's guard included, and
make no record."""

import pytest

from consent.models import ConsentEvent, ConsentRecord, RequestStatus
from tests.consent.conftest import verify

pytestmark = [pytest.mark.django_db, pytest.mark.urls("aup_portal.urls_bench")]


def test_the_page_floor_reads_a_verified_link_and_refuses_others(client, mother_link):
    _link, token = mother_link
    assert client.get(f"/bench/floor/sign/{token}/").status_code == 403  # not verified yet
    verify(client, token)
    assert client.get(f"/bench/floor/sign/{token}/").status_code == 200
    assert client.get(f"/bench/floor/sign/{'x' * 43}/").status_code == 403


def test_the_answer_floor_writes_the_request_row_and_makes_no_record(client, mother_link):
    link, token = mother_link
    assert client.post(f"/bench/floor/sign/{token}/answer/").status_code == 403
    verify(client, token)
    events = ConsentEvent.objects.filter(request=link.request).count()
    response = client.post(f"/bench/floor/sign/{token}/answer/")
    assert response.status_code == 302
    assert response["Location"] == f"/bench/floor/sign/{token}/"
    link.request.refresh_from_db()
    assert link.request.status == RequestStatus.OPEN
    assert not ConsentRecord.objects.filter(request=link.request).exists()
    assert ConsentEvent.objects.filter(request=link.request).count() == events
    assert client.get(f"/bench/floor/sign/{token}/answer/").status_code == 405
