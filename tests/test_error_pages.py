from django.template.loader import render_to_string
from django.test import Client


def test_unknown_page_gets_the_friendly_404(client, db):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "We can't find that page" in response.text
    assert "Traceback" not in response.text


def test_form_without_csrf_token_gets_the_friendly_403(db):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/accounts/login/", {"username": "x", "password": "y"})

    assert response.status_code == 403
    assert "Your form expired" in response.text


def test_server_error_page_renders_without_a_request_context():
    # Django renders 500.html with an empty context when something broke.
    html = render_to_string("500.html")

    assert "Something went wrong on our side" in html
