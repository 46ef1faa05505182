"""Use cases of the light path (coups de main): ask, propose, agree, decline, cancel. Each takes the acting
user, checks the rule in ``policies``, runs in one transaction (the agent's row locked, so two requests at once
cannot pass the monthly cap together) and tells the people concerned through ``notify`` — the manager only
once the agent agreed. A refusal raises ``Refused`` with the French sentence to show, and writes nothing.
Immersions and return programmes: ``smallhelp/immersions.py``; what both share: ``smallhelp/common.py``.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelles.access.actor import get_actor
from passerelles.notifications.models import NotificationKind
from passerelles.people.models import Agent
from passerelles.smallhelp import policies, rules
from passerelles.smallhelp.common import (  # noqa: F401 — the shared names, re-exported for the pages
    Refused,
    cap_for,
    find_agent,
    manager_users,
    settings_for,
    taken_half_days,
    tell,
    unit_host_users,
    units_for_agent,
    units_hosted,
)
from passerelles.smallhelp.models import HalfDay, LightHelp
from passerelles.smallhelp.rules import HelpState, Party


def _help_url(help) -> str:
    return reverse("smallhelp:help_detail", kwargs={"help_id": help.pk})


def _lock_agent(agent) -> Agent:
    return Agent.objects.select_for_update().get(pk=agent.pk)


def _check_half_days(agent, half_days, *, exclude=None, today=None):
    refusals = rules.half_day_refusals(
        half_days,
        today=today or timezone.localdate(),
        cap=cap_for(agent.organisation),
        taken=taken_half_days(agent, exclude=exclude),
    )
    if refusals:
        raise Refused(" ".join(refusals))


def _check_unit(agent, host_unit):
    refusal = rules.same_employer_refusal(
        agent_organisation_id=agent.organisation_id, unit_organisation_id=host_unit.organisation_id
    )
    if refusal:
        raise Refused(refusal)
    if host_unit.pk == agent.unit_id:
        raise Refused(_("C'est votre propre service : un coup de main se donne à un autre service."))


def _create(*, agent, host_unit, half_days, purpose, by, initiated_by) -> LightHelp:
    now = timezone.now()
    help = LightHelp.objects.create(
        organisation_id=agent.organisation_id,
        agent=agent,
        manager=agent.manager if agent.manager_id and agent.manager.is_active else None,
        host_unit=host_unit,
        purpose=purpose.strip(),
        initiated_by=initiated_by,
        created_by=by,
        agent_agreed_at=now if initiated_by == Party.AGENT else None,
        host_agreed_at=now if initiated_by == Party.HOST else None,
        host_agreed_by=by if initiated_by == Party.HOST else None,
    )
    HalfDay.objects.bulk_create(
        [HalfDay(help=help, date=day, period=period) for day, period in set(half_days)]
    )
    return help


def help_ask(*, by, host_unit, half_days: list[tuple], purpose: str) -> LightHelp:
    """The agent asks a service of their organisation for a coup de main: they agree by asking; their manager
    and the service's hosts are asked at once."""
    agent = get_actor(by).agent
    if agent is None:
        raise Refused(_("Seul un agent demande un coup de main."))
    if not purpose.strip():
        raise Refused(_("Dites en quelques mots l'objet du coup de main."))
    with transaction.atomic():
        agent = _lock_agent(agent)
        _check_unit(agent, host_unit)
        _check_half_days(agent, half_days)
        help = _create(
            agent=agent,
            host_unit=host_unit,
            half_days=half_days,
            purpose=purpose,
            by=by,
            initiated_by=Party.AGENT,
        )
        when = rules.half_days_text(half_days)
        tell(
            manager_users(help) + unit_host_users(host_unit),
            subject=lambda: _("Coup de main demandé : %(name)s") % {"name": agent.full_name},
            message=lambda: (
                _("%(name)s propose d'aider le service %(unit)s (%(when)s) : %(purpose)s. Votre accord ?")
                % {"name": agent.full_name, "unit": host_unit.name, "when": when, "purpose": help.purpose}
            ),
            url=_help_url(help),
            action_needed=True,
            exclude=by,
            kind=NotificationKind.AGREEMENT,
        )
    return help


def help_propose(*, by, host_unit, identifier: str, half_days: list[tuple], purpose: str) -> LightHelp | None:
    """A host proposes a coup de main to an agent they already know, named by their exact address. The host
    agrees by proposing; the agent is asked first; the manager only once the agent agreed. ``None`` (and
    nothing written) when no agent matches, or when the agent's month is full: the page answers the same."""
    if not policies.is_unit_host(by, host_unit):
        raise Refused(_("Vous n'accueillez pas dans ce service."))
    if not purpose.strip():
        raise Refused(_("Dites en quelques mots l'objet du coup de main."))
    cap = cap_for(host_unit.organisation)
    # What does not depend on the agent is said plainly; what would tell about them is not.
    refusals = rules.half_day_refusals(half_days, today=timezone.localdate(), cap=cap)
    if refusals:
        raise Refused(" ".join(refusals))
    agent = find_agent(host_unit.organisation, identifier)
    if agent is None or agent.user_id == by.pk or agent.unit_id == host_unit.pk:
        return None
    with transaction.atomic():
        agent = _lock_agent(agent)
        try:
            _check_half_days(agent, half_days)
        except Refused:
            return None
        help = _create(
            agent=agent,
            host_unit=host_unit,
            half_days=half_days,
            purpose=purpose,
            by=by,
            initiated_by=Party.HOST,
        )
        when = rules.half_days_text(half_days)
        tell(
            [agent.user],
            subject=lambda: _("Un service vous propose un coup de main"),
            message=lambda: (
                _(
                    "Le service %(unit)s vous propose de lui apporter votre concours (%(when)s) : %(purpose)s. "
                    "C'est vous qui décidez ; votre encadrant·e n'en saura rien si vous déclinez."
                )
                % {"unit": host_unit.name, "when": when, "purpose": help.purpose}
            ),
            url=_help_url(help),
            action_needed=True,
            kind=NotificationKind.AGREEMENT,
        )
    return help


def help_agree(*, help, by) -> LightHelp:
    """One click: ``by`` agrees for each party they hold whose agreement is asked now. The half-days are checked
    again (a date may have passed, the month filled up meanwhile)."""
    with transaction.atomic():
        help = LightHelp.objects.select_for_update().get(pk=help.pk)
        if help.state != HelpState.ASKED:
            raise Refused(_("Cette demande n'attend plus d'accord."))
        waiting = set(rules.parties_waiting(initiated_by=help.initiated_by, agreed=help.agreed_parties))
        parties = policies.help_parties(by, help) & waiting
        if not parties:
            raise Refused(_("Votre accord n'est pas attendu sur cette demande."))
        agent = _lock_agent(help.agent)
        _check_half_days(agent, help.half_day_pairs(), exclude=help)
        now = timezone.now()
        if Party.AGENT in parties:
            help.agent_agreed_at = now
        if Party.MANAGER in parties:
            help.manager_agreed_at, help.manager_agreed_by = now, by
        if Party.HOST in parties:
            help.host_agreed_at, help.host_agreed_by = now, by
        complete = rules.is_complete(help.agreed_parties)
        if complete:
            help.state, help.closed_at = HelpState.AGREED, now
        help.save()
        name, unit = help.agent.full_name, help.host_unit.name
        if complete:
            tell(
                [help.agent.user, *manager_users(help), help.host_agreed_by, help.created_by],
                subject=lambda: (
                    _("Coup de main accordé : %(name)s au service %(unit)s") % {"name": name, "unit": unit}
                ),
                message=lambda: _("Les trois accords sont donnés : la lettre de mission est prête."),
                url=_help_url(help),
                exclude=by,
                kind=NotificationKind.ENGAGEMENT,
            )
        elif Party.AGENT in parties and help.initiated_by == Party.HOST:
            # the agent said yes: now, and only now, the manager hears of it
            tell(
                manager_users(help),
                subject=lambda: _("Coup de main demandé : %(name)s") % {"name": name},
                message=lambda: (
                    _(
                        "%(name)s a accepté d'aider le service %(unit)s (%(when)s) : %(purpose)s. Votre accord ?"
                    )
                    % {
                        "name": name,
                        "unit": unit,
                        "when": rules.half_days_text(help.half_day_pairs()),
                        "purpose": help.purpose,
                    }
                ),
                url=_help_url(help),
                action_needed=True,
                kind=NotificationKind.AGREEMENT,
            )
    return help


def _informed_users(help) -> list:
    """Who knew of the request: the agent, the host side, and the manager once the agent had agreed."""
    users = [help.agent.user, help.created_by, help.host_agreed_by]
    if help.agent_agreed_at is not None:
        users += manager_users(help)
    if help.initiated_by == Party.AGENT:
        users += unit_host_users(help.host_unit)
    return users


def help_decline(*, help, by, reason: str = "") -> LightHelp:
    """Any party declines while the request waits, with an optional reason; nothing else is written."""
    with transaction.atomic():
        help = LightHelp.objects.select_for_update().get(pk=help.pk)
        if help.state != HelpState.ASKED:
            raise Refused(_("Cette demande n'attend plus d'accord."))
        waiting = set(rules.parties_waiting(initiated_by=help.initiated_by, agreed=help.agreed_parties))
        parties = policies.help_parties(by, help) & waiting
        if not parties:
            raise Refused(_("Votre réponse n'est pas attendue sur cette demande."))
        party = next(p for p in (Party.AGENT, Party.MANAGER, Party.HOST) if p in parties)
        help.state, help.declined_by, help.closed_at = HelpState.DECLINED, party, timezone.now()
        help.decline_reason = (reason or "").strip()[:500]
        help.save()
        name, unit = help.agent.full_name, help.host_unit.name
        tell(
            _informed_users(help),
            subject=lambda: (
                _("Coup de main décliné : %(name)s au service %(unit)s") % {"name": name, "unit": unit}
            ),
            message=lambda: _("La demande n'aura pas de suite. Rien d'autre n'est enregistré."),
            url=_help_url(help),
            exclude=by,
            kind=NotificationKind.ENGAGEMENT,
        )
    return help


def help_cancel(*, help, by) -> LightHelp:
    with transaction.atomic():
        help = LightHelp.objects.select_for_update().get(pk=help.pk)
        if not policies.can_cancel_help(by, help):
            raise Refused(_("Seule la personne qui a fait la demande l'annule, tant qu'elle attend."))
        help.state, help.closed_at = HelpState.CANCELLED, timezone.now()
        help.save()
        name, unit = help.agent.full_name, help.host_unit.name
        tell(
            _informed_users(help),
            subject=lambda: (
                _("Coup de main annulé : %(name)s au service %(unit)s") % {"name": name, "unit": unit}
            ),
            message=lambda: _("La demande est retirée."),
            url=_help_url(help),
            exclude=by,
            kind=NotificationKind.ENGAGEMENT,
        )
    return help
