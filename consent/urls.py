from django.urls import path

from consent.views import api, codes, copies, dashboard, letters, paper, parents, records, school

app_name = "consent"

urlpatterns = [
    path("", dashboard.dashboard_view, name="dashboard"),
    path("students.csv", dashboard.students_csv, name="students_csv"),
    path("remind/", dashboard.remind, name="remind"),
    path("renew/", dashboard.renew, name="renew"),
    path("issue/", school.issue, name="issue"),
    path("batches/<int:pk>/", school.batch, name="batch"),
    path("batches/<int:pk>/progress.json", school.batch_progress, name="batch_progress"),
    path("countersign/", school.countersign_queue, name="countersign_queue"),
    path("countersign/<int:pk>/", school.countersign, name="countersign"),
    path("countersign/<int:pk>/form.pdf", school.countersign_form_pdf, name="countersign_form"),
    path("records/<int:pk>/pdf/", school.record_pdf, name="record_pdf"),
    path("batches/<int:pk>/letters.pdf", letters.batch_letters, name="batch_letters"),
    path(
        "batches/<int:pk>/letters/prepare/",
        letters.batch_letters_prepare,
        name="batch_letters_prepare",
    ),
    path("letters/<int:pk>.pdf", letters.letter_file_download, name="letter_file"),
    path("code/", codes.code_entry, name="code"),
    path("code/<str:code>/", codes.code_go, name="code_go"),
    path("paper/", paper.paper_start, name="paper_start"),
    path("paper/record/", paper.paper_record_new, name="paper_record_new"),
    path("requests/<int:pk>/paper/", paper.paper_record, name="paper_record"),
    path("sign/<str:token>/", parents.sign, name="sign"),
    path("sign/<str:token>/answer/", parents.sign_decide, name="sign_decide"),
    path("sign/<str:token>/withdraw/", parents.sign_revoke, name="sign_withdraw"),
    path("sign/<str:token>/phones/", parents.sign_phones, name="sign_phones"),
    path("sign/<str:token>/copy.pdf", copies.sign_copy, name="sign_copy"),
    path(
        "sign/<str:token>/withdrawal.pdf",
        copies.sign_withdrawal_copy,
        name="sign_withdrawal_copy",
    ),
    path("check/", records.check, name="check"),
    path("students/<str:student_id>/", records.student_record, name="student_record"),
    path("links/<int:pk>/new/", records.link_replace, name="link_replace"),
    path("documents/<int:pk>/", records.document_download, name="document"),
    path("export/", records.export_choose, name="export"),
    path("export/<slug:slug>.csv", records.export_csv, name="export_csv"),
    path(
        "api/v1/students/<str:student_id>/coverage",
        api.student_coverage,
        name="api_student_coverage",
    ),
    path("api/v1/programs/<slug:slug>/covered", api.program_covered, name="api_program_covered"),
    path("api/v1/openapi.json", api.description, name="api_openapi"),
]
