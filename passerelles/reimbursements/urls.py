from django.urls import path

from passerelles.reimbursements import views

urlpatterns = [
    path(
        "engagements/<int:engagement_id>/remboursement/", views.schedule_page, name="reimbursement_schedule"
    ),
    path(
        "engagements/<int:engagement_id>/remboursement/decision/",
        views.decide,
        name="reimbursement_decide",
    ),
    path(
        "engagements/<int:engagement_id>/remboursement/echeance/",
        views.line_action,
        name="reimbursement_line",
    ),
    path(
        "engagements/<int:engagement_id>/remboursement/recalcul/",
        views.recompute,
        name="reimbursement_recompute",
    ),
    path(
        "organisations/<slug:org_slug>/remboursements/",
        views.organisation_export,
        name="reimbursement_export",
    ),
]
