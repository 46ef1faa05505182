from django.urls import path

from passerelles.encounters import schedule_views, views

app_name = "encounters"

urlpatterns = [
    path("rencontres/", views.encounter_list, name="encounter_list"),
    path(
        "organisations/<slug:org_slug>/rencontres/nouvelle/", views.encounter_create, name="encounter_create"
    ),
    path(
        "reseaux/<slug:network_slug>/rencontres/nouvelle/",
        views.network_encounter_create,
        name="network_encounter_create",
    ),
    path("rencontres/<int:encounter_id>/", views.encounter_detail, name="encounter_detail"),
    path("rencontres/<int:encounter_id>/modifier/", views.encounter_edit, name="encounter_edit"),
    path(
        "rencontres/<int:encounter_id>/inviter/", views.encounter_invite_hosts, name="encounter_invite_hosts"
    ),
    path("rencontres/<int:encounter_id>/ouvrir/", views.encounter_open, name="encounter_open"),
    path("rencontres/<int:encounter_id>/annuler/", views.encounter_cancel, name="encounter_cancel"),
    path("rencontres/<int:encounter_id>/presenter/", views.pitch_create, name="pitch_create"),
    path("rencontres/<int:encounter_id>/inscription/", views.registration, name="registration"),
    path("rencontres/<int:encounter_id>/planning/", schedule_views.schedule_page, name="schedule"),
    path(
        "rencontres/<int:encounter_id>/planning/envoyer/", schedule_views.schedule_send, name="schedule_send"
    ),
    path("rencontres/<int:encounter_id>/programme/", schedule_views.programme, name="programme"),
    path("rencontres/<int:encounter_id>/mon-agenda/", schedule_views.my_agenda, name="my_agenda"),
    path("rencontres/<int:encounter_id>/mon-agenda.ics", schedule_views.my_agenda_ics, name="my_agenda_ics"),
    path("rencontres/<int:encounter_id>/tenu/", schedule_views.encounter_hold, name="encounter_hold"),
    path("rencontres/<int:encounter_id>/bilan/", schedule_views.report, name="report"),
    path("rencontres/presentations/<int:pitch_id>/modifier/", views.pitch_edit, name="pitch_edit"),
    path("rencontres/presentations/<int:pitch_id>/photo/", views.pitch_photo, name="pitch_photo"),
    path("rencontres/presentations/<int:pitch_id>/inscrits/", views.pitch_wishes, name="pitch_wishes"),
    path(
        "rencontres/conversations/<int:conversation_id>/suite/",
        schedule_views.conversation_answer,
        name="conversation_answer",
    ),
]
