"""/guidance/: public guidance pages beside the FAQ."""

from django.urls import path

from faq import views
from platforms.views import public as platforms_public

app_name = "guidance"

urlpatterns = [
    path("programs/", views.programs, name="programs"),
    path("platforms/", platforms_public.platforms, name="platforms"),
]
