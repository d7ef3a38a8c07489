"""/guidance/: public guidance pages beside the FAQ."""

from django.urls import path

from faq import views

app_name = "guidance"

urlpatterns = [
    path("programs/", views.programs, name="programs"),
]
