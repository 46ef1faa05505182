from django.urls import path

from passerelles.networks import views

app_name = "networks"

urlpatterns = [
    path("reseaux/<slug:network_slug>/convention/", views.agreement, name="agreement"),
    path(
        "reseaux/<slug:network_slug>/convention/convention-cadre.pdf",
        views.agreement_document,
        name="agreement_document",
    ),
    path(
        "reseaux/<slug:network_slug>/convention/deliberation/<slug:org_slug>/",
        views.deliberation,
        name="deliberation",
    ),
    path("reseaux/<slug:network_slug>/coordination/", views.coordination, name="coordination"),
    path(
        "reseaux/<slug:network_slug>/coordination/missions/<int:mission_id>/",
        views.curation,
        name="curation",
    ),
    path("reseaux/<slug:network_slug>/dispositifs/", views.schemes, name="schemes"),
    path(
        "reseaux/dispositifs/<int:scheme_id>/adhesion/<slug:org_slug>/",
        views.take_up,
        name="take_up",
    ),
]
