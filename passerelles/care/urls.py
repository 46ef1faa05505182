from django.urls import path

from passerelles.care import structural_views, support_views, views

app_name = "care"

urlpatterns = [
    path("mon-accompagnement/", views.mine, name="mine"),
    path(
        "organisations/<slug:org_slug>/accompagnements/", views.organisation_plans, name="organisation_plans"
    ),
    path("organisations/<slug:org_slug>/accompagnements/ouvrir/", views.plan_open, name="plan_open"),
    path("accompagnements/<int:accompaniment_id>/", views.plan_detail, name="plan_detail"),
    path("accompagnements/<int:accompaniment_id>/notes/", views.entry_add, name="entry_add"),
    path(
        "accompagnements/<int:accompaniment_id>/missions/relier/",
        views.engagement_attach,
        name="engagement_attach",
    ),
    path(
        "accompagnements/<int:accompaniment_id>/missions/retirer/",
        views.engagement_detach,
        name="engagement_detach",
    ),
    path("accompagnements/<int:accompaniment_id>/cloture/", views.plan_close, name="plan_close"),
    path(
        "organisations/<slug:org_slug>/renforts-recurrents/",
        structural_views.structural_needs,
        name="structural_needs",
    ),
    path("engagements/<int:engagement_id>/soutien/", support_views.support_page, name="support"),
    path(
        "engagements/<int:engagement_id>/soutien/pacte.pdf", support_views.support_pact, name="support_pact"
    ),
    path(
        "engagements/<int:engagement_id>/soutien/pacte/accepter/",
        support_views.support_pact_accept,
        name="support_pact_accept",
    ),
    path(
        "engagements/<int:engagement_id>/soutien/transmettre/",
        support_views.escalate,
        name="support_escalate",
    ),
    path(
        "engagements/<int:engagement_id>/soutien/transmissions/<int:escalation_id>/",
        support_views.escalation_answer,
        name="support_escalation_answer",
    ),
]
