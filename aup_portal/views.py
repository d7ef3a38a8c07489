"""Site-wide pages: home, health check and the friendly error pages."""

from axes.utils import reset as axes_reset
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from aup_portal import oidc
from aup_portal.forms import PasswordResetForm, PasswordSignInForm


@login_not_required
@require_GET
def home(request):
    roles = []
    if request.user.is_authenticated:
        roles = request.user.staff_roles.select_related("school").order_by("role", "school__name")
    return render(request, "home.html", {"roles": roles})


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """200 "ok" when the app and its database answer; 503 otherwise (no details leak)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


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
    form_class = PasswordResetForm
