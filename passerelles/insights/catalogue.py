"""The measures Passerelles computes, by name (no database): a programme's indicators point to one of them, the
dashboards show them, and insights/measures.py computes them. Their definitions are in docs/tableaux-de-bord.md."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Metric(models.TextChoices):
    MISSIONS_PUBLISHED = "missions_published", _("Missions publiées")
    INTERESTED = "interested", _("Agents intéressés (engagements ouverts)")
    MET = "met", _("Rencontres tenues")
    AGREED = "agreed", _("Missions accordées (prêtes à démarrer ou plus loin)")
    COMPLETED = "completed", _("Missions terminées")
    EVALUATED = "evaluated", _("Missions évaluées")
    PARTICIPANTS = "participants", _("Agents partis en mission")
    FIRST_TIMER_SHARE = "first_timer_share", _("Part de premières participations (%)")
    DAYS_GIVEN = "days_given", _("Jours de mission (prévus)")
    SATISFACTION = "satisfaction", _("Satisfaction moyenne (1 à 5)")
    EARLY_END_SHARE = "early_end_share", _("Part des fins anticipées (%)")
    DAYS_TO_READY = "days_to_ready", _("Délai médian de la publication à « prête à démarrer » (jours)")
    FACILITATION_HOURS = "facilitation_hours", _("Heures d'animation reconnues")
    LIGHT_HALF_DAYS = "light_half_days", _("Demi-journées de coup de main")
    IMMERSIONS = "immersions", _("Immersions « vis ma vie »")
    GIFT_HOURS = "gift_hours", _("Heures données sur les jours de solidarité")
    MANUAL = "manual", _("Mesure manuelle (saisie par la RH)")


# Small help and facilitation belong to no programme (they have no mission): a programme's indicator cannot
# pick them, as they would always count nothing there.
OUTSIDE_PROGRAMMES = frozenset(
    {Metric.FACILITATION_HOURS, Metric.LIGHT_HALF_DAYS, Metric.IMMERSIONS, Metric.GIFT_HOURS}
)
