"""Staff pages of the platforms app, under /platforms/ (the public list is
/guidance/platforms/, in faq.urls_guidance)."""

from django.urls import path

from platforms import views_consults, views_survey

app_name = "platforms"

urlpatterns = [
    # The schools' survey and pre-purchase consults (views_survey, views_consults).
    path("survey/", views_survey.survey_index, name="survey"),
    path("survey/<int:pk>/", views_survey.survey_rates, name="survey_rates"),
    path("survey/<int:pk>/remind/", views_survey.survey_remind, name="survey_remind"),
    path("survey/<int:pk>/<str:code>/", views_survey.survey_school, name="survey_school"),
    path("survey/<int:pk>/<str:code>/submit/", views_survey.survey_submit, name="survey_submit"),
    path(
        "survey/<int:pk>/<str:code>/answers/<int:use_pk>/remove/",
        views_survey.survey_answer_remove,
        name="survey_answer_remove",
    ),
    path(
        "survey/<int:pk>/<str:code>/delegates/",
        views_survey.survey_delegate,
        name="survey_delegate",
    ),
    path(
        "survey/<int:pk>/<str:code>/delegates/<int:delegate_pk>/remove/",
        views_survey.survey_delegate_remove,
        name="survey_delegate_remove",
    ),
    path("consults/", views_consults.consult_list, name="consults"),
    path("consults/new/", views_consults.consult_new, name="consult_new"),
    path("consults/<int:pk>/", views_consults.consult_detail, name="consult_detail"),
    path("consults/<int:pk>/answer/", views_consults.consult_answer, name="consult_answer"),
]
