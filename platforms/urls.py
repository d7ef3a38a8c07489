"""Staff pages of the platforms app, under /platforms/ (the public list is
/guidance/platforms/, in faq.urls_guidance)."""

from django.urls import path

from platforms.views import consults, its, school, survey

app_name = "platforms"

urlpatterns = [
    path("", its.overview, name="overview"),
    path("<int:pk>/", its.detail, name="detail"),
    path("<int:pk>/step/", its.act, name="act"),
    path("<int:pk>/actions/", its.action_add, name="action_add"),
    path("<int:pk>/move-schools/", its.move_schools, name="move_schools"),
    path("actions/<int:pk>/done/", its.action_done, name="action_done"),
    path("audits/<int:pk>/", its.audit, name="audit"),
    path("audits/<int:pk>/finish/", its.audit_finish, name="audit_finish"),
    path("audits/<int:pk>/evidence/<int:evidence_pk>/", its.evidence, name="evidence"),
    path("school/", school.school, name="school"),
    path("transitions/<int:pk>/done/", school.transition_done, name="transition_done"),
    # The schools' survey and pre-purchase consults (views/survey.py, views/consults.py).
    path("survey/", survey.survey_index, name="survey"),
    path("survey/<int:pk>/", survey.survey_rates, name="survey_rates"),
    path("survey/<int:pk>/remind/", survey.survey_remind, name="survey_remind"),
    path("survey/<int:pk>/<str:code>/", survey.survey_school, name="survey_school"),
    path("survey/<int:pk>/<str:code>/submit/", survey.survey_submit, name="survey_submit"),
    path(
        "survey/<int:pk>/<str:code>/answers/<int:use_pk>/remove/",
        survey.survey_answer_remove,
        name="survey_answer_remove",
    ),
    path(
        "survey/<int:pk>/<str:code>/delegates/",
        survey.survey_delegate,
        name="survey_delegate",
    ),
    path(
        "survey/<int:pk>/<str:code>/delegates/<int:delegate_pk>/remove/",
        survey.survey_delegate_remove,
        name="survey_delegate_remove",
    ),
    path("consults/", consults.consult_list, name="consults"),
    path("consults/new/", consults.consult_new, name="consult_new"),
    path("consults/<int:pk>/", consults.consult_detail, name="consult_detail"),
    path("consults/<int:pk>/answer/", consults.consult_answer, name="consult_answer"),
]
