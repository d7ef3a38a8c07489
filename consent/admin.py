"""Admin for texting programs and their versioned form texts (ITS), and read-only views of
requests and signed records: evidence is never edited here."""

from django.contrib import admin, messages
from django.utils.translation import gettext

from aup_portal.admin_lists import BigListAdminMixin
from aup_portal.http import client_ip
from consent.models import (
    Activity,
    ConsentEvent,
    ConsentFormText,
    ConsentRecord,
    ConsentRequest,
    Designation,
    IssueBatch,
    TextingProgram,
    TextingSystemKey,
)
from consent.services.forms_text import current_form_text, form_text_publish
from consent.services.keys import texting_key_create, texting_key_revoke
from consent.services.programs import PROGRAM_FIELDS, program_create, program_update
from roster.access import Action
from roster.admin_access import ReadOnlyAdminMixin, RoleAdminMixin
from roster.models import AccessPurpose
from roster.services import record_access_log


class ProgramAdminMixin(RoleAdminMixin):
    view_action = Action.MANAGE_PROGRAMS
    change_action = Action.MANAGE_PROGRAMS


@admin.register(TextingProgram)
class TextingProgramAdmin(ProgramAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "grade_band", "requires_principal_countersign", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def has_delete_permission(self, request, obj=None):
        return False  # programs are referenced by signed records; deactivate instead

    def save_model(self, request, obj, form, change):
        # Through the same services as the exceptions app, so the same checks apply.
        fields = {name: getattr(obj, name) for name in PROGRAM_FIELDS}
        if change:
            program_update(program=obj, fields=fields)
        else:
            obj.pk = program_create(fields=fields).pk


@admin.register(ConsentFormText)
class ConsentFormTextAdmin(ProgramAdminMixin, admin.ModelAdmin):
    """Texts are never edited: "Add" publishes a new version, starting from the newest."""

    list_display = ["program", "language", "version", "title", "created_at", "created_by"]
    list_filter = ["program", "language"]
    list_select_related = ["program", "created_by"]
    fields = ["program", "language", "title", "body"]

    def get_readonly_fields(self, request, obj=None):
        return self.fields if obj else []

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        program = TextingProgram.objects.filter(pk=initial.get("program")).first()
        latest = program and current_form_text(program, initial.get("language", "en"))
        if latest:
            initial.update(title=latest.title, body=latest.body, language=latest.language)
        return initial

    def save_model(self, request, obj, form, change):
        published = form_text_publish(
            program=obj.program,
            language=obj.language,
            title=obj.title,
            body=obj.body,
            created_by=request.user,
        )
        obj.pk, obj.version = published.pk, published.version


class DesignationInline(ReadOnlyAdminMixin, RoleAdminMixin, admin.TabularInline):
    model = Designation
    fields = ["staff", "designated_by", "designated_at", "removed_by", "removed_at"]
    readonly_fields = fields


@admin.register(Activity)
class ActivityAdmin(ReadOnlyAdminMixin, RoleAdminMixin, admin.ModelAdmin):
    """Read-only: principals (and ITS) add activities and designate staff on the portal's
    "Designated staff" page, through consent.services.designations."""

    list_display = ["name", "program", "school", "starts_on", "ends_on", "created_by"]
    list_filter = ["program"]
    search_fields = ["name", "school__name"]
    list_select_related = ["program", "school", "created_by"]
    inlines = [DesignationInline]


@admin.register(IssueBatch)
class IssueBatchAdmin(ReadOnlyAdminMixin, RoleAdminMixin, admin.ModelAdmin):
    list_display = ["program", "school", "school_year", "issued_count", "issued_by", "issued_at"]
    list_filter = ["program", "school_year"]
    list_select_related = ["program", "school", "school_year", "issued_by"]
    show_full_result_count = False


class ConsentEventInline(ReadOnlyAdminMixin, RoleAdminMixin, admin.TabularInline):
    model = ConsentEvent
    fields = ["at", "kind", "user", "guardian", "ip_address", "detail"]
    readonly_fields = fields


@admin.register(ConsentRequest)
class ConsentRequestAdmin(BigListAdminMixin, ReadOnlyAdminMixin, RoleAdminMixin, admin.ModelAdmin):
    # Newest first: (created_at DESC, id DESC) is indexed (consentrequest_admin_list).
    list_display = ["student", "program", "school_year", "school", "status", "created_at"]
    list_filter = ["status", "program", "school_year"]
    # A student ID matches exactly; anything else is looked for in the student's last name.
    search_fields = ["student__student_id", "student__last_name"]
    id_search = "student__student_id"
    name_search = "student__last_name"
    list_select_related = ["student", "program", "school_year", "school"]
    inlines = [ConsentEventInline]


@admin.register(ConsentRecord)
class ConsentRecordAdmin(BigListAdminMixin, ReadOnlyAdminMixin, RoleAdminMixin, admin.ModelAdmin):
    # Newest first: (signed_at DESC, id DESC) is indexed (consentrecord_admin_list).
    list_display = ["request", "decision", "signer_name", "source", "signed_at"]
    list_filter = ["decision", "source", "request__program"]
    ordering = ["-signed_at"]
    # A student ID matches exactly; anything else is looked for in the signer's name.
    search_fields = ["request__student__student_id", "signer_name"]
    id_search = "request__student__student_id"
    name_search = "signer_name"
    list_select_related = [
        "request__student",
        "request__program",
        "request__school_year",
    ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        record = self.get_object(request, object_id)
        if record is not None and self.has_view_permission(request, record):
            # Opening a signed record is a view of the student's record: log it.
            record_access_log(
                student=record.request.student,
                document=record.document,
                user=request.user,
                action="viewed in the admin",
                purpose=AccessPurpose.RECORDS_REVIEW,
                ip=client_ip(request),
            )
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(TextingSystemKey)
class TextingSystemKeyAdmin(ProgramAdminMixin, admin.ModelAdmin):
    """API keys of the district's texting systems. The key is shown once, right after it is
    created; only its SHA-256 is kept. Keys are revoked, never deleted (the access log names
    them)."""

    list_display = ["name", "prefix", "created_at", "created_by", "last_used_at", "revoked_at"]
    list_select_related = ["created_by"]
    actions = ["revoke_keys"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["name"]
        return ["name", "prefix", "created_at", "created_by", "last_used_at", "revoked_at"]

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj) if obj else []

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            return
        row, key = texting_key_create(name=obj.name, created_by=request.user)
        obj.pk = row.pk
        obj.prefix, obj.key_hash, obj.created_at = row.prefix, row.key_hash, row.created_at
        messages.warning(
            request,
            gettext(
                "The key for %(name)s is %(key)s — copy it now into the texting system: it is "
                "shown only this once and cannot be recovered."
            )
            % {"name": row.name, "key": key},
        )

    @admin.action(description="Revoke the selected keys", permissions=["change"])
    def revoke_keys(self, request, queryset):
        revoked = sum(texting_key_revoke(key=key) for key in queryset)
        self.message_user(
            request, gettext("Revoked %(count)s key(s).") % {"count": revoked}, messages.SUCCESS
        )
