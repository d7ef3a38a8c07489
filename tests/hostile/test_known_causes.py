"""The nine inputs that once answered 500: each now gets a 4xx with a friendly page (or JSON
from the texting API), and what the person typed stays in the form."""

import pytest
from django.test import Client

from consent.models import ConsentRequest, IssueBatch
from consent.services.keys import texting_key_create
from tests.consent.conftest import make_link, standard_program, verify

pytestmark = pytest.mark.django_db


@pytest.fixture
def mother_token(frozen_today, family, school_year):
    student, mother, _father = family
    return make_link(
        student=student,
        guardian=mother,
        program=standard_program("bulk-alerts"),
        school_year=school_year,
    )[1]


def test_mistyped_code_at_the_short_address_gets_the_code_page(client):
    response = client.get("/consent/code/ABCD-EFGH-JK/")

    assert response.status_code == 400
    assert "We can&#x27;t find this code" in response.text
    assert 'value="ABCD-EFGH-JK"' in response.text


def test_malformed_code_at_the_short_address_gets_the_code_page(client):
    response = client.get("/consent/code/%3Cb%3E/")

    assert response.status_code == 400
    assert "<b>" not in response.text
    assert "A code has 10 letters and numbers" in response.text


@pytest.mark.parametrize(
    "url",
    ["/faq/?q=a%00b", "/consent/code/?x=%00", "/accounts/login/?next=/%00"],
)
def test_nul_byte_in_a_query_gets_the_friendly_400(client, url):
    response = client.get(url)

    assert response.status_code == 400
    assert "Something was wrong with that request" in response.text


def test_nul_byte_in_a_form_gets_the_friendly_400(client, db):
    response = client.post("/faq/ask/", {"message": "hello\x00", "role": "parent"})

    assert response.status_code == 400
    assert "Something was wrong with that request" in response.text


def test_nul_byte_sent_to_the_api_gets_json(client, db):
    response = client.get("/consent/api/v1/programs/bulk-alerts/covered?school=1%00")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"] == "bad_request"


def test_ask_form_email_too_long_for_the_inbox_is_refused_beside_the_field(client, db):
    email = "a" * 60 + "@" + ".".join(["b" * 60] * 4) + ".org"  # 310 characters, valid syntax

    response = client.post(
        "/faq/ask/",
        {"message": "Please reply.", "role": "parent", "wants_reply": "on", "email": email},
    )

    assert response.status_code == 200
    assert "Ensure this value has at most 254 characters" in response.text
    assert "Please reply." in response.text


def test_login_with_an_overlong_username_is_refused_beside_the_field(client, db):
    response = client.post("/accounts/login/", {"username": "u" * 300, "password": "x"})

    assert response.status_code == 200
    assert "Ensure this value has at most 150 characters" in response.text


def test_date_of_birth_with_a_huge_year_is_refused_beside_the_field(client, mother_token):
    response = client.post(
        f"/consent/sign/{mother_token}/", {"month": "5", "day": "17", "year": "99999999999"}
    )

    assert response.status_code == 200
    assert "99999999999" in response.text
    assert "Ensure this value is less than or equal to" in response.text


def test_superscript_digit_as_the_form_text_asks_to_read_again(client, mother_token):
    verify(client, mother_token)

    response = client.post(
        f"/consent/sign/{mother_token}/answer/",
        {
            "form_text": "²",
            "decision": "decline",
            "signer_name": "Rosa Lopez",
            "relationship": "mother",
            "esign_agreed": "on",
        },
    )

    assert response.status_code == 400
    assert "Please read the form again" in response.text


def test_superscript_digit_as_a_letters_part_gets_the_first_part(
    client, frozen_today, principal_a, family, school_year
):
    student, mother, _father = family
    program = standard_program("bulk-alerts")
    link, _token = make_link(
        student=student, guardian=mother, program=program, school_year=school_year
    )
    batch = IssueBatch.objects.create(
        program=program,
        school_year=school_year,
        school=student.school,
        issued_by=principal_a,
        scope="Whole school",
        issued_count=1,
    )
    ConsentRequest.objects.filter(pk=link.request_id).update(batch=batch)
    client.force_login(principal_a)

    response = client.get(f"/consent/batches/{batch.pk}/letters.pdf?everyone=1&part=²")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_disallowed_host_gets_400_not_500(db):
    client = Client(HTTP_HOST="evil.example")

    response = client.get("/")

    assert response.status_code == 400
    assert "Something was wrong with that request" in response.text


def test_texting_api_answers_json_for_an_unknown_path_and_method(client, db):
    _key, secret = texting_key_create(name="Bulk texting system", created_by=None)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}

    not_found = client.get("/consent/api/v1/no-such-thing", **auth)
    wrong_method = client.post("/consent/api/v1/programs/bulk-alerts/covered?school=1", **auth)

    assert (not_found.status_code, not_found["Content-Type"]) == (404, "application/json")
    assert (wrong_method.status_code, wrong_method["Content-Type"]) == (405, "application/json")
    assert not_found.json()["error"] == "not_found"
    assert wrong_method.json()["error"] == "method_not_allowed"
