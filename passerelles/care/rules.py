"""The words of the confidential path (issue 22), without the database.

A difficult situation (reclassement, a return after a long illness, after a reorganisation) belongs to the
agent's HR file — never to a mission: the host, the manager, the gallery and every export see an ordinary
mission. Only the agent and the HR of their organisation read a plan.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

GOAL_MAX = 1000
ENTRY_MAX = 3000


class Situation(models.TextChoices):
    RECLASSEMENT = "reclassement", _("Reclassement (inaptitude, poste à adapter)")
    LONG_ILLNESS = "retour_maladie", _("Retour après une longue maladie")
    REORGANISATION = "reorganisation", _("Après une réorganisation")
    OTHER = "autre", _("Autre situation")


class PlanState(models.TextChoices):
    OPEN = "open", _("En cours")
    CLOSED = "closed", _("Clos")


class EntryKind(models.TextChoices):
    NOTE = "note", _("Note")
    MEETING = "meeting", _("Rendez-vous")


# Where a plan's engagements may be: every step but those that never began (declined, withdrawn) — a plan
# follows the missions the agent actually tries.
ATTACHABLE_STATES = ("interest", "proposal", "meeting", "agreements", "ready", "active", "ended", "evaluated")
