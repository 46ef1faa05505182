from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReimbursementsConfig(AppConfig):
    name = "passerelles.reimbursements"
    verbose_name = _("Remboursements entre employeurs")

    def ready(self):
        # A later stage of the engagement: the core never imports it (engagements/stages.py). An extension
        # or the start recomputes the lines not yet issued; the documents state the decision taken here.
        from passerelles.documents.sources import add_reimbursement_decision
        from passerelles.engagements import stages
        from passerelles.reimbursements.services import documents_decision, follow_engagement

        stages.on_extended(follow_engagement)
        stages.on_activate(follow_engagement)
        add_reimbursement_decision(documents_decision)
