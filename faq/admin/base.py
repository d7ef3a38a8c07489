"""What every FAQ admin page shares: who may open it, labelled list inputs, and who sees
links to user accounts in a revision's history."""

from django.contrib.auth import get_user_model

from roster.access import Action
from roster.admin_access import RoleAdminMixin


class FaqAdminMixin(RoleAdminMixin):
    view_action = Action.EDIT_FAQ
    change_action = Action.EDIT_FAQ

    def get_changelist_form(self, request, **kwargs):
        # The list's own inputs (position, active) have no visible label: name each after
        # its column and row, so a screen reader says which row's position it is.
        base = super().get_changelist_form(request, **kwargs)

        class LabelledChangelistForm(base):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                for field in self.fields.values():
                    field.widget.attrs["aria-label"] = f"{field.label}: {self.instance}"

        return LabelledChangelistForm

    def history_view(self, request, object_id, extra_context=None):
        # "Changed by" links to the user's admin page only for those who may open it.
        user_admin = self.admin_site._registry.get(get_user_model())
        can_view_users = bool(user_admin and user_admin.has_view_permission(request))
        extra_context = {**(extra_context or {}), "can_view_users": can_view_users}
        return super().history_view(request, object_id, extra_context=extra_context)
