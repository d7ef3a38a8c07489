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
from platforms.models.consults import Consult, ConsultAnswer
from platforms.models.platforms import Platform, PlatformEvent, PlatformStatus, PlatformUse
from platforms.models.survey import (
    PlatformSurvey,
    SurveyDelegate,
    SurveyReminder,
    SurveyResponse,
)

__all__ = [
    "Audit",
    "AuditEvidence",
    "Consult",
    "ConsultAnswer",
    "Criterion",
    "Finding",
    "Outcome",
    "Platform",
    "PlatformEvent",
    "PlatformStatus",
    "PlatformSurvey",
    "PlatformUse",
    "Rating",
    "RemediationAction",
    "SchoolTransition",
    "SurveyDelegate",
    "SurveyReminder",
    "SurveyResponse",
]
