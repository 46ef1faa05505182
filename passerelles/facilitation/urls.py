from django.urls import path

from passerelles.facilitation import views

app_name = "facilitation"

urlpatterns = [
    path("animateurs/moi/", views.my_pool, name="my_pool"),
    path("animateurs/moi/quitter/", views.leave, name="leave"),
    path("animateurs/", views.pool, name="pool"),
    path("animateurs/<int:facilitator_id>/appel/", views.call_new, name="call_new"),
    path("animateurs/appels/<int:facilitation_call_id>/", views.call_detail, name="call_detail"),
    path("animateurs/appels/<int:facilitation_call_id>/reponse/", views.call_answer, name="call_answer"),
    path("animateurs/appels/<int:facilitation_call_id>/bilan/", views.call_confirm, name="call_confirm"),
]
