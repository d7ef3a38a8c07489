"""Admin pages opened by roles (roster.access), not by is_staff: every app's ModelAdmin
mixes this in."""

from roster import access


class RoleAdminMixin:
    """Admin pages open to the roles that hold ``view_action`` / ``change_action``."""

    view_action = access.Action.VIEW_ROSTER
    change_action = access.Action.MANAGE_ROSTER

    def has_module_permission(self, request):
        return access.can(request.user, self.view_action)

    def has_view_permission(self, request, obj=None):
        return access.can(request.user, self.view_action) or self.has_change_permission(request)

    def has_add_permission(self, request, *args):
        return access.can(request.user, self.change_action)

    def has_change_permission(self, request, obj=None):
        return access.can(request.user, self.change_action)

    def has_delete_permission(self, request, obj=None):
        return access.can(request.user, self.change_action)


class ReadOnlyAdminMixin:
    """Pages (or inlines) that show evidence and never change it: no adding, editing or
    deleting, whatever the role. Who may *see* them comes from the other mixin (usually
    RoleAdminMixin), listed after this one."""

    # For inlines: no empty extra rows, no delete boxes.
    extra = 0
    can_delete = False

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
