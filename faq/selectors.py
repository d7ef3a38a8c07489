"""Reads of the FAQ that the public pages and the admin share, with their joins applied so a
page runs the same few queries whatever the number of entries."""

from django.db.models import Max, Prefetch, Q, QuerySet

from faq.models import Audience, Contact, Entry, EntryRevision
from faq.rendering import render_answer
from roster.access import GRANTS, Action
from roster.models import User


def entries_published() -> QuerySet[Entry]:
    return Entry.objects.published().select_related("topic").order_by("position", "pk")


def audiences_with_entries() -> QuerySet[Audience]:
    """Every audience in order, each with ``entries_shown``: its published entries in order."""
    return Audience.objects.order_by("position", "name").prefetch_related(
        Prefetch("entries", queryset=entries_published(), to_attr="entries_shown")
    )


def entries_archived() -> QuerySet[Entry]:
    return (
        Entry.objects.archived()
        .select_related("topic")
        .prefetch_related("audiences")
        .order_by("-archived_at", "pk")
    )


def faq_last_updated():
    """When a public FAQ page last changed: the newest publish, edit of a public entry,
    archiving or withdrawal. Saving a draft never moves it (faq.services.entry_save)."""
    return Entry.objects.aggregate(newest=Max("public_changed_at"))["newest"]


def contacts_shown() -> QuerySet[Contact]:
    return Contact.objects.filter(active=True).order_by("position", "label")


def faq_editors() -> QuerySet[User]:
    """Active accounts whose role lets them keep the FAQ (roster.access decides which)."""
    roles = [role for role, actions in GRANTS.items() if Action.EDIT_FAQ in actions]
    return (
        User.objects.filter(is_active=True)
        .filter(Q(staff_roles__role__in=roles) | Q(is_superuser=True))
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def entry_revision_preview(entry: Entry) -> Entry | None:
    """The entry as it will be once its pending revision is published (unsaved, answers
    rendered), with ``preview_audiences``; None when nothing is pending."""
    revision = EntryRevision.objects.filter(entry=entry).first()
    if revision is None:
        return None
    preview = Entry.objects.get(pk=entry.pk)
    fields = dict(revision.fields)
    audience_ids = fields.pop("audience_ids")
    for name, value in fields.items():
        setattr(preview, name, value)
    preview.answer_html = render_answer(preview.answer)
    preview.answer_es_html = render_answer(preview.answer_es)
    preview.preview_audiences = list(Audience.objects.filter(pk__in=audience_ids))
    preview.revision = revision
    return preview
