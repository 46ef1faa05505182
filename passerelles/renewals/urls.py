from django.urls import path

from passerelles.renewals import views

app_name = "renewals"

urlpatterns = [
    path("organisations/<slug:org_slug>/echeances/", views.deadlines, name="deadlines"),
    path("engagements/<int:engagement_id>/echeance/", views.deadline, name="deadline"),
    path("engagements/<int:engagement_id>/echeance/renouveler/", views.renew, name="renew"),
    path("engagements/<int:engagement_id>/echeance/poste-cle/", views.key_post, name="key_post"),
    path("engagements/<int:engagement_id>/passation/", views.handover, name="handover"),
]
