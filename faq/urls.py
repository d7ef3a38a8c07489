from django.urls import path

from faq import views

app_name = "faq"

urlpatterns = [
    path("", views.index, name="index"),
    path("ask/", views.ask, name="ask"),
    path("ask/thanks/", views.ask_thanks, name="ask_thanks"),
    path("archive/", views.archive, name="archive"),
    # Last: an audience's slug may be anything but the paths above (Audience's constraint).
    path("<slug:slug>/", views.audience, name="audience"),
]
