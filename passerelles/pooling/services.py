"""Use cases of pooled agents: each takes the acting user, checks the right, runs in a transaction and refuses
with a French sentence (``Refused``) before writing anything.

The rota's hard rules (rota.py) are checked with the pool's row locked, so two people adding slots at once
cannot together exceed the agent's cap.
"""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelles.access.models import Role, RoleMembership
from passerelles.notifications.models import NotificationKind
from passerelles.notifications.services import in_language_of, notify
from passerelles.organisations.scopes import network_partner_ids
from passerelles.pooling import rota, rules
from passerelles.pooling.models import (
    Assignment,
    Pool,
    PoolMember,
    PoolSite,
    ReplacementRequest,
    ReplacementStatus,
)


class Refused(Exception):
    """A use case refused, with the French sentence to show."""


def _url(pool) -> str:
    return reverse("pooling:pool_detail", kwargs={"pool_id": pool.pk})


def _lock(pool) -> Pool:
    return (
        Pool.objects.select_for_update(of=("self",))
        .select_related("agent__user", "organisation", "network")
        .get(pk=pool.pk)
    )


def member_candidates(organisation, network=None) -> set[int]:
    """The organisations that may share an agent of ``organisation``: itself and its network's members."""
    if network is not None:
        return {organisation.pk} | set(network.memberships.values_list("organisation_id", flat=True))
    return {organisation.pk} | network_partner_ids([organisation.pk])


def shares_refusal(shares: dict[int, int], allowed: set[int]) -> str:
    """The cost split: whole percentages of allowed members, summing to exactly 100."""
    kept = {org: share for org, share in shares.items() if share}
    if any(share < 0 or share > 100 for share in kept.values()):
        return _("Chaque part est un pourcentage entre 0 et 100.")
    if not kept:
        return _("Indiquez au moins un membre qui prend en charge le coût.")
    if set(kept) - allowed:
        return _("Seuls l'employeur et les membres de son réseau partagent le coût.")
    total = sum(kept.values())
    if total != 100:
        return _("Les parts du coût doivent faire 100 %% au total (actuellement %(total)s %%).") % {
            "total": total
        }
    return ""


@transaction.atomic
def pool_create(
    *,
    by,
    organisation,
    name: str,
    agent,
    network,
    weekly_cap_minutes: int,
    starts_on: datetime.date,
    ends_on: datetime.date,
    shares: dict[int, int],
) -> Pool:
    if not rules.can_create_in(by, organisation):
        raise Refused(_("Seule la RH de l'employeur organise la mutualisation d'un de ses agents."))
    if agent.organisation_id != organisation.pk or not agent.is_active:
        raise Refused(_("L'agent doit faire partie de l'organisation."))
    if network is not None and not network.memberships.filter(organisation=organisation).exists():
        raise Refused(_("L'organisation n'est pas membre de ce réseau."))
    if not 0 < weekly_cap_minutes <= rota.MAX_WEEKLY_MINUTES:
        raise Refused(_("Le plafond hebdomadaire est compris entre quelques minutes et 48 heures."))
    if ends_on < starts_on:
        raise Refused(_("La date de fin doit suivre la date de début."))
    if (ends_on - starts_on).days > rota.MAX_SPAN_DAYS:
        raise Refused(_("Une mutualisation couvre trois ans au plus : au-delà, c'est une nouvelle décision."))
    refusal = shares_refusal(shares, member_candidates(organisation, network))
    if refusal:
        raise Refused(refusal)
    pool = Pool.objects.create(
        name=name,
        agent=agent,
        organisation=organisation,
        network=network,
        weekly_cap_minutes=weekly_cap_minutes,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=by,
    )
    PoolMember.objects.bulk_create(
        PoolMember(pool=pool, organisation_id=org, cost_share=share) for org, share in shares.items() if share
    )
    if agent.user_id:
        with in_language_of(agent.user):
            notify(
                user=agent.user,
                subject=_("Agent mutualisé : votre accord est demandé pour « %(name)s »") % {"name": name},
                message=_(
                    "Votre RH propose que vous travailliez sur plusieurs sites, selon un planning, dans la limite de "
                    "%(cap)s par semaine. Rien ne sera planifié sans votre accord ; vous êtes libre de refuser."
                )
                % {"cap": rota.hours_label(weekly_cap_minutes)},
                url=_url(pool),
                action_needed=True,
                kind=NotificationKind.AGREEMENT,
            )
    return pool


@transaction.atomic
def pool_consent(*, pool, by, agree: bool) -> Pool:
    """The agent's own consent to the arrangement and its weekly cap (or its withdrawal: no new slot then)."""
    pool = _lock(pool)
    if not rules.is_the_agent(by, pool):
        raise Refused(_("Seul l'agent donne ou retire son accord."))
    if agree:
        pool.consent_at, pool.consent_cap_minutes = timezone.now(), pool.weekly_cap_minutes
    else:
        pool.consent_at = pool.consent_cap_minutes = None
    pool.save(update_fields=["consent_at", "consent_cap_minutes"])
    return pool


@transaction.atomic
def site_add(*, pool, by, site, manager=None) -> PoolSite:
    pool = _lock(pool)
    if not rules.can_manage(by, pool):
        raise Refused(_("Seule la RH de l'employeur ou la coordination du réseau modifie les sites."))
    members = set(pool.members.values_list("organisation_id", flat=True)) | {pool.organisation_id}
    if site.organisation_id not in members:
        raise Refused(_("Le site doit appartenir à l'employeur ou à un membre qui partage le coût."))
    if manager is not None and (manager.organisation_id != site.organisation_id or not manager.is_active):
        raise Refused(_("Le ou la responsable du site fait partie de l'organisation du site."))
    if pool.sites.filter(site=site).exists():
        raise Refused(_("Ce site fait déjà partie de la mutualisation."))
    return PoolSite.objects.create(pool=pool, site=site, manager=manager)


def _assignment_refusal(pool, slot: rota.Slot) -> str:
    if not pool.has_consent:
        return _(
            "L'agent n'a pas encore donné son accord à cette mutualisation (ou à ce plafond) : aucun créneau ne "
            "peut être planifié avant."
        )
    if slot.starts_on < pool.starts_on or slot.ends_on > pool.ends_on:
        return _("Le créneau doit rester dans la période de la mutualisation (du %(start)s au %(end)s).") % {
            "start": f"{pool.starts_on:%d/%m/%Y}",
            "end": f"{pool.ends_on:%d/%m/%Y}",
        }
    existing = [a.as_slot() for a in pool.assignments.select_related("site__site")]
    return rota.refusal(slot, existing, pool.weekly_cap_minutes)


def _add(pool, *, by, site, slot: rota.Slot) -> Assignment:
    refusal = _assignment_refusal(pool, slot)
    if refusal:
        raise Refused(refusal)
    return Assignment.objects.create(
        pool=pool,
        site=site,
        weekday=slot.weekday,
        start_time=slot.start,
        end_time=slot.end,
        starts_on=slot.starts_on,
        ends_on=slot.ends_on,
        every_other_week=slot.every_other_week,
        created_by=by,
    )


@transaction.atomic
def assignment_add(
    *,
    pool,
    by,
    site: PoolSite,
    weekday: int,
    start: datetime.time,
    end: datetime.time,
    starts_on: datetime.date,
    ends_on: datetime.date,
    every_other_week: bool = False,
) -> Assignment:
    """A recurring slot: refused (nothing written) without the agent's consent, outside the pool's period,
    overlapping the rota, or above the weekly cap in any week it touches."""
    pool = _lock(pool)
    if not rules.can_manage(by, pool):
        raise Refused(_("Seule la RH de l'employeur ou la coordination du réseau organise le planning."))
    if site.pool_id != pool.pk:
        raise Refused(_("Ce site ne fait pas partie de la mutualisation."))
    slot = rota.Slot(weekday, start, end, starts_on, ends_on, every_other_week, site.site.name)
    return _add(pool, by=by, site=site, slot=slot)


@transaction.atomic
def assignment_remove(*, assignment, by) -> None:
    pool = _lock(assignment.pool)
    if not rules.can_manage(by, pool):
        raise Refused(_("Seule la RH de l'employeur ou la coordination du réseau organise le planning."))
    assignment.delete()


def _deciders(pool) -> list:
    if pool.network_id is not None:
        members = list(pool.network.memberships.values_list("organisation_id", flat=True))
        return RoleMembership.objects.users_with(Role.NETWORK_COORDINATOR, members)
    return RoleMembership.objects.users_with(Role.HR, [pool.organisation_id])


@transaction.atomic
def replacement_request(
    *, pool, by, site: PoolSite, date: datetime.date, start: datetime.time, end: datetime.time, reason: str
) -> ReplacementRequest:
    """A site asks for the pooled agent on a date; the network's coordinators are told at once."""
    if site.pool_id != pool.pk or not rules.managed_sites(by, pool).filter(pk=site.pk).exists():
        raise Refused(
            _("Vous ne pouvez demander un remplacement que pour un site dont vous êtes responsable.")
        )
    if end <= start:
        raise Refused(_("L'heure de fin doit suivre l'heure de début."))
    if not pool.starts_on <= date <= pool.ends_on:
        raise Refused(_("La date doit rester dans la période de la mutualisation."))
    if not reason.strip():
        raise Refused(_("Indiquez le motif du remplacement."))
    replacement = ReplacementRequest.objects.create(
        pool=pool,
        site=site,
        date=date,
        start_time=start,
        end_time=end,
        reason=reason.strip(),
        requested_by=by,
    )
    for user in _deciders(pool):
        with in_language_of(user):
            notify(
                user=user,
                subject=_("Demande de remplacement : %(site)s le %(date)s")
                % {"site": site.site.name, "date": f"{date:%d/%m/%Y}"},
                message=_("%(pool)s est demandé·e de %(start)s à %(end)s. Motif : %(reason)s")
                % {
                    "pool": pool.name,
                    "start": f"{start:%H:%M}",
                    "end": f"{end:%H:%M}",
                    "reason": replacement.reason,
                },
                url=_url(pool),
                action_needed=True,
                kind=NotificationKind.GENERAL,
            )
    return replacement


@transaction.atomic
def replacement_decide(*, replacement, by, accept: bool, note: str = "") -> ReplacementRequest:
    """Accepted: the day is added to the rota, under the same rules (consent, cap, no overlap) — or the
    acceptance is refused and nothing is written. Refused: with a reason, told to whoever asked."""
    pool = _lock(replacement.pool)
    replacement = (
        ReplacementRequest.objects.select_for_update(of=("self",))
        .select_related("site__site")
        .get(pk=replacement.pk)
    )
    if not rules.can_decide_replacement(by, pool):
        raise Refused(_("La coordination du réseau décide des remplacements."))
    if replacement.status != ReplacementStatus.PENDING:
        raise Refused(_("Cette demande a déjà reçu une réponse."))
    note = note.strip()
    if accept:
        day = replacement.date
        slot = rota.Slot(
            day.weekday(),
            replacement.start_time,
            replacement.end_time,
            day,
            day,
            False,
            replacement.site.site.name,
        )
        replacement.assignment = _add(pool, by=by, site=replacement.site, slot=slot)
        replacement.status = ReplacementStatus.ACCEPTED
    else:
        if not note:
            raise Refused(_("Indiquez la raison du refus : elle est transmise au site."))
        replacement.status = ReplacementStatus.REFUSED
    replacement.decided_by, replacement.decided_at, replacement.decision_note = by, timezone.now(), note
    replacement.save()
    told = [replacement.requested_by] + ([pool.agent.user] if accept and pool.agent.user_id else [])
    for user in dict.fromkeys(u for u in told if u is not None):
        with in_language_of(user):
            notify(
                user=user,
                subject=(
                    _("Remplacement accepté : %(site)s le %(date)s")
                    if accept
                    else _("Remplacement refusé : %(site)s le %(date)s")
                )
                % {"site": replacement.site.site.name, "date": f"{replacement.date:%d/%m/%Y}"},
                message=note or _("Le créneau est ajouté au planning partagé."),
                url=_url(pool),
                kind=NotificationKind.GENERAL,
            )
    return replacement
