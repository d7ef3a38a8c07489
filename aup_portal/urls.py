from django.contrib import admin
from django.urls import include, path

from aup_portal import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("faq/", include("faq.urls")),
    path("guidance/", include("faq.urls_guidance")),
    path("consent/", include("consent.urls")),
    path("exceptions/", include("exceptions.urls")),
    path("admin/", admin.site.urls),
]
