"""The question inbox in the admin: triage, replies (previewed before they are emailed) and
FAQ entries drafted from questions."""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import ngettext

from faq import selectors, services
from faq.admin.base import FaqAdminMixin
from faq.emails import email_render
from faq.forms import InboxMessageAdminForm
from faq.models import InboxMessage, InboxReply
from roster.admin_access import ReadOnlyAdminMixin


def _draft_key(inbox_message) -> str:
    # A reply being previewed waits in the editor's session, never in the database: it is
    # recorded (InboxReply) only once sent.
    return f"faq_reply_draft_{inbox_message.pk}"


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

    def get_urls(self):
        preview = self.admin_site.admin_view(self.reply_preview_view)
        return [
            path("<path:object_id>/reply/", preview, name="faq_inboxmessage_reply"),
            *super().get_urls(),
        ]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        draft = request.session.get(_draft_key(obj), "") if obj else ""

        class WithDraftReply(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                # "Edit the reply" from the preview comes back here with the text kept.
                if draft:
                    self.initial["reply"] = draft

        return WithDraftReply

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
        request.session.pop(_draft_key(obj), None)
        if form.cleaned_data.get("reply"):
            request.session[_draft_key(obj)] = form.cleaned_data["reply"]

    def response_change(self, request, obj):
        if request.session.get(_draft_key(obj)):
            return redirect("admin:faq_inboxmessage_reply", obj.pk)
        return super().response_change(request, obj)

    def reply_preview_view(self, request, object_id):
        """The reply email as the sender will get it, with Send and Edit buttons."""
        if request.method not in ("GET", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        inbox_message = self.get_object(request, object_id)
        if inbox_message is None:
            raise Http404("No such message.")
        if not self.has_change_permission(request, inbox_message):
            raise PermissionDenied
        change_url = reverse("admin:faq_inboxmessage_change", args=[inbox_message.pk])
        body = request.session.get(_draft_key(inbox_message), "")
        if request.method == "POST" and "_send" in request.POST:
            try:
                reply = services.inbox_message_reply(
                    inbox_message=inbox_message, body=body, sender=request.user
                )
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.WARNING)
                return redirect(change_url)
            request.session.pop(_draft_key(inbox_message), None)
            self.message_user(request, f"Your reply was sent to {reply.sent_to}.", messages.SUCCESS)
            return redirect(change_url)
        if not body:
            self.message_user(request, "There is no reply to send.", messages.INFO)
            return redirect(change_url)
        context = {"inbox_message": inbox_message, "reply": {"body": body}}
        context["district"] = settings.DISTRICT
        subject, text, _ = email_render("inbox_reply", context)
        return TemplateResponse(
            request,
            "admin/faq/inboxmessage/reply_preview.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "original": inbox_message,
                "title": "Check your reply before it is sent",
                "subject": subject,
                "text": text,
                "sent_to": inbox_message.email,
                "change_url": change_url,
            },
        )

    @admin.action(description="Draft an FAQ entry from this question", permissions=["change"])
    def draft_entries(self, request, queryset):
        results = [
            services.inbox_message_draft_entry(inbox_message=message, editor=request.user)
            for message in queryset
        ]
        created = sum(1 for _, was_created in results if was_created)
        message = ngettext(
            "Drafted %(count)d FAQ entry; write its answer and publish it when ready.",
            "Drafted %(count)d FAQ entries; write their answers and publish them when ready.",
            created,
        )
        self.message_user(request, message % {"count": created}, messages.SUCCESS)
        if len(results) == 1:
            return redirect("admin:faq_entry_change", results[0][0].pk)
        return None
