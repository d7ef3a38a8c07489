from django.urls import path

from consent import api, checks, views, views_dashboard, views_letters, views_paper

app_name = "consent"

urlpatterns = [
    path("", views_dashboard.dashboard_view, name="dashboard"),
    path("students.csv", views_dashboard.students_csv, name="students_csv"),
    path("remind/", views_dashboard.remind, name="remind"),
    path("renew/", views_dashboard.renew, name="renew"),
    path("issue/", views.issue, name="issue"),
    path("batches/<int:pk>/", views.batch, name="batch"),
    path("countersign/", views.countersign_queue, name="countersign_queue"),
    path("countersign/<int:pk>/", views.countersign, name="countersign"),
    path("records/<int:pk>/pdf/", views.record_pdf, name="record_pdf"),
    path("batches/<int:pk>/letters.pdf", views_letters.batch_letters, name="batch_letters"),
    path(
        "batches/<int:pk>/letters/prepare/",
        views_letters.batch_letters_prepare,
        name="batch_letters_prepare",
    ),
    path("letters/<int:pk>.pdf", views_letters.letter_file_download, name="letter_file"),
    path("code/", views_letters.code_entry, name="code"),
    path("code/<str:code>/", views_letters.code_go, name="code_go"),
    path("paper/", views_paper.paper_start, name="paper_start"),
    path("requests/<int:pk>/paper/", views_paper.paper_record, name="paper_record"),
    path("sign/<str:token>/", views.sign, name="sign"),
    path("sign/<str:token>/answer/", views.sign_decide, name="sign_decide"),
    path("sign/<str:token>/withdraw/", views.sign_revoke, name="sign_withdraw"),
    path("sign/<str:token>/copy.pdf", views.sign_copy, name="sign_copy"),
    path("check/", checks.check, name="check"),
    path("students/<str:student_id>/", checks.student_record, name="student_record"),
    path("documents/<int:pk>/", checks.document_download, name="document"),
    path("export/", checks.export_choose, name="export"),
    path("export/<slug:slug>.csv", checks.export_csv, name="export_csv"),
    path(
        "api/v1/students/<str:student_id>/coverage",
        api.student_coverage,
        name="api_student_coverage",
    ),
    path("api/v1/programs/<slug:slug>/covered", api.program_covered, name="api_program_covered"),
]
