"""Site-wide pages: home, staff sign-in and password reset, the CSRF failure page (health
probes: aup_portal/health.py)."""

import hashlib

from axes.utils import reset as axes_reset
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_GET

from aup_portal import oidc, ratelimit
from aup_portal.forms import PasswordResetForm, PasswordSignInForm
from aup_portal.http import client_ip
from aup_portal.todo import todo_for

# Password-reset emails per hour: per account (the address typed) so no one fills a
# colleague's mailbox, and per client address so no one sprays many addresses.
RESET_PER_ACCOUNT = ratelimit.Limit("password-reset-account", allowed=3, seconds=60 * 60)
RESET_PER_ADDRESS = ratelimit.Limit("password-reset-address", allowed=10, seconds=60 * 60)


@login_not_required
@require_GET
def home(request):
    roles, todo = [], []
    if request.user.is_authenticated:
        roles = list(
            request.user.staff_roles.select_related("school").order_by("role", "school__name")
        )
        todo = todo_for(request.user, roles)
    return render(request, "home.html", {"roles": roles, "todo": todo})


@login_not_required
def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Setting a new password through the emailed link also lifts a sign-in pause: the
    person has just shown they hold the account's mailbox."""

    def form_valid(self, form):
        response = super().form_valid(form)
        axes_reset(username=form.user.get_username())
        return response


class LoginView(auth_views.LoginView):
    """The staff sign-in page: the district account first when district sign-in is on."""

    form_class = PasswordSignInForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(district_sign_in=oidc.enabled(), **kwargs)


class PasswordResetView(auth_views.PasswordResetView):
    """Over a limit the page answers exactly as when an email was sent (or the address is
    unknown), so neither the limit nor the answer tells anyone whether an account exists."""

    form_class = PasswordResetForm

    def form_valid(self, form):
        typed = form.cleaned_data["email"].strip().casefold()
        account = hashlib.sha256(typed.encode()).hexdigest()  # no address kept in the cache
        over = [
            ratelimit.hit(RESET_PER_ADDRESS, client_ip(self.request)).exceeded,
            ratelimit.hit(RESET_PER_ACCOUNT, account).exceeded,
        ]
        if any(over):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)
