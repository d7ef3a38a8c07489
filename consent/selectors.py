"""Reads of consent data that more than one view needs, already scoped and joined."""

from django.db.models import QuerySet

from consent.models import TextingProgram


def programs_published() -> QuerySet[TextingProgram]:
    """The active programs staff may use, in display order (the public guidance page)."""
    return TextingProgram.objects.filter(active=True).order_by("position", "name")
