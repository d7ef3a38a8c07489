"""Shared reads of platforms."""

from django.utils import timezone

from platforms.models import Platform, PlatformStatus


def approved_platforms(*, on=None):
    """Platforms approved on ``on`` (today): status approved and the approval not past."""
    day = on or timezone.localdate()
    return Platform.objects.filter(status=PlatformStatus.APPROVED, approved_until__gte=day)
