"""The plan, the roll call and the end of a crisis (names in the ``crisis`` namespace)."""

from django.urls import path

from passerelles.crisis import ops_views, plan_views

urlpatterns = [
    path("crises/<int:crisis_id>/plan/", plan_views.plan_page, name="plan"),
    path("crises/<int:crisis_id>/plan/<int:plan_id>/ajouter/", plan_views.plan_add, name="plan_add"),
    path(
        "crises/<int:crisis_id>/plan/<int:plan_id>/affectations/<int:assignment_id>/retirer/",
        plan_views.plan_remove,
        name="plan_remove",
    ),
    path(
        "crises/<int:crisis_id>/plan/<int:plan_id>/affectations/<int:assignment_id>/origine/",
        plan_views.plan_origin,
        name="plan_origin",
    ),
    path("crises/<int:crisis_id>/plan/<int:plan_id>/publier/", plan_views.plan_publish, name="plan_publish"),
    path("crises/<int:crisis_id>/appel-du-jour/", ops_views.roll_call, name="roll_call"),
    path(
        "crises/<int:crisis_id>/affectations/<int:assignment_id>/retrait/",
        ops_views.withdraw,
        name="withdraw",
    ),
    path("crises/<int:crisis_id>/mes-creneaux/", ops_views.my_shifts, name="my_shifts"),
    path("crises/<int:crisis_id>/cloture/", ops_views.close, name="close"),
    path("crises/<int:crisis_id>/retour/", ops_views.debrief, name="debrief"),
    path("crises/<int:crisis_id>/retex/", ops_views.retex, name="retex"),
]
