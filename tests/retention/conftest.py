"""Fixtures for retention tests: the test day (TODAY, October 14, 2026), students who left the
roster some years before it, and documents filed in their cumulative record."""

import datetime
import hashlib

import pytest
from django.core.files.base import ContentFile

from roster.models import CumulativeDocument, DocumentKind
from tests.factories import StudentFactory

LEFT_SIX_YEARS_AGO = datetime.date(2020, 6, 12)
LEFT_FOUR_YEARS_AGO = datetime.date(2022, 6, 10)


@pytest.fixture(autouse=True)
def _on_the_test_day(frozen_today):
    """Every test here runs on TODAY (tests/conftest.py)."""


def filed(student, *, kind=DocumentKind.CONSENT_FORM, content=b"%PDF-1.7 signed form"):
    """A document in ``student``'s cumulative record, its file in private storage."""
    document = CumulativeDocument(
        student=student,
        kind=kind,
        title=f"{kind} of {student.full_name}",
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        added_by_name="School office",
        added_by_position="Clerk",
    )
    document.file.save(f"{kind}-{student.student_id}.pdf", ContentFile(content), save=False)
    document.save()
    return document


@pytest.fixture
def gone_student(school_a):
    """A student who left the roster six years ago."""
    return StudentFactory(school=school_a, left_on=LEFT_SIX_YEARS_AGO, active=False)


@pytest.fixture
def old_form(gone_student):
    return filed(gone_student)
