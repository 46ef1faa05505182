"""Use cases of the confidential path: open a plan, write a note or a meeting, link a mission of the way,
close. Each takes the acting user, checks ``policies``, runs in one transaction and refuses in French with
nothing written (``Refused``). The agent is told a plan was opened — in words that name no situation, since a
message may be read over a shoulder or forwarded."""

import datetime

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from passerelles.care import policies
from passerelles.care.models import AccompanimentPlan, PlanEntry
from passerelles.care.rules import ATTACHABLE_STATES, EntryKind, PlanState
from passerelles.notifications.models import NotificationKind
from passerelles.notifications.services import in_language_of, notify


class Refused(Exception):
    """A use case refused, with the French sentence to show."""


def _plan_url(plan) -> str:
    return reverse("care:plan_detail", kwargs={"accompaniment_id": plan.pk})


def tell(user, *, subject, message, url: str, action_needed: bool = False) -> None:
    """A notification in the person's language (lazy texts rendered inside it); nobody without an account."""
    if user is None or not user.is_active:
        return
    with in_language_of(user):
        notify(
            user=user,
            subject=str(subject),
            message=str(message),
            url=url,
            action_needed=action_needed,
            kind=NotificationKind.GENERAL,
        )


def _tell_agent(plan, *, subject, message) -> None:
    tell(plan.agent.user, subject=subject, message=message, url=_plan_url(plan))


def open_plan(*, by, organisation, agent, situation: str, goal: str) -> AccompanimentPlan:
    if not policies.is_hr(by, organisation.pk):
        raise Refused(_("Seule la RH de l'organisation ouvre un plan d'accompagnement."))
    if agent.organisation_id != organisation.pk or not agent.is_active:
        raise Refused(_("Cette personne n'est pas un agent actif de l'organisation."))
    try:
        with transaction.atomic():
            plan = AccompanimentPlan.objects.create(
                organisation=organisation, agent=agent, situation=situation, goal=goal.strip(), opened_by=by
            )
    except IntegrityError:
        raise Refused(
            _("Cet agent a déjà un plan d'accompagnement en cours : poursuivez-le, ou clôturez-le d'abord.")
        ) from None
    _tell_agent(
        plan,
        subject=gettext_lazy("Un accompagnement RH avec vous"),
        message=gettext_lazy(
            "Votre référent·e RH a ouvert un plan d'accompagnement à votre nom. Vous seul·e et la RH le lisez ; "
            "aucune mission ni aucun service d'accueil n'en sait rien."
        ),
    )
    return plan


def add_entry(*, by, plan, kind: str, date: datetime.date, text: str) -> PlanEntry:
    if not policies.can_write(by, plan):
        raise Refused(
            _("Ce plan est clos.") if not plan.is_open else _("Seuls l'agent et la RH écrivent dans ce plan.")
        )
    if kind not in EntryKind.values:
        raise Refused(_("Type de note inconnu."))
    with transaction.atomic():
        return PlanEntry.objects.create(plan=plan, kind=kind, date=date, text=text.strip(), author=by)


def attach_engagement(*, by, plan, engagement) -> None:
    """Links one of the agent's missions to the plan. Only on the plan's side: the engagement, the mission and
    what the host sees stay exactly as they were."""
    if not policies.can_manage(by, plan):
        raise Refused(_("Seule la RH relie une mission au plan."))
    if not plan.is_open:
        raise Refused(_("Ce plan est clos."))
    if engagement.agent_id != plan.agent_id:
        raise Refused(_("Cette mission n'est pas celle de l'agent du plan."))
    if engagement.state not in ATTACHABLE_STATES:
        raise Refused(_("Une candidature refusée ou retirée ne fait pas partie du parcours."))
    with transaction.atomic():
        plan.engagements.add(engagement)


def detach_engagement(*, by, plan, engagement) -> None:
    if not policies.can_manage(by, plan):
        raise Refused(_("Seule la RH retire une mission du plan."))
    if not plan.is_open:
        raise Refused(_("Ce plan est clos."))
    with transaction.atomic():
        plan.engagements.remove(engagement)


def close_plan(*, by, plan, note: str) -> AccompanimentPlan:
    if not policies.can_manage(by, plan):
        raise Refused(_("Seule la RH clôt un plan d'accompagnement."))
    with transaction.atomic():
        locked = AccompanimentPlan.objects.select_for_update().get(pk=plan.pk)
        if locked.state != PlanState.OPEN:
            raise Refused(_("Ce plan est déjà clos."))
        locked.state = PlanState.CLOSED
        locked.closed_at = timezone.now()
        locked.closing_note = note.strip()
        locked.save(update_fields=["state", "closed_at", "closing_note"])
    _tell_agent(
        locked,
        subject=gettext_lazy("Votre accompagnement RH est clos"),
        message=gettext_lazy(
            "Votre référent·e RH a clos votre plan d'accompagnement ; vous le retrouvez dans vos pages."
        ),
    )
    return locked
