"""The parent-link guard on the steps after verification (answer, copy, withdraw): refused
until this browser has verified the child's date of birth, refused again after 30 idle
minutes, and a verification unlocks only its own link in its own session.

tests/consent/test_signing.py covers each step working after verification."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from consent.models import ConsentRecord, RequestStatus, Revocation
from consent.services.forms_text import current_form_text
from consent.services.signing import consent_sign
from roster.models import RecordAccess
from tests.consent.conftest import GRANT, make_link, page_text, verify

STEPS = ["answer", "copy", "withdraw"]


def form_text_pk(program):
    return program.form_texts.get(language="en", version=1).pk


def grant(link, program):
    """The guardian's grant, signed through the service as another browser would have."""
    record, _created = consent_sign(
        link=link,
        form_text=current_form_text(program),
        decision="grant",
        signer_name=link.guardian.full_name,
        relationship="mother",
        student_mobile="773-555-0142",
        esign_agreed=True,
        ip="127.0.0.1",
    )
    return record


def take(client, step, token, program):
    """Takes one step after verification, as the page's form or link does."""
    if step == "answer":
        return client.post(
            reverse("consent:sign_decide", args=[token]),
            {"form_text": form_text_pk(program), **GRANT},
        )
    if step == "copy":
        return client.get(reverse("consent:sign_copy", args=[token]))
    return client.post(
        reverse("consent:sign_withdraw", args=[token]),
        {"reason": "no_longer_wanted", "details": "New number"},
    )


def written():
    """What the three steps write: a record, a revocation, a logged download."""
    return (
        ConsentRecord.objects.count(),
        Revocation.objects.count(),
        RecordAccess.objects.count(),
    )


def arrange(step, link, program):
    """Answer needs an open request; copy and withdraw need a grant to act on."""
    if step != "answer":
        grant(link, program)
    return written()


def assert_sent_to_step_one(response, client, token):
    assert response.status_code == 302
    assert response["Location"] == reverse("consent:sign", args=[token])
    page = page_text(client.get(response["Location"]))
    assert "confirm your child's date of birth again" in page
    assert "Maya's date of birth" in page


@pytest.mark.parametrize("step", STEPS)
def test_guard_step_before_verification_is_sent_to_step_one_and_writes_nothing(
    client, mother_link, bulk_alerts, step
):
    # Arrange
    link, token = mother_link
    before = arrange(step, link, bulk_alerts)

    # Act
    response = take(client, step, token, bulk_alerts)

    # Assert
    assert_sent_to_step_one(response, client, token)
    assert written() == before


@pytest.mark.parametrize("step", STEPS)
def test_guard_step_after_30_idle_minutes_is_sent_to_step_one_and_writes_nothing(
    client, mother_link, bulk_alerts, frozen_today, step
):
    # Arrange
    link, token = mother_link
    before = arrange(step, link, bulk_alerts)
    verify(client, token)
    frozen_today.shift(datetime.timedelta(minutes=31))

    # Act
    response = take(client, step, token, bulk_alerts)

    # Assert
    assert_sent_to_step_one(response, client, token)
    assert written() == before


def test_guard_each_step_restarts_the_idle_timeout(client, mother_link, bulk_alerts, frozen_today):
    # Arrange: 29 idle minutes, a step, 29 more: 58 minutes since verification, never 30 idle.
    link, token = mother_link
    grant(link, bulk_alerts)
    verify(client, token)
    frozen_today.shift(datetime.timedelta(minutes=29))
    first = take(client, "copy", token, bulk_alerts)
    frozen_today.shift(datetime.timedelta(minutes=29))

    # Act
    second = take(client, "copy", token, bulk_alerts)

    # Assert
    assert (first.status_code, second.status_code) == (200, 200)
    assert RecordAccess.objects.count() == 2


@pytest.mark.parametrize("step", STEPS)
def test_guard_verified_link_does_not_unlock_another_link_in_the_same_browser(
    client, family, mother_link, bulk_alerts, school_year, step
):
    # Arrange: the mother verified her link here; the father's link is another link.
    student, _mother, father = family
    _mother_link, mother_token = mother_link
    father_link, father_token = make_link(
        student=student, guardian=father, program=bulk_alerts, school_year=school_year
    )
    before = arrange(step, father_link, bulk_alerts)
    verify(client, mother_token)

    # Act
    response = take(client, step, father_token, bulk_alerts)

    # Assert
    assert_sent_to_step_one(response, client, father_token)
    assert written() == before


@pytest.mark.parametrize("step", STEPS)
def test_guard_verified_link_does_not_unlock_it_in_another_browser(
    client, mother_link, bulk_alerts, step
):
    # Arrange
    link, token = mother_link
    before = arrange(step, link, bulk_alerts)
    verify(client, token)
    other = Client()

    # Act
    response = take(other, step, token, bulk_alerts)

    # Assert
    assert_sent_to_step_one(response, other, token)
    assert written() == before


def test_guard_session_from_before_verification_is_not_unlocked(client, mother_link, bulk_alerts):
    # Arrange: someone who planted a session cookie in the parent's browser keeps a copy.
    link, token = mother_link
    grant(link, bulk_alerts)
    client.get(reverse("consent:sign", args=[token]))
    client.session.save()
    planted = client.cookies["sessionid"].value
    verify(client, token)
    attacker = Client()
    attacker.cookies["sessionid"] = planted

    # Act
    response = take(attacker, "copy", token, bulk_alerts)

    # Assert
    assert client.cookies["sessionid"].value != planted
    assert take(client, "copy", token, bulk_alerts).status_code == 200
    assert response.status_code == 302
    assert RecordAccess.objects.count() == 1  # the parent's download only


@pytest.mark.parametrize("step", STEPS)
def test_guard_unknown_token_gets_the_friendly_page(client, db, step, bulk_alerts):
    response = take(client, step, "x" * 43, bulk_alerts)

    assert response.status_code == 404
    assert "This link doesn't work" in page_text(response)


@pytest.mark.parametrize("step", STEPS)
def test_guard_request_withdrawn_by_the_school_after_verification_is_refused(
    client, mother_link, bulk_alerts, step
):
    # Arrange
    link, token = mother_link
    before = arrange(step, link, bulk_alerts)
    verify(client, token)
    link.request.status = RequestStatus.CANCELLED
    link.request.save()

    # Act
    response = take(client, step, token, bulk_alerts)

    # Assert
    assert response.status_code == 410
    assert "This request was withdrawn" in page_text(response)
    assert written() == before
