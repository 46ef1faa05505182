"""Preparation, activation, availability and needs (issue 17 §1–2)."""

from django.urls import path

from passerelles.crisis import crisis_views, prepare_views

urlpatterns = [
    path("organisations/<slug:org_slug>/crise/", prepare_views.crisis_home, name="home"),
    path("organisations/<slug:org_slug>/crise/pca/", prepare_views.plan_edit, name="plan_edit"),
    path("organisations/<slug:org_slug>/crise/registre/", prepare_views.registry, name="registry"),
    path("organisations/<slug:org_slug>/crise/activer/", prepare_views.activate, name="activate"),
    path(
        "reseaux/<slug:network_slug>/crise/activer/", prepare_views.activate_network, name="activate_network"
    ),
    path("crise/volontaire/", prepare_views.volunteer, name="volunteer"),
    path("crises/<int:crisis_id>/", crisis_views.detail, name="detail"),
    path("crises/<int:crisis_id>/disponibilites/", crisis_views.availabilities, name="availabilities"),
    path("crises/disponibilite/<str:token>/", crisis_views.answer, name="answer"),
    path("crises/<int:crisis_id>/appel/", crisis_views.broadcast, name="broadcast"),
    path("crises/<int:crisis_id>/besoins/", crisis_views.need_list, name="needs"),
    path(
        "crises/<int:crisis_id>/besoins/<int:need_id>/annuler/", crisis_views.need_cancel, name="need_cancel"
    ),
]
