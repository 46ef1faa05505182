"""Units post their needs as shifts; the planner (crisis/planner.py) fills them.

Why these rules:
- A need is for a unit of the crisis's organisations; a manager or a host posts only for their own unit (and the
  units below it): they know that unit's needs, not another's. The crisis's runners post for any unit.
- Its date is a day of the crisis; an end before the start is a night shift ending the next morning (said on
  the form), not a mistake; equal start and end is nothing.
- Head count 1 to 200: beyond, it is several needs (several places or shifts), which the planner treats better.
- A need is cancelled, never deleted: a plan may already name it.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelles.access.actor import get_actor
from passerelles.crisis import rules
from passerelles.crisis.models import Need
from passerelles.crisis.vocabulary import CrisisSkill, Habilitation, Priority
from passerelles.organisations.models import OrgUnit, WorkSite


class NeedRefused(Exception):
    """A need that cannot be posted or cancelled: plain French, nothing written."""


def with_sub_units(unit_ids) -> set[int]:
    found = set(unit_ids)
    frontier = set(found)
    while frontier:
        frontier = set(OrgUnit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - found
        found |= frontier
    return found


def units_for(user, crisis):
    """The units this person may post needs for."""
    orgs = rules.crisis_organisation_ids(crisis)
    units = OrgUnit.objects.filter(organisation_id__in=orgs)
    if rules.can_run(user, crisis):
        return units.order_by("organisation__name", "name")
    agent = get_actor(user).agent
    if agent is None or agent.unit_id is None or agent.organisation_id not in orgs:
        return units.none()
    return units.filter(pk__in=with_sub_units([agent.unit_id])).order_by("name")


def sites_for(crisis):
    return WorkSite.objects.filter(organisation_id__in=rules.crisis_organisation_ids(crisis)).order_by("name")


def hours(start: datetime.time, end: datetime.time) -> float:
    """The length of a shift in hours; an end before the start ends the next day."""
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    if minutes <= 0:
        minutes += 24 * 60
    return minutes / 60


@transaction.atomic
def need_post(
    *,
    crisis,
    by,
    title,
    unit,
    site=None,
    place="",
    date,
    start_time,
    end_time,
    skills=(),
    habilitations=(),
    head_count=1,
    priority=Priority.HIGH,
) -> Need:
    if not rules.can_post_needs(by, crisis):
        raise NeedRefused(_("Vous ne pouvez pas publier de besoin pour cette crise."))
    title = " ".join(str(title or "").split())[:160]
    if not title:
        raise NeedRefused(_("Donnez un intitulé au besoin."))
    if not units_for(by, crisis).filter(pk=getattr(unit, "pk", None)).exists():
        raise NeedRefused(
            _("Vous ne pouvez publier un besoin que pour votre unité, parmi celles de la crise.")
        )
    if site is not None and not sites_for(crisis).filter(pk=site.pk).exists():
        raise NeedRefused(_("Ce site n'est pas celui d'une organisation de la crise."))
    if date is None or not crisis.starts_on <= date <= crisis.expected_end:
        raise NeedRefused(
            _("Choisissez un jour de la crise, entre le %(start)s et le %(end)s.")
            % {"start": f"{crisis.starts_on:%d/%m/%Y}", "end": f"{crisis.expected_end:%d/%m/%Y}"}
        )
    if start_time is None or end_time is None:
        raise NeedRefused(_("Indiquez l'heure de début et l'heure de fin."))
    if start_time == end_time:
        raise NeedRefused(_("Le début et la fin sont à la même heure : indiquez la durée du créneau."))
    if not set(skills) <= set(CrisisSkill.values):
        raise NeedRefused(_("Cette compétence n'existe pas : choisissez dans la liste."))
    if not set(habilitations) <= set(Habilitation.values):
        raise NeedRefused(_("Cette habilitation n'existe pas : choisissez dans la liste."))
    if not isinstance(head_count, int) or not 1 <= head_count <= 200:
        raise NeedRefused(_("Entre 1 et 200 personnes : au-delà, publiez plusieurs besoins."))
    if priority not in Priority.values:
        raise NeedRefused(_("Cette priorité n'existe pas."))
    return Need.objects.create(
        crisis=crisis,
        unit=unit,
        site=site,
        place=str(place or "")[:200],
        title=title,
        date=date,
        start_time=start_time,
        end_time=end_time,
        skills=sorted(set(skills)),
        habilitations=sorted(set(habilitations)),
        head_count=head_count,
        priority=priority,
        posted_by=by,
    )


def asked_label(need) -> str:
    """What the need asks for, in words: skills, then the habilitations it requires."""
    skills, habilitations = dict(CrisisSkill.choices), dict(Habilitation.choices)
    words = ", ".join(str(skills[code]) for code in need.skills if code in skills)
    required = ", ".join(str(habilitations[code]) for code in need.habilitations if code in habilitations)
    if required:
        words = (
            f"{words} ; {_('habilitations :')} {required}" if words else f"{_('habilitations :')} {required}"
        )
    return words


def can_cancel(user, need) -> bool:
    crisis = need.crisis
    if need.cancelled_at is not None or not rules.can_post_needs(user, crisis):
        return False
    return rules.can_run(user, crisis) or need.posted_by_id == getattr(user, "pk", None)


@transaction.atomic
def need_cancel(*, need, by) -> Need:
    need = Need.objects.select_for_update().select_related("crisis").get(pk=need.pk)
    if not can_cancel(by, need):
        raise NeedRefused(
            _("Seules la personne qui l'a publié et celles qui mènent la crise annulent un besoin.")
        )
    need.cancelled_at = timezone.now()
    need.save(update_fields=["cancelled_at"])
    return need
