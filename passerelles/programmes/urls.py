from django.urls import path

from passerelles.programmes import views

urlpatterns = [
    path(
        "organisations/<slug:org_slug>/programmes/",
        views.organisation_programmes,
        name="organisation_programmes",
    ),
    path(
        "organisations/<slug:org_slug>/programmes/nouveau/", views.programme_create, name="programme_create"
    ),
    path("programmes/<int:programme_id>/", views.programme_detail, name="programme_detail"),
    path("programmes/<int:programme_id>/modifier/", views.programme_edit, name="programme_edit"),
    path("programmes/<int:programme_id>/indicateurs/nouveau/", views.indicator_edit, name="indicator_add"),
    path(
        "programmes/<int:programme_id>/indicateurs/<int:indicator_id>/",
        views.indicator_edit,
        name="indicator_edit",
    ),
    path(
        "programmes/<int:programme_id>/indicateurs/<int:indicator_id>/retirer/",
        views.indicator_remove,
        name="indicator_remove",
    ),
    path("programmes/<int:programme_id>/decision/", views.programme_decide, name="programme_decide"),
    path("programmes/<int:programme_id>/journal/", views.log_add, name="programme_log_add"),
    path("programmes/<int:programme_id>/questionnaire/", views.questionnaire, name="programme_questionnaire"),
    path("programmes/<int:programme_id>/bilan/", views.programme_review, name="programme_review"),
    path("programmes/<int:programme_id>/bilan.pdf", views.programme_review_pdf, name="programme_review_pdf"),
]
