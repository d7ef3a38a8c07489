"""The short code printed on a letter: typed at /consent/code/ in any case, with or without
dashes, it leads to the guardian's signing page; wrong codes are refused, then rate-limited."""

import pytest
from django.core.cache import cache

from consent import codes
from consent.models import ConsentLink
from consent.services.letters import consent_letters_print
from tests.consent.conftest import page_text


@pytest.fixture(autouse=True)
def fresh_counts():
    # Wrong tries are counted in the cache, which outlives a test in the same process.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def printed(mother_link, principal_a):
    """The mother's link after its letter was printed: (link, token, code)."""
    link, token = mother_link
    consent_letters_print(batch=_batch_for(link, principal_a), user=principal_a, everyone=True)
    link.refresh_from_db()
    return link, token, codes.link_code(link)


def _batch_for(link, user):
    from consent.models import IssueBatch

    request = link.request
    batch = IssueBatch.objects.create(
        program=request.program,
        school_year=request.school_year,
        school=request.school,
        issued_by=user,
        scope="Test",
    )
    request.batch = batch
    request.save(update_fields=["batch"])
    return batch


def test_code_is_ten_unambiguous_characters_shown_grouped(mother_link):
    link, _token = mother_link

    code = codes.link_code(link)

    assert len(code) == 10
    assert set(code) <= set(codes.ALPHABET)
    assert not set(code) & set("ILOU")
    assert codes.grouped(code) == f"{code[:4]}-{code[4:8]}-{code[8:]}"


def test_code_only_its_hash_is_stored(printed):
    link, _token, code = printed

    assert link.code_hash == codes.hash_code(code)
    assert ConsentLink.objects.filter(code_hash=code).count() == 0


@pytest.mark.parametrize(
    "typed",
    [
        "grouped",
        "plain",
        "lower",
        "spaced",
    ],
)
def test_code_page_accepts_the_code_in_any_shape(client, printed, typed):
    _link, token, code = printed
    shapes = {
        "grouped": codes.grouped(code),
        "plain": code,
        "lower": codes.grouped(code).lower(),
        "spaced": f" {code[:4]} {code[4:8]} {code[8:]} ",
    }

    response = client.post("/consent/code/", {"code": shapes[typed]})

    assert (response.status_code, response["Location"]) == (302, f"/consent/sign/{token}/")


def test_code_short_address_leads_to_the_signing_page(client, printed):
    _link, token, code = printed

    response = client.get(f"/consent/code/{codes.grouped(code)}/")

    assert (response.status_code, response["Location"]) == (302, f"/consent/sign/{token}/")


def test_code_page_is_public(client, db):  # db: the footer shows the Contact rows
    response = client.get("/consent/code/")

    assert response.status_code == 200
    assert "The code on your letter" in page_text(response)


def test_code_not_yet_printed_is_not_accepted(client, mother_link):
    link, _token = mother_link

    response = client.post("/consent/code/", {"code": codes.link_code(link)})

    assert response.status_code == 400
    assert "We can't find this code" in page_text(response)


def test_code_wrong_shows_message_and_keeps_input(client, printed):
    response = client.post("/consent/code/", {"code": "ZZZZ-ZZZZ-ZZ"})

    assert response.status_code == 400
    text = page_text(response)
    assert "We can't find this code" in text
    assert 'value="ZZZZ-ZZZZ-ZZ"' in text


@pytest.mark.parametrize("typed", ["", "abc", "ABCD-EFGH-JK-LM", "UUUU-UUUU-UU", "<script>"])
def test_code_malformed_is_refused_beside_the_field(client, db, typed):
    response = client.post("/consent/code/", {"code": typed})

    assert response.status_code == 400
    assert 'class="invalid-feedback"' in response.content.decode()


def test_code_wrong_tries_are_rate_limited_per_address(client, printed):
    _link, token, code = printed
    for number in range(codes.WRONG_TRIES_ALLOWED - 1):
        assert client.post("/consent/code/", {"code": f"ZZZZ-ZZZZ-{number:02d}"}).status_code == 400

    tenth = client.post("/consent/code/", {"code": "ZZZZ-ZZZZ-ZY"})
    right_code_now = client.post("/consent/code/", {"code": code})
    other_address = client.post("/consent/code/", {"code": code}, REMOTE_ADDR="198.51.100.7")

    assert tenth.status_code == 429
    assert "Too many codes that didn’t work" in page_text(tenth)
    assert right_code_now.status_code == 429
    assert tenth["Retry-After"] == str(15 * 60)
    assert (other_address.status_code, other_address["Location"]) == (
        302,
        f"/consent/sign/{token}/",
    )


def test_code_rate_limit_ends_after_fifteen_minutes(client, printed, frozen_today):
    _link, token, code = printed
    for number in range(codes.WRONG_TRIES_ALLOWED):
        client.post("/consent/code/", {"code": f"ZZZZ-ZZZZ-{number:02d}"})

    frozen_today.shift(15 * 60 + 1)
    response = client.post("/consent/code/", {"code": code})

    assert (response.status_code, response["Location"]) == (302, f"/consent/sign/{token}/")


def test_code_of_withdrawn_request_shows_the_friendly_page(client, printed):
    link, _token, code = printed
    link.request.status = "cancelled"
    link.request.save(update_fields=["status"])

    response = client.post("/consent/code/", {"code": code}, follow=True)

    assert response.status_code == 410
    assert "This request was withdrawn" in page_text(response)
