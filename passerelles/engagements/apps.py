from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementsConfig(AppConfig):
    name = "passerelles.engagements"
    verbose_name = _("Engagements")

    def ready(self):
        # Engagements build on missions: they tell the missions what a closing means for the people waiting
        # and which places are taken, explicitly, here (missions never import engagements).
        from passerelles.engagements import closing
        from passerelles.missions.services import counts_places, on_mission_closed

        on_mission_closed(closing.decline_waiting_candidates)
        counts_places(closing.count_taken_places)
