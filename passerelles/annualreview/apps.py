from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnualReviewConfig(AppConfig):
    name = "passerelles.annualreview"
    verbose_name = _("Entretien annuel")

    def ready(self):
        from passerelles.annualreview.personal_data import register_parts

        register_parts()  # « Mes données » and erasures (people/personal_data_parts.py)
