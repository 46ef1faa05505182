"""The engagement lifecycle as one table (no database needed): one agent on one mission.

interest (the agent) or proposal (host/HR, *gré à gré*) → meeting (a rencontre before any commitment) →
agreements (home manager, host, HR; signatory when required) → ready → active (on the start date) → ended
(on the end date, or early with a reason) → evaluated. ``declined`` / ``withdrawn`` from any open state.
An extension is a new round of agreements on a new end date while the engagement stays active (see
``services.engagement_request_extension``): it does not change the state.

Each transition names who may take it:
- ``agent``: the person engaged (and only them: their consent is theirs);
- ``broker``: the HR coordinators of the mission's or the agent's organisation, and the mission's host
  (creator or project lead);
- ``manager``: the agent's line manager;
- ``system``: Passerelles itself: the daily job (dates reached), a mission closing (its waiting candidates), a
  crisis plan that no longer needs the agent or a crisis closing (``crisis_path``: the crisis services have
  checked the person first, in ``crisis/rules.py``; no page of the engagement offers these moves).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from passerelles.foundation.statemachine import StateMachine, Transition, TransitionRefused, transition

__all__ = ["TransitionRefused"]  # re-exported: the engagement services and views raise and catch it


class State(models.TextChoices):
    INTEREST = "interest", _("Intérêt exprimé")
    PROPOSAL = "proposal", _("Proposition")
    MEETING = "meeting", _("Rencontre")
    AGREEMENTS = "agreements", _("Accords")
    READY = "ready", _("Prête à démarrer")
    ACTIVE = "active", _("En cours")
    ENDED = "ended", _("Terminée")
    EVALUATED = "evaluated", _("Évaluée")
    DECLINED = "declined", _("Non retenue")
    WITHDRAWN = "withdrawn", _("Retirée par l'agent")


class EndReason(models.TextChoices):
    ACCOMPLISHED = "mission_accomplie", _("Mission accomplie")
    EXPERTISE = "expertise_trop_elevee", _("Expertise trop élevée")
    STRUCTURAL = "besoin_structurel", _("Besoin structurel")
    WORKLOAD = "charge_de_travail", _("Charge de travail")
    PERSONAL = "raisons_personnelles", _("Raisons personnelles")
    OTHER = "autre", _("Autre")


class ConsentChannel(models.TextChoices):
    """How an agent said « ça m'intéresse » to the person who recorded it for them (issue 15)."""

    IN_PERSON = "in_person", _("en personne")
    PHONE = "phone", _("par téléphone")
    WRITING = "writing", _("par écrit ou par courrier")
    OTHER = "other", _("autrement")


class EventKind(models.TextChoices):
    """What a timeline step says someone did: every action written to the timeline is one of these (no bare
    strings), so the page reads « Camille Martin a donné son accord » and not « Camille Martin : Accords ».
    Labels follow the person's name (or « Passerelles » for the daily job)."""

    EXPRESS_INTEREST = "express_interest", _("a exprimé son intérêt")
    RECORD_INTEREST_FOR = "record_interest_for", _("a enregistré l'intérêt de l'agent, avec son accord")
    PROPOSE = "propose", _("a proposé la mission")
    ACCEPT_PROPOSAL = "accept_proposal", _("a accepté de rencontrer")
    SCHEDULE_MEETING = "schedule_meeting", _("a organisé la rencontre")
    RESCHEDULE_MEETING = "reschedule_meeting", _("a déplacé la rencontre")
    RECORD_MEETING = "record_meeting", _("a inscrit la rencontre qui a déjà eu lieu (régularisation)")
    START_AGREEMENTS = "start_agreements", _("a ouvert l'étape des accords")
    AGREE_MANAGER = "agree_manager", _("a donné son accord (encadrant·e)")
    AGREE_HOST = "agree_host", _("a donné son accord (accueil)")
    AGREE_HR = "agree_hr", _("a donné son accord (RH)")
    AGREE_SIGNATORY = "agree_signatory", _("a donné son accord (signataire)")
    AGREE_HOST_HR = "agree_host_hr", _("a donné son accord (RH de l'accueil)")
    AGREE_HOST_SIGNATORY = "agree_host_signatory", _("a donné son accord (autorité de l'accueil)")
    AGREE_AGENT = "agree_agent", _("a accepté la prolongation")
    ASSEMBLY_INFORMED = "assembly_informed", _("a enregistré l'information de l'assemblée délibérante")
    PROPOSE_DATES = "propose_dates", _("a proposé d'autres dates")
    SET_DATES = "set_dates", _("a fixé de nouvelles dates")
    REGULARISE = "regularise", _("a régularisé un démarrage antérieur à l'accord")
    FRAMEWORK_CONFIRMED = "framework_confirmed", _("a confirmé le dispositif")
    DOCUMENT_WRITTEN = "document_written", _("a produit un document")
    DOCUMENT_ACCEPTED = "document_accepted", _("a accepté un document")
    DOCUMENT_SIGNED = "document_signed", _("a déposé un document signé au parapheur électronique")
    ALL_AGREED = "all_agreed", _("a réuni tous les accords : prête à démarrer")
    ACTIVATE = "activate", _("a démarré la mission à la date prévue")
    END = "end", _("a terminé la mission à la date prévue")
    END_EARLY = "end_early", _("a terminé la mission avant la date prévue")
    EVALUATE = "evaluate", _("a clos l'évaluation")
    DECLINE = "decline", _("n'a pas retenu la candidature")
    WITHDRAW = "withdraw", _("s'est retiré·e")
    REQUEST_EXTENSION = "request_extension", _("a demandé une prolongation")
    EXTENSION_DECLINED = "extension_declined", _("a refusé la prolongation")
    EXTENSION_LAPSED = "extension_lapsed", _("a clos la prolongation restée sans suite")
    EXTENDED = "extended", _("a prolongé la mission")
    REMINDER = "reminder", _("a envoyé une relance")
    MEETING_REMINDER = "meeting_reminder", _("a rappelé la rencontre du lendemain")
    # the crisis path (engagements/services/crisis_path.py): no interest, rencontre nor agreement round
    CRISIS_ASSIGNED = "crisis_assigned", _("a affecté l'agent en renfort de crise")
    CRISIS_SHIFTS_CHANGED = "crisis_shifts_changed", _("a mis à jour les créneaux de crise")
    CRISIS_RELEASED = "crisis_released", _("a libéré l'agent du renfort de crise")
    CRISIS_ENDED = "crisis_ended", _("a clos la crise : fin du renfort, retour dans l'équipe")
    # a mission forum or café-missions (encounters): both sides wanted to go on after the conversation
    FORUM_CONVERSATION = "forum_conversation", _("a rencontré l'agent au forum des missions")
    DEMO = "demo", _("a créé cette étape (démonstration)")


AGREE_KINDS = {
    "manager": EventKind.AGREE_MANAGER,
    "host": EventKind.AGREE_HOST,
    "hr": EventKind.AGREE_HR,
    "signatory": EventKind.AGREE_SIGNATORY,
    "host_hr": EventKind.AGREE_HOST_HR,
    "host_signatory": EventKind.AGREE_HOST_SIGNATORY,
    "agent": EventKind.AGREE_AGENT,  # asked in extension rounds only: agreeing is accepting the prolongation
}

OPEN_STATES = frozenset(
    {State.INTEREST, State.PROPOSAL, State.MEETING, State.AGREEMENTS, State.READY, State.ACTIVE}
)
CLOSED_STATES = frozenset({State.ENDED, State.EVALUATED, State.DECLINED, State.WITHDRAWN})
# From this step on the home manager knows of the engagement (DESIGN §1.3: help, not control).
MANAGER_VISIBLE_STATES = frozenset(
    {State.AGREEMENTS, State.READY, State.ACTIVE, State.ENDED, State.EVALUATED}
)


def _t(action, source, target, by, label):
    return transition(action, source, target, by, label)


TRANSITIONS: list[Transition] = [
    _t("accept_proposal", State.PROPOSAL, State.MEETING, "agent", "Accepter de rencontrer"),
    _t("schedule_meeting", State.INTEREST, State.MEETING, "broker", "Organiser une rencontre"),
    _t("start_agreements", State.MEETING, State.AGREEMENTS, "broker", "Passer aux accords"),
    _t("all_agreed", State.AGREEMENTS, State.READY, "broker", "Valider les accords"),
    _t("activate", State.READY, State.ACTIVE, "system", "Démarrer à la date prévue"),
    _t("end", State.ACTIVE, State.ENDED, "system", "Terminer à la date prévue"),
    _t("end_early", State.ACTIVE, State.ENDED, "agent broker", "Terminer avant la date prévue"),
    _t("evaluate", State.ENDED, State.EVALUATED, "system broker", "Clore l'évaluation"),
]
# Who declines, by step: the brokers; the home manager at the agreements; and Passerelles itself, when the
# mission closes, for whoever it kept waiting (interest, proposal, rencontre: see engagements/closing.py).
DECLINERS = {
    State.INTEREST: "broker system",
    State.PROPOSAL: "system",
    State.MEETING: "broker system",
    State.AGREEMENTS: "broker manager",
    State.READY: "broker",
}
TRANSITIONS += [
    _t("decline", source, State.DECLINED, by, "Ne pas retenir") for source, by in DECLINERS.items()
]
TRANSITIONS += [
    _t("withdraw", source, State.WITHDRAWN, "agent", "Me retirer")
    for source in (State.INTEREST, State.PROPOSAL, State.MEETING, State.AGREEMENTS, State.READY, State.ACTIVE)
]
# The crisis path (services/crisis_path.py): an engagement made by a crisis plan starts at the agreements (the
# manager alone asked), ready or active; a new plan without the agent releases them, the crisis closing ends it.
CRISIS_STATES = (State.AGREEMENTS, State.READY, State.ACTIVE)
TRANSITIONS += [
    _t("crisis_released", source, State.WITHDRAWN, "system", "Libérer l'agent du renfort de crise")
    for source in CRISIS_STATES
]
TRANSITIONS += [
    _t("crisis_ended", source, State.ENDED, "system", "Clore la crise : fin du renfort")
    for source in CRISIS_STATES
]
MACHINE = StateMachine(State, TRANSITIONS)


def transition_for(state: str, action: str, actor_kinds: set[str]) -> Transition:
    return MACHINE.transition_for(state, action, actor_kinds)


def available_actions(state: str, actor_kinds: set[str]) -> list[Transition]:
    return MACHINE.available(state, actor_kinds)
