"""Staff pages of the platforms app, under /platforms/ (the public list is
/guidance/platforms/, in faq.urls_guidance)."""

from django.urls import path

from platforms.views import its, school

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
]
