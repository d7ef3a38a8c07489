"""A link's token and code hashes stay unique after their indexes were made lean
(migration 0018_link_indexes_lean): one unique index each, no LIKE index, none on the nonce."""

import pytest
from django.db import IntegrityError, connection, transaction

from consent.models import ConsentLink
from tests.consent.conftest import make_link


@pytest.fixture
def two_links(family, bulk_alerts, school_year):
    student, mother, father = family
    first, _ = make_link(
        student=student, guardian=mother, program=bulk_alerts, school_year=school_year
    )
    second, _ = make_link(
        student=student, guardian=father, program=bulk_alerts, school_year=school_year
    )
    return first, second


def test_a_token_hash_cannot_repeat(two_links):
    first, second = two_links

    with pytest.raises(IntegrityError), transaction.atomic():
        ConsentLink.objects.filter(pk=second.pk).update(token_hash=first.token_hash)


def test_code_hashes_are_unique_but_may_be_missing(two_links):
    first, second = two_links
    assert (first.code_hash, second.code_hash) == (None, None)  # both without a code
    ConsentLink.objects.filter(pk=first.pk).update(code_hash="a" * 64)

    with pytest.raises(IntegrityError), transaction.atomic():
        ConsentLink.objects.filter(pk=second.pk).update(code_hash="a" * 64)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's indexes")
def test_links_have_no_like_index_and_none_on_the_nonce(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'consent_consentlink'")
        definitions = [row[0] for row in cursor.fetchall()]

    assert not [d for d in definitions if "pattern_ops" in d or "(nonce)" in d], definitions
    assert sum("UNIQUE" in d and "(token_hash)" in d for d in definitions) == 1
    assert sum("UNIQUE" in d and "(code_hash)" in d for d in definitions) == 1
