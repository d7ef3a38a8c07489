"""The platforms app's models, by concern: the platforms and their review (``platforms``),
the schools' survey (``survey``), pre-purchase consults (``consults``)."""

from platforms.models.consults import Consult, ConsultAnswer
from platforms.models.platforms import Platform, PlatformEvent, PlatformStatus, PlatformUse
from platforms.models.survey import (
    PlatformSurvey,
    SurveyDelegate,
    SurveyReminder,
    SurveyResponse,
)

__all__ = [
    "Consult",
    "ConsultAnswer",
    "Platform",
    "PlatformEvent",
    "PlatformStatus",
    "PlatformSurvey",
    "PlatformUse",
    "SurveyDelegate",
    "SurveyReminder",
    "SurveyResponse",
]
