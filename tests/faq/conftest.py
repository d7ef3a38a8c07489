"""Fixtures for the FAQ tests: the standard audiences (migration 0002) by slug."""

import pytest

from tests.faq.factories import AudienceFactory

AUDIENCE_SLUGS = ["students", "parents", "staff", "principals", "vendors"]


@pytest.fixture
def audiences(db):
    """The five standard audiences in page order, by slug."""
    return {
        slug: AudienceFactory(slug=slug, position=(index + 1) * 10)
        for index, slug in enumerate(AUDIENCE_SLUGS)
    }


@pytest.fixture
def parents(audiences):
    return audiences["parents"]


@pytest.fixture
def students(audiences):
    return audiences["students"]
