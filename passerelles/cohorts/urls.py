from django.urls import path

from passerelles.cohorts import views

urlpatterns = [
    path("cohortes/", views.cohort_list, name="cohort_list"),
    path("cohortes/mon-parcours/", views.my_cohorts, name="my_cohorts"),
    path("reseaux/<slug:network_slug>/cohortes/nouveau/", views.cohort_create, name="cohort_create"),
    path("cohortes/<int:cohort_id>/", views.cohort_detail, name="cohort_detail"),
    path("cohortes/<int:cohort_id>/modifier/", views.cohort_edit, name="cohort_edit"),
    path("cohortes/<int:cohort_id>/sponsors/", views.sponsor_add, name="cohort_sponsor_add"),
    path(
        "cohortes/<int:cohort_id>/communication/<int:item_id>/",
        views.checklist_tick,
        name="cohort_checklist_tick",
    ),
    path("cohortes/<int:cohort_id>/candidatures/nouvelle/", views.nominate, name="cohort_nominate"),
    path("cohortes/candidatures/<int:nomination_id>/", views.nomination_detail, name="cohort_nomination"),
    path(
        "cohortes/candidatures/<int:nomination_id>/reponse/",
        views.nomination_answer,
        name="cohort_nomination_answer",
    ),
    path(
        "cohortes/candidatures/<int:nomination_id>/arreter/",
        views.nomination_leave,
        name="cohort_nomination_leave",
    ),
    path("cohortes/<int:cohort_id>/etapes/nouvelle/", views.step_add, name="cohort_step_add"),
    path(
        "cohortes/<int:cohort_id>/etapes/<int:step_id>/presences/",
        views.attendance,
        name="cohort_attendance",
    ),
    path(
        "cohortes/<int:cohort_id>/opportunites/nouvelle/",
        views.opportunity_offer,
        name="cohort_opportunity_offer",
    ),
    path("cohortes/opportunites/<int:opportunity_id>/", views.opportunity_detail, name="cohort_opportunity"),
    path(
        "cohortes/opportunites/<int:opportunity_id>/accepter/",
        views.opportunity_answer,
        {"answer": "accepter"},
        name="cohort_opportunity_accept",
    ),
    path(
        "cohortes/opportunites/<int:opportunity_id>/decliner/",
        views.opportunity_answer,
        {"answer": "decliner"},
        name="cohort_opportunity_decline",
    ),
    path(
        "cohortes/opportunites/<int:opportunity_id>/fiche/origine/",
        views.sheet_side_edit,
        {"side": "origine"},
        name="cohort_sheet_origin",
    ),
    path(
        "cohortes/opportunites/<int:opportunity_id>/fiche/accueil/",
        views.sheet_side_edit,
        {"side": "accueil"},
        name="cohort_sheet_host",
    ),
]
