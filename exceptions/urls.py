from django.urls import path

from exceptions import views

app_name = "exceptions"
urlpatterns = [
    path("", views.index, name="list"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/act/", views.act, name="act"),
    path("<int:pk>/clear-flag/", views.clear_flag, name="clear_flag"),
    path("<int:pk>/confirm/<slug:step>/", views.confirm, name="confirm"),
    path("<int:pk>/attachments/<int:attachment_pk>/", views.attachment, name="attachment"),
    path("<int:pk>/decisions/<int:decision_pk>/", views.decision, name="decision"),
]
