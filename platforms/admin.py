"""Messaging platforms in the admin, read-only for ITS, the CIO and administrators: every
change (audits, steps, plans, schools' moves) goes through ITS's pages under /platforms/ and
platforms.services, so the admin cannot bypass the transition table. Events and evidence are
never editable."""

from django.contrib import admin

from platforms.models import Audit, AuditEvidence, Finding, Platform, PlatformEvent, PlatformUse
from roster import access
from roster.admin_access import ReadOnlyAdminMixin, RoleAdminMixin


class PlatformRoles(RoleAdminMixin):
    view_action = access.Action.AUDIT_PLATFORMS
    change_action = access.Action.AUDIT_PLATFORMS


class EventInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = PlatformEvent
    fields = ["at", "actor", "transition", "from_status", "to_status", "reason"]
    readonly_fields = fields


class UseInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = PlatformUse
    fields = ["school", "school_year", "used_for", "students", "used_by"]
    readonly_fields = fields


class FindingInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Finding
    fields = ["criterion", "rating", "findings"]
    readonly_fields = fields


class EvidenceInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = AuditEvidence
    fields = ["original_name", "content_type", "size", "sha256", "uploaded_by", "uploaded_at"]
    readonly_fields = fields


@admin.register(Platform)
class PlatformAdmin(ReadOnlyAdminMixin, PlatformRoles, admin.ModelAdmin):
    list_display = ["product", "vendor", "status", "approved_until"]
    list_filter = ["status"]
    search_fields = ["product", "vendor"]
    inlines = [UseInline, EventInline]


@admin.register(Audit)
class AuditAdmin(ReadOnlyAdminMixin, PlatformRoles, admin.ModelAdmin):
    list_display = ["platform", "auditor", "started_on", "finished_on", "outcome"]
    list_filter = ["outcome"]
    list_select_related = ["platform", "auditor"]
    inlines = [FindingInline, EvidenceInline]
