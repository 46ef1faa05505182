from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "passerelles.followup"
    verbose_name = _("Suivi des missions")

    def ready(self):
        # The follow-up schedules the pact's check-ins when an engagement is ready and again when it starts.
        from passerelles.engagements import stages
        from passerelles.followup.services import schedule_checkins

        stages.on_ready(schedule_checkins)
        stages.on_activate(schedule_checkins)
