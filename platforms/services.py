"""Writes to platforms (status changes: platforms.workflow)."""

from django.db import IntegrityError, transaction
from django.db.models.functions import Lower

from platforms.models import Platform, PlatformEvent, PlatformStatus


def platform_register(*, user, vendor: str, product: str, **details) -> tuple[Platform, bool]:
    """The platform of ``vendor``'s ``product``, created (status "surveyed", with its first
    event) when the district does not know it yet; (platform, created). Matching ignores
    case and surrounding spaces, so a second school naming the same tool finds it."""
    vendor, product = vendor.strip(), product.strip()
    same = Platform.objects.annotate(v=Lower("vendor"), p=Lower("product")).filter(
        v=vendor.lower(), p=product.lower()
    )
    existing = same.first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            platform = Platform.objects.create(
                vendor=vendor, product=product, created_by=user, **details
            )
            PlatformEvent.objects.create(
                platform=platform,
                actor=user,
                transition="register",
                to_status=PlatformStatus.SURVEYED,
            )
    except IntegrityError:  # another request registered it at the same moment
        return same.get(), False
    return platform, True
