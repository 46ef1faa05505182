"""A mission's life as one table (no database needed): drafted, submitted to HR, published (or sent back, or
declined), closed — by Passerelles when its places are taken or its end date has passed, or by a person — and
reopened by a person only.

Who: ``author`` wrote it; ``host`` is its author or project lead; ``hr`` the HR coordinators of its
organisation; ``system`` is Passerelles itself (the closing rules). The services still ask
``access.policies`` whether this person may act on this mission (e.g. edit only while editable); the table
says which step exists from which status, and the single writer (``services._move``) logs it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from passerelles.foundation.statemachine import StateMachine, transition


class MissionStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("En relecture RH")
    CHANGES_REQUESTED = "changes_requested", _("Modifications demandées")
    PUBLISHED = "published", _("Publiée")
    DECLINED = "declined", _("Refusée")
    CLOSED = "closed", _("Clôturée")


class MissionEventKind(models.TextChoices):
    """Each step of the mission's history, read after the person's name (« Passerelles » for the system)."""

    CREATE = "create", _("a rédigé la mission")
    SUBMIT = "submit", _("a envoyé la mission en relecture RH")
    PUBLISH = "publish", _("a publié la mission")
    REQUEST_CHANGES = "request_changes", _("a demandé des modifications")
    DECLINE = "decline", _("a refusé la mission")
    CLOSE = "close", _("a clôturé la mission")
    REOPEN = "reopen", _("a rouvert la mission")


MACHINE = StateMachine(
    MissionStatus,
    [
        transition("submit", MissionStatus.DRAFT, MissionStatus.SUBMITTED, "author hr"),
        transition("submit", MissionStatus.CHANGES_REQUESTED, MissionStatus.SUBMITTED, "author hr"),
        transition("publish", MissionStatus.SUBMITTED, MissionStatus.PUBLISHED, "hr"),
        transition("request_changes", MissionStatus.SUBMITTED, MissionStatus.CHANGES_REQUESTED, "hr"),
        transition("decline", MissionStatus.SUBMITTED, MissionStatus.DECLINED, "hr"),
        transition("close", MissionStatus.PUBLISHED, MissionStatus.CLOSED, "host hr system"),
        transition("reopen", MissionStatus.CLOSED, MissionStatus.PUBLISHED, "host hr"),
    ],
)

# HR's review decision (a target status) → the step it takes
REVIEW_ACTIONS = {
    MissionStatus.PUBLISHED: "publish",
    MissionStatus.CHANGES_REQUESTED: "request_changes",
    MissionStatus.DECLINED: "decline",
}


def kind_for(from_status: str, to_status: str) -> str:
    """The step that leads from one status to another (for rows written without naming it: history, demo)."""
    if not from_status:
        return MissionEventKind.CREATE
    for t in MACHINE.transitions:
        if t.source == from_status and t.target == to_status:
            return t.action
    raise ValueError(f"no mission step from {from_status!r} to {to_status!r}")
