"""Use cases of immersion days and return programmes: ask, decide, cancel an immersion (the host agrees, the
manager is informed once it did); HR builds a « parcours de retour », the agent accepts it before any host is
asked. Same habits as ``services``: a rule checked, one transaction, people told, ``Refused`` when not."""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelles.access.actor import get_actor
from passerelles.notifications.models import NotificationKind
from passerelles.smallhelp import policies, rules
from passerelles.smallhelp.common import Refused, tell, unit_host_users
from passerelles.smallhelp.models import Immersion, ReturnProgramme
from passerelles.smallhelp.rules import ImmersionState, ProgrammeState

# --- immersions ------------------------------------------------------------------------------------------------


def _immersion_url(immersion) -> str:
    return reverse("smallhelp:immersion_detail", kwargs={"immersion_id": immersion.pk})


def _ask_hosts(immersion):
    agent = immersion.agent
    tell(
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
        tell(
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
            tell(
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
        tell(
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
            tell(
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
        tell(
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
