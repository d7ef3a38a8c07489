"""FAQ entries in the admin. Saved through faq.services, so the admin keeps the same dates and
rules as every other writer; a change to a published entry waits as a pending revision that
the editor previews (as the public page will show it) and publishes. Each save is a revision
that the History page shows and can restore.
"""

import copy

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from faq import selectors, services
from faq.admin.base import FaqAdminMixin
from faq.contacts import ContactDirectory, expand_contacts
from faq.forms import EntryAdminForm
from faq.models import Entry, EntryRevision
from faq.views import localise_entries


@admin.register(Entry)
class EntryAdmin(FaqAdminMixin, SimpleHistoryAdmin):
    form = EntryAdminForm
    list_display = ["question", "status", "audience_names", "topic", "position", "updated_at"]
    list_display_links = ["question"]
    list_editable = ["position"]
    list_filter = ["status", "audiences", "topic"]
    search_fields = ["question", "answer", "slug"]
    ordering = ["position", "pk"]
    actions = ["publish_selected", "archive_selected"]
    history_list_display = ["status", "question"]
    readonly_fields = [
        "pending_changes",
        "answer_preview",
        "public_link",
        "last_editor",
        "created_at",
        "updated_at",
        "public_changed_at",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "pending_changes",
                    "question",
                    "slug",
                    "status",
                    "audiences",
                    "topic",
                    "position",
                ],
                "description": (
                    "Changes to a published entry wait as a pending revision: you preview "
                    "them as the public page will show them, then publish them. Drafts are "
                    "saved as they are."
                ),
            },
        ),
        (
            "Answer",
            {
                "fields": ["answer", "answer_preview"],
                "description": (
                    "Write in Markdown. Save (“Save and continue editing”) to see the preview "
                    "as the public page shows it; drafts stay hidden until published."
                ),
            },
        ),
        ("Search", {"fields": ["keywords"]}),
        (
            "Spanish version",
            {
                "fields": ["question_es", "answer_es", "spanish_status"],
                "description": (
                    "Shown on the Spanish FAQ (/faq/?lang=es) once marked reviewed; until "
                    "then Spanish readers see the English answer with a note."
                ),
            },
        ),
        (
            "Record",
            {
                "fields": [
                    "public_link",
                    "last_editor",
                    "created_at",
                    "updated_at",
                    "public_changed_at",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("topic", "last_editor")
            .prefetch_related("audiences")
        )

    def get_urls(self):
        preview = self.admin_site.admin_view(self.revision_preview_view)
        return [
            path("<path:object_id>/preview/", preview, name="faq_entry_preview"),
            *super().get_urls(),
        ]

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and request.method == "GET":
            # The change form opens on the pending revision, so the editor goes on from it.
            revision = EntryRevision.objects.filter(entry=obj).first()
            obj.pending_fields = revision.fields if revision else None
        return obj

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.public_changed_at is not None:
            # Once people may have saved the permalink it must keep working.
            fields.append("slug")
        return fields

    def get_prepopulated_fields(self, request, obj=None):
        if "slug" in self.get_readonly_fields(request, obj):
            return {}
        return {"slug": ["question"]}

    def view_on_site(self, obj):
        return obj.public_url()

    @admin.display(description="Audiences")
    def audience_names(self, obj):
        return ", ".join(audience.name for audience in obj.audiences.all())

    @admin.display(description="Preview")
    def answer_preview(self, obj):
        if obj is None or not obj.answer_html:
            return "Save to see the answer as the public page shows it."
        # answer_html was sanitised by nh3 when the entry was saved (faq.rendering); the
        # contacts are filled in as the public page does, and sanitised again there.
        html = expand_contacts(obj.answer_html, ContactDirectory.load())
        return format_html('<div class="faq-answer-preview">{}</div>', mark_safe(html))  # noqa: S308

    @admin.display(description="Pending changes")
    def pending_changes(self, obj):
        if obj is None or not getattr(obj, "pending_fields", None):
            return "None: the public page shows this entry as saved."
        url = reverse("admin:faq_entry_preview", args=[obj.pk])
        return format_html(
            'This form shows changes that are not live yet. <a href="{}">Preview and '
            "publish them</a>.",
            url,
        )

    @admin.display(description="Public link")
    def public_link(self, obj):
        url = obj.public_url() if obj else None
        if not url:
            return "Not public: publish the entry to give it a page."
        return format_html('<a href="{}">{}</a>', url, url)

    def save_model(self, request, obj, form, change):
        audiences = form.cleaned_data.get("audiences")
        if not change:
            services.entry_save(entry=obj, audiences=audiences, editor=request.user)
            return
        _, obj.pending = services.entry_change(entry=obj, audiences=audiences, editor=request.user)
        if obj.pending:
            # The audiences wait in the revision too; simple_history's revert view would
            # otherwise set them on the live entry itself (it calls save_m2m).
            form.save_m2m = lambda: None

    def response_change(self, request, obj):
        if getattr(obj, "pending", False):
            self.message_user(
                request,
                "Your changes are saved but not live yet: check the preview, then publish.",
                messages.INFO,
            )
            return redirect("admin:faq_entry_preview", obj.pk)
        return super().response_change(request, obj)

    def revision_preview_view(self, request, object_id):
        """The entry as the public page will show it after its pending revision is
        published, with Publish and Discard buttons."""
        return _revision_preview(self, request, object_id)

    def save_related(self, request, form, formsets, change):
        # entry_save has set the audiences; the entry has no other relations to save.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    @admin.action(description="Publish selected entries", permissions=["change"])
    def publish_selected(self, request, queryset):
        published, refused = services.entries_publish(
            entry_ids=queryset.values_list("pk", flat=True), editor=request.user
        )
        message = ngettext(
            "Published %(count)d entry.", "Published %(count)d entries.", len(published)
        )
        self.message_user(request, message % {"count": len(published)}, messages.SUCCESS)
        if refused:
            names = "; ".join(entry.question for entry in refused)
            self.message_user(
                request,
                f"Not published, because they need an answer and an audience first: {names}",
                messages.WARNING,
            )

    @admin.action(description="Archive selected entries", permissions=["change"])
    def archive_selected(self, request, queryset):
        archived = services.entries_archive(
            entry_ids=queryset.values_list("pk", flat=True), editor=request.user
        )
        message = ngettext(
            "Archived %(count)d entry: it now shows only on the archive page, labelled as no "
            "longer current.",
            "Archived %(count)d entries: they now show only on the archive page, labelled as "
            "no longer current.",
            len(archived),
        )
        self.message_user(request, message % {"count": len(archived)}, messages.SUCCESS)


def _revision_preview(model_admin, request, object_id):
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    entry = model_admin.get_object(request, object_id)
    if entry is None:
        raise Http404("No such entry.")
    if not model_admin.has_change_permission(request, entry):
        raise PermissionDenied
    change_url = reverse("admin:faq_entry_change", args=[entry.pk])
    if request.method == "POST":
        try:
            if "_publish" in request.POST:
                services.entry_revision_publish(entry=entry, editor=request.user)
                model_admin.message_user(
                    request, "Published: the public page now shows your changes.", messages.SUCCESS
                )
            elif services.entry_revision_discard(entry=entry):
                model_admin.message_user(
                    request, "Discarded: the public page is unchanged.", messages.SUCCESS
                )
        except ValidationError as exc:
            model_admin.message_user(request, " ".join(exc.messages), messages.WARNING)
        return redirect(change_url)
    preview = selectors.entry_revision_preview(entry)
    if preview is None:
        model_admin.message_user(request, "There are no pending changes.", messages.INFO)
        return redirect(change_url)
    live = Entry.objects.select_related("topic").get(pk=entry.pk)
    preview_es = copy.copy(preview)
    localise_entries([preview, live], "en")
    localise_entries([preview_es], "es")
    preview.anchor = preview.slug  # one id per page: the live version's details have none
    context = {
        "preview": preview,
        "preview_es": preview_es if preview_es.shown_in_spanish else None,
        "live": live,
        "change_url": change_url,
        "contacts": selectors.contacts_shown(),
    }
    return TemplateResponse(request, "faq/preview.html", context)
