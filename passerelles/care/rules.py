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


# Support around an exceptional mission (issue 22, 2): a sponsor, the psychologue du travail, a protocol.
PROTOCOL_MAX = 3000
CONTACT_MAX = 200
# Where a support is set or changed: before the start and during the mission (not once it is over).
SUPPORT_STATES = ("meeting", "agreements", "ready", "active")


class EscalationState(models.TextChoices):
    """A check-in difficulty passed on to the sponsor and the psychologue: never without the agent's yes."""

    PROPOSED = "proposed", _("Proposée à l'agent")
    AGREED = "agreed", _("Transmise avec l'accord de l'agent")
    DECLINED = "declined", _("Refusée par l'agent")
