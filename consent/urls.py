from django.urls import path

from consent import views

app_name = "consent"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("issue/", views.issue, name="issue"),
    path("batches/<int:pk>/", views.batch, name="batch"),
    path("countersign/", views.countersign_queue, name="countersign_queue"),
    path("countersign/<int:pk>/", views.countersign, name="countersign"),
    path("records/<int:pk>/pdf/", views.record_pdf, name="record_pdf"),
    path("sign/<str:token>/", views.sign, name="sign"),
    path("sign/<str:token>/answer/", views.sign_decide, name="sign_decide"),
    path("sign/<str:token>/withdraw/", views.sign_revoke, name="sign_withdraw"),
    path("sign/<str:token>/copy.pdf", views.sign_copy, name="sign_copy"),
]
