"""The date-of-birth check escalates: each run of five wrong answers in a row pauses the link
longer (15 minutes, 1 hour, 24 hours); the next run locks it until the school sends a new
link, and the school's principal is told by email and on the dashboard and student record.
Waiting out a pause does not reset the count; a right answer does."""

import datetime

import pytest

from consent.links import link_token
from consent.models import ConsentEvent, ConsentLink
from tests.consent.conftest import make_link, page_text, verify

WRONG = datetime.date(2011, 1, 1)


def wrong_answers(client, token, count):
    return [verify(client, token, WRONG) for _ in range(count)][-1]


def kinds(link):
    return list(ConsentEvent.objects.filter(request=link.request).values_list("kind", flat=True))


@pytest.fixture
def locked(
    client, mother_link, frozen_today, principal_a, mailoutbox, django_capture_on_commit_callbacks
):
    """The mother's link after four runs of wrong answers, each pause waited out (the
    background work it queues runs)."""
    link, token = mother_link
    for pause in [15, 60, 24 * 60]:
        wrong_answers(client, token, 5)
        frozen_today.shift(datetime.timedelta(minutes=pause + 1))
    with django_capture_on_commit_callbacks(execute=True):
        response = wrong_answers(client, token, 5)
    link.refresh_from_db()
    return link, token, response


def test_escalation_pauses_grow_then_the_link_locks(client, mother_link, frozen_today):
    link, token = mother_link
    seen = []
    for pause in [15, 60, 24 * 60]:
        paused = wrong_answers(client, token, 5)
        frozen_today.shift(datetime.timedelta(minutes=pause - 1))
        still = verify(client, token)  # even the right answer waits out the pause
        frozen_today.shift(datetime.timedelta(minutes=2))
        seen.append((paused.status_code, still.status_code, _heading(paused)))

    locked = wrong_answers(client, token, 5)
    frozen_today.shift(datetime.timedelta(days=30))
    right_much_later = verify(client, token)

    assert seen == [
        (429, 429, "This link is paused for 15 minutes"),
        (429, 429, "This link is paused for 1 hour"),
        (429, 429, "This link is paused for 24 hours"),
    ]
    assert (locked.status_code, right_much_later.status_code) == (403, 403)
    assert "This link is locked" in page_text(right_much_later)
    assert "We have told Northside Community Academy" in page_text(right_much_later)
    assert kinds(link) == (["verify_failed"] * 4 + ["locked"]) * 3 + ["verify_failed"] * 4 + [
        "blocked"
    ]


def _heading(response):
    text = page_text(response)
    start = text.index("This link is paused for")
    return text[start : text.index("<", start)].strip()


def test_escalation_is_not_reset_by_waiting(client, mother_link, frozen_today):
    link, token = mother_link
    wrong_answers(client, token, 4)
    frozen_today.shift(datetime.timedelta(days=3))

    fifth = verify(client, token, WRONG)

    assert fifth.status_code == 429
    assert kinds(link)[-1] == "locked"


def test_escalation_right_answer_resets_the_count(client, mother_link, frozen_today):
    link, token = mother_link
    wrong_answers(client, token, 5)
    frozen_today.shift(datetime.timedelta(minutes=16))
    wrong_answers(client, token, 3)

    verified = verify(client, token)
    client.cookies.clear()  # another browser: step 1 again
    after = verify(client, token, WRONG)

    link.refresh_from_db()
    assert verified.status_code == 302
    assert (after.status_code, link.failed_checks) == (200, 1)
    assert "After 4 more wrong answers, the link will pause for 15 minutes." in page_text(after)


def test_escalation_wrong_answer_says_what_comes_next(client, mother_link, frozen_today):
    _link, token = mother_link
    for pause in [15, 60, 24 * 60]:
        wrong_answers(client, token, 5)
        frozen_today.shift(datetime.timedelta(minutes=pause + 1))

    first = verify(client, token, WRONG)
    wrong_answers(client, token, 2)
    last = verify(client, token, WRONG)

    assert (
        "After 4 more wrong answers, the link will lock until the school sends you a new one."
        in (page_text(first))
    )
    assert "After 1 more wrong answer, the link will lock" in page_text(last)


def test_escalation_lock_tells_the_principal(locked, mailoutbox, principal_b):
    link, _token, _response = locked

    (message,) = mailoutbox
    assert message.to == ["principal@district.example.org"]
    assert message.subject == "A parent's consent link for Maya Lopez is locked"
    assert "Rosa Lopez" in message.body
    assert f"/consent/students/{link.request.student.student_id}/" in message.body


def test_escalation_locked_link_shows_on_dashboard_and_record(client, locked, principal_a):
    link, _token, _response = locked
    client.force_login(principal_a)

    dashboard = client.get("/consent/")
    record = client.get(f"/consent/students/{link.request.student.student_id}/")

    assert "Parent links locked after repeated wrong dates of birth" in page_text(dashboard)
    assert "Rosa Lopez, Bulk text notifications" in page_text(dashboard)
    assert "Parent links locked" in page_text(record)
    assert f'action="/consent/links/{link.pk}/new/"' in page_text(record)


def test_escalation_school_sends_a_new_link_that_works(
    client, locked, principal_a, mailoutbox, family, django_capture_on_commit_callbacks
):
    link, old_token, _response = locked
    staff = client.__class__()
    staff.force_login(principal_a)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        sent = staff.post(f"/consent/links/{link.pk}/new/", follow=True)
    again = staff.post(f"/consent/links/{link.pk}/new/", follow=True)
    link.refresh_from_db()
    new_token = link_token(link)
    old = client.get(f"/consent/sign/{old_token}/")
    new = verify(client, new_token)

    assert "A new link is on its way to" in page_text(sent)
    assert "This link is not locked; nothing was changed." in page_text(again)
    assert [message.to for message in mailoutbox] == [[family[1].email]]
    assert new_token in mailoutbox[0].body
    assert (old.status_code, new.status_code) == (404, 302)
    assert (link.failed_checks, link.blocked_at, link.locked_until) == (0, None, None)
    assert kinds(link)[-4:] == ["blocked", "link_replaced", "emailed", "verified"]


def test_escalation_other_school_cannot_send_a_new_link(client, locked, principal_b):
    link, _token, _response = locked
    client.force_login(principal_b)

    response = client.post(f"/consent/links/{link.pk}/new/")

    link.refresh_from_db()
    assert response.status_code == 404
    assert link.blocked_at is not None


def test_escalation_locked_page_in_spanish(client, locked):
    _link, token, _response = locked

    response = client.get(f"/consent/sign/{token}/?lang=es")

    assert response.status_code == 403
    assert "Este enlace está bloqueado" in page_text(response)


def test_escalation_each_link_counts_alone(client, locked, family, bulk_alerts, school_year):
    student, _mother, father = family
    _link, token = make_link(
        student=student, guardian=father, program=bulk_alerts, school_year=school_year
    )

    response = verify(client, token)

    assert response.status_code == 302
    assert ConsentLink.objects.filter(blocked_at__isnull=False).count() == 1
