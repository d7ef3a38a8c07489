"""Admin pages for retention (ITS): the rules, the monthly review list with its destruction
step (a confirmation page first), legal holds, and the tombstones of destroyed documents."""

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html

from roster import access
from roster.admin_access import ReadOnlyAdminMixin, RoleAdminMixin
from roster.models import (
    DocumentDestruction,
    DocumentKind,
    DocumentPastRetention,
    LegalHold,
    RetentionRule,
)
from roster.models.retention import kept_until
from roster.retention.selectors import documents_past_retention, kinds_without_rule
from roster.retention.services import (
    RetentionError,
    document_destroy,
    legal_hold_lift,
    legal_hold_place,
)


class RetentionAdminMixin(RoleAdminMixin):
    view_action = access.Action.MANAGE_RETENTION
    change_action = access.Action.MANAGE_RETENTION


class RetentionRuleForm(forms.ModelForm):
    kind = forms.ChoiceField(choices=DocumentKind.choices)

    class Meta:
        model = RetentionRule
        fields = ["kind", "years_after_leaving", "legal_basis"]


@admin.register(RetentionRule)
class RetentionRuleAdmin(RetentionAdminMixin, admin.ModelAdmin):
    """How long each kind of document is kept after the student leaves. A kind keeps its rule:
    rules are changed, never deleted."""

    form = RetentionRuleForm
    list_display = ["kind_label", "years_after_leaving", "legal_basis", "updated_at"]

    def get_readonly_fields(self, request, obj=None):
        return ["kind"] if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DocumentPastRetention)
class DocumentPastRetentionAdmin(ReadOnlyAdminMixin, RetentionAdminMixin, admin.ModelAdmin):
    """The monthly review: documents past retention and under no legal hold. Destroying is an
    action with a confirmation page; nothing here is destroyed automatically."""

    list_display = [
        "student_id_shown",
        "student",
        "school",
        "kind",
        "title",
        "added_at",
        "left_on",
        "kept_until",
        "hold_link",
    ]
    search_fields = ["student__student_id", "student__last_name"]
    actions = ["destroy_selected"]
    show_full_result_count = False
    list_per_page = 100

    def get_queryset(self, request):
        return documents_past_retention(model=DocumentPastRetention)

    def get_ordering(self, request):
        return ["student__left_on", "student_id", "pk"]

    def has_destroy_permission(self, request):
        return access.can(request.user, access.Action.DESTROY_DOCUMENTS)

    def changelist_view(self, request, extra_context=None):
        for kind in kinds_without_rule():
            self.message_user(
                request,
                f"The document kind {kind!r} has no retention rule, so none of its documents "
                "is listed here: add its rule.",
                messages.WARNING,
            )
        return super().changelist_view(request, extra_context)

    @admin.display(description="student ID", ordering="student__student_id")
    def student_id_shown(self, obj):
        return obj.student.student_id

    @admin.display(description="school")
    def school(self, obj):
        return obj.student.school

    @admin.display(description="left on", ordering="student__left_on")
    def left_on(self, obj):
        return obj.student.left_on

    @admin.display(description="kept until")
    def kept_until(self, obj):
        return kept_until(obj.student.left_on, obj.rule_years)

    @admin.display(description="legal hold")
    def hold_link(self, obj):
        url = reverse("admin:roster_legalhold_add")
        return format_html('<a href="{}?document={}">Place a hold…</a>', url, obj.pk)

    @admin.action(description="Destroy the selected documents…", permissions=["destroy"])
    def destroy_selected(self, request, queryset):
        documents = list(queryset)
        if not documents:
            self.message_user(
                request,
                "None of the selected documents is past retention and free of legal holds any "
                "more: nothing was destroyed.",
                messages.WARNING,
            )
            return None
        if request.POST.get("confirmed") != "yes":
            return TemplateResponse(
                request,
                "admin/roster/documentpastretention/destroy_confirmation.html",
                {
                    **self.admin_site.each_context(request),
                    "opts": self.model._meta,
                    "title": "Destroy these documents?",
                    "documents": documents,
                    "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                },
            )
        destroyed, refused = 0, []
        for document in documents:
            try:
                document_destroy(user=request.user, document_id=document.pk)
                destroyed += 1
            except RetentionError as error:
                refused.append(error.message)
        self.message_user(
            request,
            f"{destroyed} document(s) destroyed; their tombstones are under “Document "
            "destructions”.",
            messages.SUCCESS if destroyed else messages.WARNING,
        )
        for message in refused:
            self.message_user(request, message, messages.ERROR)
        return None


class LegalHoldForm(forms.ModelForm):
    lift_reason = forms.CharField(
        label="Lift the hold: reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Filled in, saving lifts the hold; the hold and its history stay on record.",
    )

    class Meta:
        model = LegalHold
        fields = ["student", "document", "reason"]

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None:
            if not (cleaned.get("lift_reason") or "").strip():
                self.add_error("lift_reason", "Give the reason for lifting the hold.")
            return cleaned
        student, document = cleaned.get("student"), cleaned.get("document")
        if (student is None) == (document is None):
            self.add_error("student", "Choose either a student or one document, not both.")
        if document is not None and document.is_destroyed:
            self.add_error("document", "This document was destroyed; it cannot be held.")
        return cleaned


@admin.register(LegalHold)
class LegalHoldAdmin(RetentionAdminMixin, admin.ModelAdmin):
    """Legal holds on a student's record or on one document: while active, nothing they cover
    can be destroyed. A hold is never deleted; lifting it records who, when and why."""

    form = LegalHoldForm
    list_display = ["target", "reason", "placed_by", "placed_at", "lifted_by", "lifted_at"]
    list_filter = [("lifted_at", admin.EmptyFieldListFilter)]
    list_select_related = ["student", "document__student", "placed_by", "lifted_by"]
    search_fields = ["student__student_id", "document__student__student_id", "reason"]
    autocomplete_fields = ["student"]
    raw_id_fields = ["document"]
    show_full_result_count = False
    HISTORY = ["student", "document", "reason", "placed_by", "placed_at"]
    LIFTED = ["lifted_by", "lifted_at", "lift_reason"]

    @admin.display(description="on")
    def target(self, obj):
        return obj.student or obj.document

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["student", "document", "reason"]
        return self.HISTORY + (["lift_reason"] if obj.is_active else self.LIFTED)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return self.HISTORY + ([] if obj.is_active else self.LIFTED)

    def has_change_permission(self, request, obj=None):
        active = obj is None or obj.is_active
        return active and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            saved = legal_hold_lift(
                user=request.user, hold_id=obj.pk, reason=form.cleaned_data["lift_reason"]
            )
        else:
            saved = legal_hold_place(
                user=request.user,
                reason=form.cleaned_data["reason"],
                student=form.cleaned_data["student"],
                document=form.cleaned_data["document"],
            )
        obj.pk, obj._state.adding = saved.pk, False


@admin.register(DocumentDestruction)
class DocumentDestructionAdmin(ReadOnlyAdminMixin, RetentionAdminMixin, admin.ModelAdmin):
    """Tombstones of destroyed documents: kept for good."""

    list_display = [
        "destroyed_at",
        "document",
        "sha256",
        "student_left_on",
        "rule_years_after_leaving",
        "destroyed_by_name",
    ]
    list_select_related = ["document__student"]
    search_fields = ["document__student__student_id", "sha256"]
    date_hierarchy = "destroyed_at"
    show_full_result_count = False
    readonly_fields = [f.name for f in DocumentDestruction._meta.fields]
