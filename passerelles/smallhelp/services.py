"""Use cases of small help: ask, propose, agree, decline, cancel a coup de main; ask and decide an immersion;
build and answer a return programme. Each takes the acting user, checks the rule in ``policies``, runs in one
transaction (the agent's row locked, so two requests at once cannot pass the monthly cap together) and tells
the people concerned through ``notify`` — the manager only once the agent agreed. A refusal raises ``Refused``
with the French sentence to show, and writes nothing.
"""

import datetime

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelles.access.actor import get_actor
from passerelles.access.models import Role, RoleMembership
from passerelles.missions.models import Mission
from passerelles.notifications.models import NotificationKind
from passerelles.notifications.services import in_language_of, notify
from passerelles.organisations.models import OrgUnit
from passerelles.people.models import Agent
from passerelles.smallhelp import policies, rules
from passerelles.smallhelp.models import HalfDay, Immersion, LightHelp, ReturnProgramme, SmallHelpSettings
from passerelles.smallhelp.rules import HelpState, ImmersionState, Party, ProgrammeState


class Refused(Exception):
    """A use case refused, with the French sentence(s) to show."""


def settings_for(organisation) -> SmallHelpSettings:
    """The organisation's parameters (the defaults until its administrator changes them)."""
    found = SmallHelpSettings.objects.filter(organisation=organisation).first()
    return found or SmallHelpSettings(organisation=organisation)


def cap_for(organisation) -> int:
    return settings_for(organisation).light_path_half_days


def taken_half_days(agent, *, exclude=None) -> list[tuple]:
    """The agent's half-days held by other coups de main: agreed, or waiting with the agent's agreement."""
    rows = HalfDay.objects.filter(
        help__agent=agent, help__state__in=rules.HOLDING_STATES, help__agent_agreed_at__isnull=False
    )
    if exclude is not None:
        rows = rows.exclude(help=exclude)
    return list(rows.values_list("date", "period"))


def units_for_agent(agent):
    """The services an agent may ask: those of their own organisation, their own unit excepted."""
    return OrgUnit.objects.filter(organisation_id=agent.organisation_id).exclude(pk=agent.unit_id)


def units_hosted(user):
    return OrgUnit.objects.filter(pk__in=policies.hosted_unit_ids(user)).select_related("organisation")


def unit_host_users(unit) -> list:
    """Who speaks for a unit (policies.hosted_unit_ids read backwards): whom to ask for its agreement."""
    in_unit = Agent.objects.filter(unit=unit, is_active=True, user__isnull=False, user__is_active=True)
    role_holders = in_unit.filter(
        user__role_memberships__role=Role.HOST, user__role_memberships__organisation_id=unit.organisation_id
    )
    chiefs = Agent.objects.filter(is_active=True, manager__in=in_unit).values("manager_id")
    users = {a.user for a in (role_holders | in_unit.filter(pk__in=chiefs)).select_related("user")}
    for mission in Mission.objects.filter(host_unit=unit).select_related("created_by", "project_lead__user"):
        if mission.created_by is not None and mission.created_by.is_active:
            users.add(mission.created_by)
        lead = mission.project_lead
        if lead is not None and lead.user_id and lead.user.is_active:
            users.add(lead.user)
    return sorted(users, key=lambda u: u.pk)


def manager_users(help) -> list:
    """The manager recorded on the request; the organisation's HR when there is none."""
    manager = help.manager
    if manager is not None and manager.user_id and manager.user.is_active:
        return [manager.user]
    return list(RoleMembership.objects.users_with(Role.HR, [help.organisation_id]))


def _help_url(help) -> str:
    return reverse("smallhelp:help_detail", kwargs={"help_id": help.pk})


def _tell(users, *, subject, message, url, action_needed=False, exclude=None, kind=NotificationKind.GENERAL):
    seen = set()
    for user in users:
        if user is None or user.pk in seen or (exclude is not None and user.pk == exclude.pk):
            continue
        seen.add(user.pk)
        with in_language_of(user):
            notify(
                user=user,
                subject=str(subject()),
                message=str(message()),
                url=url,
                action_needed=action_needed,
                kind=kind,
            )


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
        _tell(
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


def find_agent(organisation, identifier: str):
    """The active agent of ``organisation`` whose professional e-mail or login is exactly ``identifier``."""
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    matches = Agent.objects.filter(
        organisation=organisation, is_active=True, user__isnull=False, user__is_active=True
    ).filter(Q(email__iexact=identifier) | Q(user__email__iexact=identifier))
    return matches.order_by("pk").first()


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
        _tell(
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
            _tell(
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
            _tell(
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
        _tell(
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
        _tell(
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


# --- immersions ------------------------------------------------------------------------------------------------


def _immersion_url(immersion) -> str:
    return reverse("smallhelp:immersion_detail", kwargs={"immersion_id": immersion.pk})


def _ask_hosts(immersion):
    agent = immersion.agent
    _tell(
        unit_host_users(immersion.host_unit),
        subject=lambda: _("Immersion demandée : %(name)s") % {"name": agent.full_name},
        message=lambda: (
            _(
                "%(name)s aimerait passer %(length)s du %(day)s avec le service %(unit)s (« vis ma vie »). Votre accord ?"
            )
            % {
                "name": agent.full_name,
                "length": immersion.get_length_display(),
                "day": f"{immersion.date:%d/%m/%Y}",
                "unit": immersion.host_unit.name,
            }
        ),
        url=_immersion_url(immersion),
        action_needed=True,
        exclude=agent.user,
        kind=NotificationKind.AGREEMENT,
    )


def _check_immersion(agent, host_unit, day, today=None):
    refusal = rules.same_employer_refusal(
        agent_organisation_id=agent.organisation_id, unit_organisation_id=host_unit.organisation_id
    )
    if refusal:
        raise Refused(refusal)
    if host_unit.pk == agent.unit_id:
        raise Refused(_("C'est votre propre service : une immersion se fait dans un autre service."))
    refusals = rules.immersion_refusals(day, today=today or timezone.localdate())
    if refusals:
        raise Refused(" ".join(refusals))


def immersion_ask(
    *, by, host_unit, date: datetime.date, length: str, reason: str, details: str = ""
) -> Immersion:
    agent = get_actor(by).agent
    if agent is None:
        raise Refused(_("Seul un agent demande une immersion."))
    _check_immersion(agent, host_unit, date)
    with transaction.atomic():
        immersion = Immersion.objects.create(
            organisation_id=agent.organisation_id,
            agent=agent,
            host_unit=host_unit,
            date=date,
            length=length,
            reason=reason,
            details=(details or "").strip(),
            created_by=by,
        )
        _ask_hosts(immersion)
    return immersion


def immersion_decide(*, immersion, by, agree: bool, reason: str = "") -> Immersion:
    """The host agrees or declines; once agreed, the agent's manager is informed (not asked)."""
    with transaction.atomic():
        immersion = Immersion.objects.select_for_update().get(pk=immersion.pk)
        if not policies.can_decide_immersion(by, immersion):
            raise Refused(_("Votre réponse n'est pas attendue sur cette immersion."))
        if agree and immersion.date < timezone.localdate():
            raise Refused(_("La date est passée : l'agent peut demander une autre date."))
        immersion.state = ImmersionState.AGREED if agree else ImmersionState.DECLINED
        immersion.decided_by, immersion.decided_at = by, timezone.now()
        immersion.decline_reason = "" if agree else (reason or "").strip()[:500]
        immersion.save()
        agent, unit, day = immersion.agent, immersion.host_unit.name, f"{immersion.date:%d/%m/%Y}"
        _tell(
            [agent.user],
            subject=lambda: (
                (
                    _("Immersion acceptée : %(unit)s, le %(day)s")
                    if agree
                    else _("Immersion déclinée : %(unit)s, le %(day)s")
                )
                % {"unit": unit, "day": day}
            ),
            message=lambda: (
                _("La note d'immersion est prête.")
                if agree
                else _("Le service ne peut pas vous accueillir ce jour-là.")
            ),
            url=_immersion_url(immersion),
            kind=NotificationKind.ENGAGEMENT,
        )
        if agree and agent.manager_id and agent.manager.user_id:
            _tell(
                [agent.manager.user],
                subject=lambda: (
                    _("Pour information : immersion de %(name)s le %(day)s")
                    % {"name": agent.full_name, "day": day}
                ),
                message=lambda: (
                    _(
                        "%(name)s passera %(length)s au service %(unit)s (observation et découverte, journée de travail "
                        "normale). Aucune action n'est attendue de vous."
                    )
                    % {"name": agent.full_name, "length": immersion.get_length_display(), "unit": unit}
                ),
                url=_immersion_url(immersion),
                kind=NotificationKind.ENGAGEMENT,
            )
    return immersion


def immersion_cancel(*, immersion, by) -> Immersion:
    with transaction.atomic():
        immersion = Immersion.objects.select_for_update().get(pk=immersion.pk)
        if not policies.can_cancel_immersion(by, immersion):
            raise Refused(_("Cette immersion ne peut plus être annulée."))
        was_agreed = immersion.state == ImmersionState.AGREED
        immersion.state = ImmersionState.CANCELLED
        immersion.save()
        users = [immersion.agent.user, *unit_host_users(immersion.host_unit)]
        if was_agreed and immersion.agent.manager_id and immersion.agent.manager.user_id:
            users.append(immersion.agent.manager.user)
        day = f"{immersion.date:%d/%m/%Y}"
        _tell(
            users,
            subject=lambda: (
                _("Immersion annulée : %(unit)s, le %(day)s") % {"unit": immersion.host_unit.name, "day": day}
            ),
            message=lambda: _("L'immersion n'aura pas lieu."),
            url=_immersion_url(immersion),
            exclude=by,
            kind=NotificationKind.ENGAGEMENT,
        )
    return immersion


# --- return programmes -----------------------------------------------------------------------------------------


def programme_create(*, by, agent, reason: str, note: str, stops: list[tuple]) -> ReturnProgramme:
    """HR builds a « parcours de retour »: a few immersions in several services. Nothing is asked of any host
    until the agent accepts the programme (their consent first)."""
    if not policies.is_hr(by, agent.organisation_id):
        raise Refused(_("Seule la RH de l'organisation de l'agent construit un parcours de retour."))
    if not stops:
        raise Refused(_("Ajoutez au moins une immersion au parcours."))
    for unit, day, _length in stops:
        _check_immersion(agent, unit, day)
    with transaction.atomic():
        programme = ReturnProgramme.objects.create(
            organisation_id=agent.organisation_id,
            agent=agent,
            reason=reason,
            note=(note or "").strip(),
            created_by=by,
        )
        Immersion.objects.bulk_create(
            [
                Immersion(
                    organisation_id=agent.organisation_id,
                    agent=agent,
                    host_unit=unit,
                    date=day,
                    length=length,
                    reason=reason,
                    programme=programme,
                    state=ImmersionState.PLANNED,
                    created_by=by,
                )
                for unit, day, length in stops
            ]
        )
        if agent.user_id:
            _tell(
                [agent.user],
                subject=lambda: _("Un parcours de retour vous est proposé"),
                message=lambda: _(
                    "La RH vous propose quelques immersions dans d'autres services pour préparer votre retour. "
                    "Rien n'est demandé aux services tant que vous n'avez pas accepté."
                ),
                url=reverse("smallhelp:programme_detail", kwargs={"return_programme_id": programme.pk}),
                action_needed=True,
                kind=NotificationKind.AGREEMENT,
            )
    return programme


def programme_answer(*, programme, by, accept: bool) -> ReturnProgramme:
    """The agent accepts (each host is then asked) or declines (the immersions are cancelled)."""
    with transaction.atomic():
        programme = ReturnProgramme.objects.select_for_update().get(pk=programme.pk)
        agent = get_actor(by).agent
        if agent is None or agent.pk != programme.agent_id or programme.state != ProgrammeState.PROPOSED:
            raise Refused(_("Votre réponse n'est pas attendue sur ce parcours."))
        programme.state = ProgrammeState.ACCEPTED if accept else ProgrammeState.DECLINED
        programme.answered_at = timezone.now()
        programme.save()
        planned = programme.immersions.filter(state=ImmersionState.PLANNED).select_related(
            "agent", "host_unit"
        )
        if not accept:
            planned.update(state=ImmersionState.CANCELLED)
        else:
            today = timezone.localdate()
            for immersion in planned:
                if immersion.date < today:
                    immersion.state = ImmersionState.CANCELLED
                    immersion.save(update_fields=["state"])
                    continue
                immersion.state = ImmersionState.ASKED
                immersion.save(update_fields=["state"])
                _ask_hosts(immersion)
        _tell(
            [programme.created_by],
            subject=lambda: (
                (
                    _("Parcours de retour accepté : %(name)s")
                    if accept
                    else _("Parcours de retour décliné : %(name)s")
                )
                % {"name": programme.agent.full_name}
            ),
            message=lambda: (
                _("Les services sont sollicités un à un.") if accept else _("Aucun service n'est sollicité.")
            ),
            url=reverse("smallhelp:programme_detail", kwargs={"return_programme_id": programme.pk}),
            kind=NotificationKind.ENGAGEMENT,
        )
    return programme
