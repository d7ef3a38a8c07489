"""The admin: ITS, the CIO and the CEO's office read requests and events; only
administrators change a request's own fields; nobody edits an event or a status there."""

import pytest

from tests.exceptions.conftest import draft, walk


@pytest.mark.parametrize(
    ("person", "list_status", "change_form_has_save", "event_change"),
    [
        ("its_reviewer", 200, False, False),
        ("cio", 200, False, False),
        ("administrator", 200, True, False),
        ("content_editor", 403, None, None),
        ("principal_a", 302, None, None),
    ],
)
def test_admin_read_only_except_for_administrators(
    client,
    people,
    content_editor,
    school_a,
    school_year,
    person,
    list_status,
    change_form_has_save,
    event_change,
):
    # Arrange
    people = {**people, "content_editor": content_editor}
    request = walk(draft(people["teacher_a"], school_a), people, until="endorse")
    event = request.events.first()
    client.force_login(people[person])

    # Act
    listing = client.get("/admin/exceptions/exceptionrequest/?status__exact=endorsed&age=week")
    change = client.get(f"/admin/exceptions/exceptionrequest/{request.pk}/change/")
    event_page = client.get(f"/admin/exceptions/exceptionevent/{event.pk}/change/")

    # Assert
    assert listing.status_code == list_status
    if change_form_has_save is not None:
        assert ('name="_save"' in change.content.decode()) == change_form_has_save
        assert ('name="_save"' in event_page.content.decode()) == event_change
        assert "Robotics team travel texts" in listing.content.decode()


def test_admin_post_cannot_change_status(client, administrator, people, school_a, school_year):
    # Arrange
    request = walk(draft(people["teacher_a"], school_a), people, until="submit")
    client.force_login(administrator)

    # Act
    client.post(f"/admin/exceptions/exceptionrequest/{request.pk}/change/", {"status": "approved"})

    # Assert
    request.refresh_from_db()
    assert request.status == "submitted"
