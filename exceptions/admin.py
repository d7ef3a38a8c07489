"""Exception requests in the admin: ITS, the CIO and the CEO's office read them (filter by
stage, school, age); only administrators change a request's own fields, and only while it is
a draft, through exceptions.services. Past draft a request is evidence of what was reviewed
(and an approved one made a program from these fields), so it is read-only here. Events,
attachments and decision records are never editable, and no status changes here."""

import datetime

from django.contrib import admin
from django.utils import timezone

from exceptions.models import (
    DecisionRecord,
    ExceptionAttachment,
    ExceptionEvent,
    ExceptionRequest,
    Status,
)
from exceptions.services import PARENT_TEXT_FIELDS, REQUEST_FIELDS, exception_update
from roster import access
from roster.admin_access import ReadOnlyAdminMixin, RoleAdminMixin


class AgeFilter(admin.SimpleListFilter):
    title = "time at its stage"
    parameter_name = "age"
    LIMITS = {"week": 7, "month": 30}

    def lookups(self, request, model_admin):
        return [
            ("week", "Under a week"),
            ("month", "One week to a month"),
            ("older", "Over a month"),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        week, month = now - datetime.timedelta(days=7), now - datetime.timedelta(days=30)
        if self.value() == "week":
            return queryset.filter(status_changed_at__gt=week)
        if self.value() == "month":
            return queryset.filter(status_changed_at__lte=week, status_changed_at__gt=month)
        if self.value() == "older":
            return queryset.filter(status_changed_at__lte=month)
        return queryset


class EventInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ExceptionEvent
    fields = ["at", "actor", "actor_role", "from_status", "to_status", "comment"]
    readonly_fields = fields


class AttachmentInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ExceptionAttachment
    fields = ["original_name", "content_type", "size", "sha256", "uploaded_by", "uploaded_at"]
    readonly_fields = fields


class DecisionInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = DecisionRecord
    fields = ["event", "sha256", "size", "created_at"]
    readonly_fields = fields


class ExceptionAdminMixin(RoleAdminMixin):
    view_action = access.Action.REVIEW_EXCEPTION
    # Only administrators hold every action; MANAGE_USERS is theirs alone.
    change_action = access.Action.MANAGE_USERS

    def has_module_permission(self, request):
        return any(
            access.can(request.user, action)
            for action in (access.Action.REVIEW_EXCEPTION, access.Action.DECIDE_EXCEPTION)
        ) and access.can(request.user, access.Action.USE_ADMIN)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request, *args):
        return False  # requests are written at /exceptions/new/

    def has_delete_permission(self, request, obj=None):
        return False  # evidence


@admin.register(ExceptionRequest)
class ExceptionRequestAdmin(ExceptionAdminMixin, admin.ModelAdmin):
    list_display = ["title", "school", "requester", "status", "status_changed_at", "ends_on"]
    list_filter = ["status", "route", AgeFilter, "school"]
    list_select_related = ["school", "requester"]
    search_fields = ["title", "school__name", "requester__username", "requester__last_name"]
    date_hierarchy = "created_at"
    inlines = [EventInline, AttachmentInline, DecisionInline]
    fields = [
        "requester",
        "school",
        "route",
        *REQUEST_FIELDS,
        "status",
        "returned_from",
        "status_changed_at",
        "first_submitted_at",
        *PARENT_TEXT_FIELDS,
        "program",
    ]
    readonly_fields = [
        "requester",
        "school",
        "route",
        "status",
        "returned_from",
        "status_changed_at",
        "first_submitted_at",
        *PARENT_TEXT_FIELDS,
        "program",
    ]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.status != Status.DRAFT:
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        # has_add_permission is False, so this is always a change to a draft.
        exception_update(
            request_pk=obj.pk,
            by=request.user,
            fields={name: getattr(obj, name) for name in REQUEST_FIELDS},
        )


@admin.register(ExceptionEvent)
class ExceptionEventAdmin(ExceptionAdminMixin, admin.ModelAdmin):
    list_display = ["request", "at", "actor", "actor_role", "from_status", "to_status"]
    list_filter = ["to_status", "actor_role"]
    list_select_related = ["request__school", "actor"]

    def has_change_permission(self, request, obj=None):
        return False  # an event is never edited, not even by an administrator
