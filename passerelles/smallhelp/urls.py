from django.urls import path

from passerelles.smallhelp import views

app_name = "smallhelp"

urlpatterns = [
    path("coups-de-main/", views.home, name="home"),
    path("coups-de-main/demander/", views.help_ask, name="help_ask"),
    path("coups-de-main/proposer/", views.help_propose, name="help_propose"),
    path("coups-de-main/<int:help_id>/", views.help_detail, name="help_detail"),
    path("coups-de-main/<int:help_id>/accord/", views.help_agree, name="help_agree"),
    path("coups-de-main/<int:help_id>/refus/", views.help_decline, name="help_decline"),
    path("coups-de-main/<int:help_id>/annuler/", views.help_cancel, name="help_cancel"),
    path("coups-de-main/<int:help_id>/lettre-de-mission.pdf", views.help_letter, name="help_letter"),
    path("immersions/demander/", views.immersion_ask, name="immersion_ask"),
    path("immersions/<int:immersion_id>/", views.immersion_detail, name="immersion_detail"),
    path("immersions/<int:immersion_id>/reponse/", views.immersion_decide, name="immersion_decide"),
    path("immersions/<int:immersion_id>/annuler/", views.immersion_cancel, name="immersion_cancel"),
    path("immersions/<int:immersion_id>/note.pdf", views.immersion_note, name="immersion_note"),
    path("organisations/<slug:org_slug>/coups-de-main/", views.organisation_list, name="organisation_list"),
    path(
        "organisations/<slug:org_slug>/parcours-de-retour/nouveau/", views.programme_new, name="programme_new"
    ),
    path("parcours-de-retour/<int:return_programme_id>/", views.programme_detail, name="programme_detail"),
    path(
        "parcours-de-retour/<int:return_programme_id>/reponse/",
        views.programme_answer,
        name="programme_answer",
    ),
]
