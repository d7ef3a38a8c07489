"""Fixtures for platform tests: the 2026-27 school year on a fixed day in October, and helpers
that take a platform through its review as ITS does (through the services)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from platforms import services
from platforms.models import Criterion, Outcome, PlatformUse, Rating
from tests.helpers import pdf_file

TODAY = datetime.date(2026, 10, 14)  # tests/conftest.py TODAY
NEXT_YEAR = datetime.date(2027, 10, 1)


@pytest.fixture(autouse=True)
def _on_the_test_day(frozen_today):
    """Every test here runs on TODAY (tests/conftest.py)."""


def all_meet(audit, user, *, failing=None):
    """Rates every criterion "meets" (``failing``: that one "does not meet")."""
    ratings = {
        c.value: (Rating.DOES_NOT_MEET if c == failing else Rating.MEETS, f"Checked {c.value}.")
        for c in Criterion
    }
    services.audit_rate(user=user, audit=audit, ratings=ratings)


def register(user, product="Classchat", vendor="Brightwave Learning Ltd.", **details):
    return services.platform_register(user=user, vendor=vendor, product=product, **details)[0]


def approved(user, product="Bellbird", vendor="Northwind Messaging Co.", until=NEXT_YEAR):
    """A platform approved until ``until`` by a full audit."""
    platform = register(user, product, vendor, used_for="Class announcements to families")
    audit = services.audit_start(user=user, platform=platform)
    all_meet(audit, user)
    services.audit_finish(user=user, audit=audit, outcome=Outcome.APPROVE, approved_until=until)
    platform.refresh_from_db()
    return platform


def flagged(user, product="Classchat", vendor="Brightwave Learning Ltd.", *, evidence=True):
    """A platform flagged by an audit whose encryption did not meet (with a PDF of evidence)."""
    platform = register(user, product, vendor)
    audit = services.audit_start(user=user, platform=platform)
    if evidence:
        services.audit_attach(
            user=user,
            audit=audit,
            files=[SimpleUploadedFile("report.pdf", pdf_file(), content_type="application/pdf")],
        )
    all_meet(audit, user, failing=Criterion.ENCRYPTION)
    services.audit_finish(
        user=user, audit=audit, outcome=Outcome.FLAG, reason="No encryption at rest."
    )
    platform.refresh_from_db()
    return platform


def used_by(platform, school, school_year, **details):
    return PlatformUse.objects.create(
        platform=platform, school=school, school_year=school_year, **details
    )
