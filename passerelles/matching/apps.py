from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "passerelles.matching"
    verbose_name = _("Suggestions")

    def ready(self):
        from passerelles.engagements.stages import on_proposal_accepted
        from passerelles.matching.services import reveal_on_acceptance

        on_proposal_accepted(reveal_on_acceptance)
