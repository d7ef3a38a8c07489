"""The admin: ITS, the CIO and the CEO's office read requests and events; only
administrators change a request's own fields, and only a draft's; nobody edits an event or a
status there."""

import pytest

from tests.exceptions.conftest import FIELDS, draft, walk


@pytest.mark.parametrize(
    ("person", "list_status", "change_form_has_save", "event_change"),
    [
        ("its_reviewer", 200, False, False),
        ("cio", 200, False, False),
        ("administrator", 200, False, False),  # endorsed: past draft, read-only
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


def admin_form(request, **changes) -> dict:
    data = {name: getattr(request, name) for name in FIELDS}
    data = {
        name: ("on" if value is True else "" if value is False else value)
        for name, value in data.items()
    }
    for prefix in ("events", "attachments", "decision_records"):
        for suffix, value in (("TOTAL", 0), ("INITIAL", 0), ("MIN_NUM", 0), ("MAX_NUM", 1000)):
            data[f"{prefix}-{suffix}_FORMS"] = value
    return {**data, **changes}


def test_admin_administrator_corrects_a_draft_through_the_service(
    client, administrator, people, school_a, school_year
):
    # Arrange
    request = draft(people["teacher_a"], school_a)
    client.force_login(administrator)

    # Act
    response = client.post(
        f"/admin/exceptions/exceptionrequest/{request.pk}/change/",
        admin_form(request, platform="Remind (district account)"),
    )

    # Assert
    request.refresh_from_db()
    assert response.status_code == 302
    assert (request.platform, request.status) == ("Remind (district account)", "draft")


def test_admin_approved_request_cannot_be_changed(
    client, administrator, people, school_a, school_year
):
    # Arrange
    request = walk(draft(people["teacher_a"], school_a), people, until="approve")
    client.force_login(administrator)

    # Act
    page = client.get(f"/admin/exceptions/exceptionrequest/{request.pk}/change/")
    response = client.post(
        f"/admin/exceptions/exceptionrequest/{request.pk}/change/",
        admin_form(request, title="Something else entirely", highest_grade=10),
    )

    # Assert
    request.refresh_from_db()
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert response.status_code == 403
    assert (request.title, request.highest_grade) == ("Robotics team travel texts", 12)
    assert (request.program.name, request.program.highest_grade) == (
        "Robotics team travel texts",
        12,
    )
    assert request.events.count() == 4
