"""Final steps (withdraw, delete a draft, decline, revoke) only from a confirmation page that
says what they do: GET changes nothing, POST takes the step, a second POST is harmless."""

import pytest

from exceptions.models import ExceptionEvent, ExceptionRequest, Status
from tests.exceptions.conftest import after_commit, draft, step, walk

# (the stage the request is at, the step, who takes it, words of its consequence, status after)
FINAL_STEPS = [
    (None, "delete", "teacher_a", "The draft is deleted", Status.DELETED),
    ("submit", "withdraw", "teacher_a", "cannot be resubmitted", Status.WITHDRAWN),
    ("submit", "decline", "principal_a", "a decision record is filed", Status.DECLINED),
    ("endorse", "decline", "its_reviewer", "The requester is emailed", Status.DECLINED),
    ("approve", "revoke", "its_reviewer", "Texting under the program stops today", Status.REVOKED),
]


def at_stage(people, school_a, until):
    request = draft(people["teacher_a"], school_a)
    return walk(request, people, until=until) if until else request


def confirm_url(request, name):
    return f"/exceptions/{request.pk}/confirm/{name}/"


@pytest.mark.parametrize(("until", "name", "person", "words", "after"), FINAL_STEPS)
def test_confirmation_page_states_the_consequence_and_changes_nothing(
    client, people, school_a, school_year, until, name, person, words, after
):
    # Arrange
    request = at_stage(people, school_a, until)
    before, events = request.status, ExceptionEvent.objects.count()
    client.force_login(people[person])

    # Act
    response = client.get(confirm_url(request, name))

    # Assert
    request.refresh_from_db()
    assert (response.status_code, request.status, ExceptionEvent.objects.count()) == (
        200,
        before,
        events,
    )
    assert words in response.content.decode()


@pytest.mark.parametrize(("until", "name", "person", "words", "after"), FINAL_STEPS)
def test_confirming_takes_the_step_once_and_a_second_post_is_harmless(
    client, people, school_a, school_year, until, name, person, words, after
):
    # Arrange
    request = at_stage(people, school_a, until)
    events = ExceptionEvent.objects.count()
    client.force_login(people[person])
    data = {"comment": "Not needed after all.", "seen_status": request.status}

    # Act
    with after_commit():
        first = client.post(confirm_url(request, name), data, follow=True)
    second = client.post(confirm_url(request, name), data, follow=True)

    # Assert
    request.refresh_from_db()
    assert (first.redirect_chain[0][1], request.status, ExceptionEvent.objects.count()) == (
        302,
        after,
        events + 1,
    )
    assert second.status_code == 200
    assert [m.level_tag for m in first.context["messages"]] == ["success"]
    assert [m.level_tag for m in second.context["messages"]] == ["info"]


def test_decline_confirmation_needs_a_reason_beside_the_field(
    client, people, school_a, school_year
):
    request = at_stage(people, school_a, "submit")
    client.force_login(people["principal_a"])

    response = client.post(
        confirm_url(request, "decline"), {"comment": " ", "seen_status": "submitted"}
    )

    request.refresh_from_db()
    assert (response.status_code, request.status) == (400, Status.SUBMITTED)
    assert response.context["form"].errors == {"comment": ["Say why: “Decline” needs a comment."]}


def test_after_submitting_the_requester_has_no_one_click_withdraw(
    client, people, school_a, school_year
):
    # Arrange
    request = at_stage(people, school_a, "submit")
    client.force_login(people["teacher_a"])

    # Act
    page = client.get(f"/exceptions/{request.pk}/").content.decode()
    posted = client.post(
        f"/exceptions/{request.pk}/act/",
        {"transition": "withdraw", "comment": "", "seen_status": "submitted"},
    )

    # Assert: a link to the confirmation page, no button; a direct post lands there too.
    request.refresh_from_db()
    assert 'name="transition"' not in page
    assert f'href="{confirm_url(request, "withdraw")}"' in page
    assert (posted.status_code, posted.url, request.status) == (
        302,
        confirm_url(request, "withdraw"),
        Status.SUBMITTED,
    )


def test_a_draft_is_deleted_not_withdrawn(client, people, school_a, school_year):
    # Arrange
    request = at_stage(people, school_a, None)
    client.force_login(people["teacher_a"])
    page = client.get(f"/exceptions/{request.pk}/").content.decode()

    # Act
    client.post(confirm_url(request, "delete"), {"comment": "", "seen_status": "draft"})
    listing = client.get("/exceptions/").content.decode()
    gone = client.get(f"/exceptions/{request.pk}/", follow=True)

    # Assert
    assert ("Delete draft" in page, "Withdraw" in page) == (True, False)
    assert ExceptionRequest.objects.get(pk=request.pk).status == Status.DELETED
    assert request.title not in listing
    assert gone.redirect_chain == [("/exceptions/", 302)]
    assert [str(m) for m in gone.context["messages"]] == ["This draft was deleted."]


@pytest.mark.parametrize(
    ("person", "expected"),
    [("principal_a", 403), ("principal_b", 404), ("cio", 403), ("its_reviewer", 403)],
)
def test_confirmation_refused_to_others(client, people, school_a, school_year, person, expected):
    # The requester's withdrawal is theirs alone (ITS: separation of duties aside, not theirs).
    request = at_stage(people, school_a, "submit")
    client.force_login(people[person])

    response = client.get(confirm_url(request, "withdraw"))

    assert response.status_code == expected


def test_unknown_step_is_a_404(client, people, school_a, school_year):
    request = at_stage(people, school_a, "submit")
    client.force_login(people["teacher_a"])

    assert client.get(confirm_url(request, "explode")).status_code == 404


def test_status_messages_write_role_names_properly(client, people, school_a, school_year):
    # Arrange
    request = at_stage(people, school_a, "submit")

    # Act
    client.force_login(people["principal_a"])
    endorsed = client.post(
        f"/exceptions/{request.pk}/act/",
        {"transition": "endorse", "comment": "", "seen_status": "submitted"},
        follow=True,
    )
    again = client.post(
        f"/exceptions/{request.pk}/act/",
        {"transition": "endorse", "comment": "", "seen_status": "endorsed"},
        follow=True,
    )

    # Assert
    assert [str(m) for m in endorsed.context["messages"]] == [
        "Done: the request is now endorsed, waiting for ITS."
    ]
    [message] = [str(m) for m in again.context["messages"]]
    assert message.startswith("This request is endorsed, waiting for ITS: ")


def test_emails_write_role_names_properly(people, school_a, school_year, mailoutbox):
    # Arrange
    request = at_stage(people, school_a, "submit")
    mailoutbox.clear()

    # Act
    step(request, people["principal_a"], "endorse")

    # Assert
    by_person = {m.to[0].split("@")[0]: m for m in mailoutbox}
    assert "is endorsed, waiting for ITS. It is your turn" in by_person["its"].body
    assert by_person["teacher"].subject == (
        'Your exception request "Robotics team travel texts": endorsed, waiting for ITS'
    )
