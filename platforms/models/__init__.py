"""The platforms app's models, by concern: the platforms and their review (``platforms``),
their audits, remediation plans and school transitions (``audits``), the schools' survey
(``survey``), pre-purchase consults (``consults``)."""

from platforms.models.audits import (
    Audit,
    AuditEvidence,
    Criterion,
    Finding,
    Outcome,
    Rating,
    RemediationAction,
    SchoolTransition,
)
from platforms.models.platforms import Platform, PlatformEvent, PlatformStatus, PlatformUse

__all__ = [
    "Audit",
    "AuditEvidence",
    "Criterion",
    "Finding",
    "Outcome",
    "Platform",
    "PlatformEvent",
    "PlatformStatus",
    "PlatformUse",
    "Rating",
    "RemediationAction",
    "SchoolTransition",
]
