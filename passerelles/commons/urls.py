from django.urls import path

from passerelles.commons import charter_views, views

app_name = "commons"

urlpatterns = [
    path("temps-en-commun/", views.mine, name="mine"),
    path("temps-en-commun/equipe/", views.team, name="team"),
    path("organisations/<slug:org_slug>/temps-en-commun/", views.organisation_page, name="organisation"),
]
urlpatterns.append(path("guide/encadrants/", views.managers_guide, name="managers_guide"))
urlpatterns.append(
    path("organisations/<slug:org_slug>/charte/", charter_views.charter_page, name="charter"),
)
