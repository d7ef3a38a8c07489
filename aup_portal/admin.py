"""The portal's admin site: branded, and opened by roles (roster.access), not by is_staff."""

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme

from roster import access


class PortalAdminSite(admin.AdminSite):
    site_header = "AUP Portal administration"
    site_title = "AUP Portal administration"
    index_title = "Administration"

    def has_permission(self, request):
        return access.can(request.user, access.Action.USE_ADMIN)

    @method_decorator(login_not_required)
    def login(self, request, extra_context=None):
        # One sign-in page for all staff, with its throttling: the portal's own.
        next_url = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
            next_url = reverse("admin:index", current_app=self.name)
        if not request.user.is_authenticated:
            return redirect_to_login(next_url)
        if self.has_permission(request):
            return redirect(next_url)
        return redirect("home")
