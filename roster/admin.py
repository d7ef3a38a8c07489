"""Admin pages for the roster. District ITS may look; only administrators change it."""

from axes.models import AccessAttempt, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.db import connection
from django.db.models.functions import Upper

from aup_portal.admin_lists import BigListAdminMixin
from roster import access
from roster.admin_access import ReadOnlyAdminMixin, RoleAdminMixin
from roster.models import (
    Guardian,
    RecordAccess,
    RosterImport,
    RosterImportStatus,
    School,
    SchoolYear,
    StaffRole,
    Student,
    StudentGuardian,
    User,
)
from roster.oneroster.services import roster_import_apply, roster_import_upload
from roster.retention import admin as retention_admin  # noqa: F401 -- registers its pages


@admin.register(School)
class SchoolAdmin(RoleAdminMixin, admin.ModelAdmin):
    list_display = ["name", "code", "kind", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "code"]


@admin.register(SchoolYear)
class SchoolYearAdmin(RoleAdminMixin, admin.ModelAdmin):
    list_display = ["label", "first_day", "last_day"]


class GuardianLinkInline(RoleAdminMixin, admin.TabularInline):
    model = StudentGuardian
    extra = 0
    autocomplete_fields = ["guardian"]


@admin.register(Student)
class StudentAdmin(BigListAdminMixin, RoleAdminMixin, admin.ModelAdmin):
    # By name: (last_name, first_name, id DESC) is indexed (student_admin_list).
    list_display = ["student_id", "last_name", "first_name", "grade", "school", "active"]
    list_filter = ["grade", "active", "school__kind", "school"]
    # A student ID matches exactly; anything else is looked for in the last name.
    search_fields = ["student_id", "last_name"]
    id_search = "student_id"
    name_search = "last_name"
    name_search_ordering = [Upper("last_name"), Upper("first_name")]
    list_select_related = ["school"]
    autocomplete_fields = ["school"]
    inlines = [GuardianLinkInline]
    list_per_page = 50


class StudentLinkInline(RoleAdminMixin, admin.TabularInline):
    model = StudentGuardian
    extra = 0
    autocomplete_fields = ["student"]


@admin.register(Guardian)
class GuardianAdmin(BigListAdminMixin, RoleAdminMixin, admin.ModelAdmin):
    # By name: (last_name, first_name, id DESC) is indexed (guardian_admin_list).
    list_display = ["last_name", "first_name", "email", "mobile_phone", "preferred_language"]
    list_filter = ["preferred_language"]
    # The last name by substring, or an email address exactly (both indexed).
    search_fields = ["last_name", "email"]
    name_search = "last_name"
    name_search_ordering = [Upper("last_name"), Upper("first_name")]
    exact_search = ("email__iexact",)
    inlines = [StudentLinkInline]
    list_per_page = 50


class StaffRoleInline(RoleAdminMixin, admin.TabularInline):
    model = StaffRole
    extra = 0
    autocomplete_fields = ["school"]
    view_action = access.Action.MANAGE_USERS
    change_action = access.Action.MANAGE_USERS


@admin.register(User)
class PortalUserAdmin(RoleAdminMixin, UserAdmin):
    view_action = access.Action.MANAGE_USERS
    change_action = access.Action.MANAGE_USERS
    list_display = ["username", "email", "first_name", "last_name", "is_active", "break_glass"]
    list_filter = ["is_active", "break_glass", "staff_roles__role", "staff_roles__school"]
    fieldsets = [
        *UserAdmin.fieldsets,
        ("District sign-in", {"fields": ["break_glass"]}),
    ]
    inlines = [StaffRoleInline]
    show_full_result_count = False


# Access comes from staff roles (roster.access), so Django's permission groups are not used.
admin.site.unregister(Group)


@admin.register(AccessAttempt)
class SignInPauseAdmin(RoleAdminMixin, admin.ModelAdmin):
    """Paused sign-ins (django-axes). Deleting a row lifts the pause at once."""

    view_action = access.Action.OPERATE_PORTAL
    change_action = access.Action.OPERATE_PORTAL
    list_display = ["username", "ip_address", "failures_since_start", "attempt_time"]
    search_fields = ["username", "ip_address"]
    readonly_fields = [f.name for f in AccessAttempt._meta.fields]

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AccessLog)
class SignInLogAdmin(SignInPauseAdmin):
    list_display = ["username", "ip_address", "attempt_time", "logout_time"]
    readonly_fields = [f.name for f in AccessLog._meta.fields]

    def has_delete_permission(self, request, obj=None):
        return False


class SystemFilter(admin.SimpleListFilter):
    """The district systems that read records, listed without reading every access row: a
    skip scan over the partial index of ``system`` (recordaccess_system), one index probe
    per distinct name."""

    title = "system"
    parameter_name = "system"

    def lookups(self, request, model_admin):
        return [(name, name) for name in record_access_systems()]

    def queryset(self, request, queryset):
        return queryset.filter(system=self.value()) if self.value() else queryset


def record_access_systems() -> list[str]:
    if connection.vendor != "postgresql":
        systems = RecordAccess.objects.exclude(system="").values_list("system", flat=True)
        return sorted(set(systems))
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH RECURSIVE names(system) AS (
                (SELECT system FROM roster_recordaccess WHERE system <> ''
                 ORDER BY system LIMIT 1)
                UNION ALL
                SELECT (SELECT r.system FROM roster_recordaccess r
                        WHERE r.system <> '' AND r.system > names.system
                        ORDER BY r.system LIMIT 1)
                FROM names WHERE names.system IS NOT NULL
            )
            SELECT system FROM names WHERE system IS NOT NULL
            """
        )
        return [row[0] for row in cursor.fetchall()]


@admin.register(RecordAccess)
class RecordAccessAdmin(BigListAdminMixin, ReadOnlyAdminMixin, RoleAdminMixin, admin.ModelAdmin):
    """The student-record access log (who saw or received which student's record, when and
    why), read-only: it is evidence under the state's student-records law."""

    view_action = access.Action.VIEW_ROSTER
    change_action = access.Action.VIEW_ROSTER
    # Newest first: (at DESC, id DESC) is indexed (recordaccess_admin_list). No
    # date_hierarchy: its year links are a DISTINCT over every row; the date filter's ranges
    # use the index.
    list_display = ["at", "student", "who", "action", "purpose", "document", "ip_address"]
    list_filter = ["purpose", ("at", admin.DateFieldListFilter), SystemFilter]
    # One student or one user: the search box (a student ID exactly, a last name, or a
    # username exactly) or ?student=<pk> / ?user=<pk> from a link; a sidebar list of 320,000
    # students would be no filter.
    search_fields = ["student__student_id", "student__last_name", "user__username"]
    id_search = "student__student_id"
    name_search = "student__last_name"
    list_select_related = ["student", "user", "guardian", "document"]
    list_per_page = 50
    readonly_fields = [f.name for f in RecordAccess._meta.fields]

    def get_search_results(self, request, queryset, search_term):
        # A staff member's username first (one indexed lookup), else a student: an OR of the
        # two would join both tables for every access row.
        user = User.objects.filter(username=search_term.strip()).only("pk").first()
        if user is not None:
            return queryset.filter(user=user), False
        return super().get_search_results(request, queryset, search_term)

    @admin.display(description="who")
    def who(self, obj):
        return obj.user or obj.guardian or obj.system


@admin.register(RosterImport)
class RosterImportAdmin(RoleAdminMixin, admin.ModelAdmin):
    """ITS uploads the SIS's OneRoster file here; the background worker checks it (and, unless
    it is a dry run, imports it). The record of each upload is kept for audit."""

    view_action = access.Action.IMPORT_ROSTER
    change_action = access.Action.IMPORT_ROSTER
    list_display = ["uploaded_at", "uploaded_by", "dry_run", "status", "progress"]
    list_filter = ["status", "dry_run"]
    actions = ["import_checked"]
    readonly_fields = [
        "uploaded_by",
        "uploaded_at",
        "status",
        "progress",
        "plan",
        "report",
        "finished_at",
    ]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["file", "dry_run", "force"]
        return ["file", "dry_run", "force", *self.readonly_fields]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["file", "dry_run", "force", *self.readonly_fields]

    def has_delete_permission(self, request, obj=None):
        return False  # kept for audit

    def save_model(self, request, obj, form, change):
        saved = roster_import_upload(
            file=form.cleaned_data["file"],
            user=request.user,
            dry_run=form.cleaned_data["dry_run"],
            force=form.cleaned_data["force"],
        )
        obj.pk, obj._state.adding = saved.pk, False

    @admin.action(description="Import the checked files (after a dry run)")
    def import_checked(self, request, queryset):
        count = 0
        for record in queryset.filter(status=RosterImportStatus.PLANNED):
            roster_import_apply(import_id=record.pk, user=request.user)
            count += 1
        self.message_user(request, f"{count} checked file(s) queued for import.")
