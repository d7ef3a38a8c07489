"""The FAQ's admin for ITS content editors and administrators (roster.access: EDIT_FAQ).

Entries are saved through faq.services, so the admin keeps the same dates and rules as every
other writer; each save is a revision that the History page shows and can restore.
"""

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from simple_history.admin import SimpleHistoryAdmin

from faq import selectors, services
from faq.forms import EntryAdminForm, InboxMessageAdminForm
from faq.models import Audience, Contact, Entry, InboxMessage, InboxReply, Topic
from roster.access import Action
from roster.admin_access import ReadOnlyAdminMixin, RoleAdminMixin


class FaqAdminMixin(RoleAdminMixin):
    view_action = Action.EDIT_FAQ
    change_action = Action.EDIT_FAQ


@admin.register(Audience)
class AudienceAdmin(FaqAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["position", "name"]


@admin.register(Topic)
class TopicAdmin(FaqAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["position", "name"]


@admin.register(Contact)
class ContactAdmin(FaqAdminMixin, SimpleHistoryAdmin):
    list_display = ["label", "kind", "value", "purpose", "position", "active"]
    list_editable = ["position", "active"]
    ordering = ["position", "label"]
    history_list_display = ["value", "active"]


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
        "answer_preview",
        "public_link",
        "last_editor",
        "created_at",
        "updated_at",
        "public_changed_at",
    ]
    fieldsets = [
        (None, {"fields": ["question", "slug", "status", "audiences", "topic", "position"]}),
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
        # answer_html was sanitised by nh3 when the entry was saved (faq.rendering).
        return format_html('<div class="faq-answer-preview">{}</div>', mark_safe(obj.answer_html))  # noqa: S308

    @admin.display(description="Public link")
    def public_link(self, obj):
        url = obj.public_url() if obj else None
        if not url:
            return "Not public: publish the entry to give it a page."
        return format_html('<a href="{}">{}</a>', url, url)

    def save_model(self, request, obj, form, change):
        services.entry_save(
            entry=obj, audiences=form.cleaned_data.get("audiences"), editor=request.user
        )

    def save_related(self, request, form, formsets, change):
        # entry_save has set the audiences; the entry has no other relations to save.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    @admin.action(description="Publish selected entries", permissions=["change"])
    def publish_selected(self, request, queryset):
        published, refused = services.entries_publish(
            entry_ids=queryset.values_list("pk", flat=True), editor=request.user
        )
        self.message_user(request, f"Published {len(published)} entries.", messages.SUCCESS)
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
        self.message_user(
            request,
            f"Archived {len(archived)} entries: they now show only on the archive page, "
            "labelled as no longer current.",
            messages.SUCCESS,
        )


class InboxReplyInline(ReadOnlyAdminMixin, FaqAdminMixin, admin.TabularInline):
    model = InboxReply
    fields = ["sent_at", "sent_by", "sent_to", "body"]
    readonly_fields = fields


@admin.register(InboxMessage)
class InboxMessageAdmin(FaqAdminMixin, admin.ModelAdmin):
    form = InboxMessageAdminForm
    list_display = ["created_at", "__str__", "role", "status", "assignee", "wants_reply"]
    list_filter = ["status", "role", "wants_reply", ("assignee", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["assignee"]
    search_fields = ["message", "name", "email", "school"]
    date_hierarchy = "created_at"
    actions = ["draft_entries"]
    inlines = [InboxReplyInline]
    readonly_fields = [
        "created_at",
        "message",
        "role",
        "name",
        "email",
        "wants_reply",
        "school",
        "faq_entry_link",
    ]
    fieldsets = [
        (
            "Message",
            {
                "fields": [
                    "created_at",
                    "message",
                    "role",
                    "name",
                    "email",
                    "wants_reply",
                    "school",
                    "faq_entry_link",
                ]
            },
        ),
        ("Triage", {"fields": ["status", "assignee", "internal_notes"]}),
        ("Reply", {"fields": ["reply"]}),
    ]

    def has_add_permission(self, request, *args):
        # Messages come only from the public form.
        return False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assignee":
            kwargs["queryset"] = selectors.faq_editors()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="FAQ entry")
    def faq_entry_link(self, obj):
        if not obj.faq_entry_id:
            return "—"
        url = reverse("admin:faq_entry_change", args=[obj.faq_entry_id])
        return format_html('<a href="{}">{}</a>', url, obj.faq_entry)

    def save_model(self, request, obj, form, change):
        services.inbox_message_triage(
            inbox_message=obj,
            status=form.cleaned_data["status"],
            assignee=form.cleaned_data["assignee"],
            internal_notes=form.cleaned_data["internal_notes"],
        )
        if form.cleaned_data.get("reply"):
            reply = services.inbox_message_reply(
                inbox_message=obj, body=form.cleaned_data["reply"], sender=request.user
            )
            self.message_user(request, f"Your reply was sent to {reply.sent_to}.", messages.SUCCESS)

    @admin.action(description="Draft an FAQ entry from this question", permissions=["change"])
    def draft_entries(self, request, queryset):
        results = [
            services.inbox_message_draft_entry(inbox_message=message, editor=request.user)
            for message in queryset
        ]
        created = sum(1 for _, was_created in results if was_created)
        self.message_user(
            request,
            f"Drafted {created} FAQ entries; write their answers and publish them when ready.",
            messages.SUCCESS,
        )
        if len(results) == 1:
            return redirect("admin:faq_entry_change", results[0][0].pk)
        return None
