from django.urls import path

from passerelles.pooling import views

app_name = "pooling"

urlpatterns = [
    path("mutualisations/", views.pool_list, name="pool_list"),
    path("organisations/<slug:org_slug>/mutualisations/nouvelle/", views.pool_create, name="pool_create"),
    path("mutualisations/<int:pool_id>/", views.pool_detail, name="pool_detail"),
    path("mutualisations/<int:pool_id>/planning/", views.pool_schedule, name="pool_schedule"),
    path("mutualisations/<int:pool_id>/accord/", views.pool_consent, name="pool_consent"),
    path("mutualisations/<int:pool_id>/sites/nouveau/", views.site_add, name="site_add"),
    path("mutualisations/<int:pool_id>/creneaux/nouveau/", views.assignment_add, name="assignment_add"),
    path(
        "mutualisations/<int:pool_id>/creneaux/<int:slot_id>/retirer/",
        views.assignment_remove,
        name="assignment_remove",
    ),
    path(
        "mutualisations/<int:pool_id>/remplacements/nouveau/", views.replacement_add, name="replacement_add"
    ),
    path(
        "mutualisations/<int:pool_id>/remplacements/<int:replacement_id>/",
        views.replacement_decide,
        name="replacement_decide",
    ),
]
