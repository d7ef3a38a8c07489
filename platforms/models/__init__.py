"""The platforms app's models, by concern: the platforms and their review (``platforms``),
the schools' survey (``survey``), pre-purchase consults (``consults``)."""

from platforms.models.platforms import Platform, PlatformEvent, PlatformStatus, PlatformUse

__all__ = ["Platform", "PlatformEvent", "PlatformStatus", "PlatformUse"]
