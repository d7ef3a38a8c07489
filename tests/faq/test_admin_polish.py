"""The FAQ admin's details: labelled list inputs, the portal's favicon, a history page the
CSP allows whose "changed by" links only where they open, and the synonyms editors keep."""

import re

import pytest

from faq.models import Synonym
from tests.faq.factories import EntryFactory

pytestmark = pytest.mark.django_db


def test_changelist_position_inputs_are_labelled(client, content_editor, parents):
    # Arrange
    EntryFactory(question="Who may text my child?")
    client.force_login(content_editor)

    # Act
    content = client.get("/admin/faq/entry/").content.decode()

    # Assert
    position = re.search(r'<input[^>]*name="form-0-position"[^>]*>', content).group(0)
    assert 'aria-label="Position: Who may text my child?"' in position


def test_admin_pages_link_the_portal_favicon(client, content_editor):
    # Arrange
    client.force_login(content_editor)

    # Act
    content = client.get("/admin/faq/entry/").content.decode()

    # Assert
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in content
    assert '<link rel="stylesheet" href="/static/css/admin.css">' in content


@pytest.mark.parametrize(
    ("user_fixture", "linked"), [("content_editor", False), ("administrator", True)]
)
def test_history_links_changed_by_only_for_those_who_may_open_users(
    client, request, parents, user_fixture, linked
):
    # Arrange
    user = request.getfixturevalue(user_fixture)
    entry = EntryFactory()
    entry.history.update(history_user=user)
    client.force_login(user)

    # Act
    content = client.get(f"/admin/faq/entry/{entry.pk}/history/").content.decode()

    # Assert: no inline style (the CSP refuses it); the link only where it opens.
    user_url = f"/admin/roster/user/{user.pk}/change/"
    assert "style=" not in content
    assert (user_url in content) == linked
    assert user.get_full_name() in content
    if linked:
        assert client.get(user_url).status_code == 200


def test_editor_keeps_search_synonyms(client, content_editor, parents):
    # Arrange
    EntryFactory(slug="phones", question="May I bring a cell phone?")
    client.force_login(content_editor)

    # Act
    response = client.post("/admin/faq/synonym/add/", {"terms": "mobile, cell phone, cellphone"})
    search = client.get("/faq/", {"q": "cellphone"}).content.decode()

    # Assert
    assert response.status_code == 302
    assert Synonym.objects.get().term_list == ["mobile", "cell phone", "cellphone"]
    assert 'href="/faq/#phones"' in search
