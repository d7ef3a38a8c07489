from django.contrib import admin
from django.urls import include, path

from aup_portal import health, oidc, views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("healthz/live", health.live, name="healthz_live"),
    path("healthz/ready", health.ready, name="healthz_ready"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", oidc.sign_out, name="logout"),
    path("accounts/password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("oidc/authenticate/", oidc.SignInView.as_view(), name="oidc_authentication_init"),
    path("oidc/callback/", oidc.CallbackView.as_view(), name="oidc_authentication_callback"),
    path("faq/", include("faq.urls")),
    path("guidance/", include("faq.urls_guidance")),
    path("consent/", include("consent.urls")),
    path("exceptions/", include("exceptions.urls")),
    path("platforms/", include("platforms.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "aup_portal.errors.bad_request"
handler403 = "aup_portal.errors.permission_denied"
handler404 = "aup_portal.errors.page_not_found"
handler500 = "aup_portal.errors.server_error"
