"""A prolongation re-checked against the confirmed framework's maximum duration (registered with the engagement
core as an extension limit: ``engagements.stages.add_extension_limit``).

Why: an extension used to move the end date with no check at all, so a mise à disposition could quietly run
past its three years or a mécénat past the end of the experiment. The limits are the catalogue's (the figure the
boussole gave when HR confirmed the framework, ``EngagementFramework.recommendation["max_duration_months"]``),
except for a limit that is an organisation's parameter (« $matp_max_months », the local MATP scheme): that one
is read as the organisation sets it today, since a prolongation is a new decision under today's rules.

- a framework renewable by periods (``RENEWABLE``) checks the new period — the day after the current end to the
  new end — against the per-period limit: a mise à disposition lasts at most 3 years and is renewable by
  periods of at most 3 years (FRAMEWORKS.md §2: no total cap, but beyond 3 years a mutation, détachement or
  integration must be offered: ``extension_notice``), a détachement 5 years renewable by 5 years (§7), a
  mécénat 18 months a period within 3 years in all (§5: ``RENEWABLE`` holds that total);
- any other framework keeps its limit on the total duration, start → new end (the MATP: the organisation's; a
  network's shared scheme: the stricter of the two members' deliberations);
- a mécénat never runs past the end of the experiment (``terms.MECENAT_END``).
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from passerelles.frameworks.boussole import framework
from passerelles.frameworks.models import EngagementFramework
from passerelles.frameworks.services import parameters_for
from passerelles.frameworks.terms import MECENAT_END

MECENAT = "mecenat_competences"

MAD = "mise_a_disposition"
# Frameworks renewable by periods: the catalogue's limit is a period's; the value is the limit on the whole
# (None: renewable without a total).
RENEWABLE = {MAD: None, "detachement": None, MECENAT: 36}
# Beyond this, a MAD's host with a comparable cadre d'emplois must offer a mutation, détachement or integration.
MAD_NOTICE_MONTHS = 36

# The reference printed with a refusal, by framework (the catalogue's legal references otherwise).
LIMIT_REFERENCES = {
    "mise_a_disposition": gettext_lazy(
        "CGFP art. L512-6 à L512-15 et décret n° 2008-580 : trois ans au plus, renouvelables par périodes de "
        "trois ans au plus (nouvel arrêté, accord de l'agent)"
    ),
    MECENAT: gettext_lazy(
        "loi n° 2022-217 (3DS), art. 209, et décret n° 2022-1682 : 18 mois renouvelables, trois ans au plus"
    ),
    "mission_appui_projet": gettext_lazy(
        "paramètre de l'organisation : durée maximale de la mission d'appui temporaire (délibération ou note "
        "de service créant le dispositif)"
    ),
    "detachement": gettext_lazy(
        "CGFP art. L513-1 et suivants ; décret n° 86-68 : cinq ans au plus, renouvelables par périodes de cinq "
        "ans au plus"
    ),
    "dispositif_reseau": gettext_lazy(
        "délibérations des deux membres appliquant le dispositif partagé du réseau : la plus stricte de leurs "
        "deux durées maximales, sous la convention-cadre (CGFP art. L512-6 à L512-15)"
    ),
}


def last_day(start: datetime.date, months: int) -> datetime.date:
    """The last day of ``months`` months from ``start`` (1 March + 36 months → 28 or 29 February 3 years on)."""
    return start + relativedelta(months=months) - datetime.timedelta(days=1)


def _limit_months(chosen: EngagementFramework) -> int | None:
    written = framework(chosen.code).get("max_duration_months")
    if isinstance(written, str) and written.startswith("$"):  # an organisation's (or pair's) parameter, today
        parameters = parameters_for(chosen.engagement)
        return int(getattr(parameters, written[1:]))
    months = (chosen.recommendation or {}).get("max_duration_months")
    return int(months) if months else None


def _reference(chosen: EngagementFramework) -> str:
    known = LIMIT_REFERENCES.get(chosen.code)
    if known:
        return str(known)
    return " ; ".join((chosen.recommendation or {}).get("legal_refs", [])) or chosen.get_code_display()


def extension_refusal(engagement, new_end: datetime.date) -> str:
    """Why a prolongation of ``engagement`` to ``new_end`` is refused, in one French sentence with the limit and
    its legal reference; « » when the confirmed framework allows it (or no framework was confirmed)."""
    chosen = EngagementFramework.objects.filter(engagement=engagement).select_related("engagement").first()
    if chosen is None:
        return ""
    label = chosen.get_code_display()
    if chosen.code == MECENAT and new_end > MECENAT_END:
        return _(
            "Un mécénat de compétences ne peut pas aller au-delà du %(end)s, fin de l'expérimentation (loi "
            "n° 2022-217, art. 209) : choisissez une date de fin au plus tard le %(end)s."
        ) % {"end": f"{MECENAT_END:%d/%m/%Y}"}
    months = _limit_months(chosen)
    if not months:
        return ""
    start = engagement.start_date
    if chosen.code in RENEWABLE:  # renewable by periods: the new period, then the whole if there is a total
        total = RENEWABLE[chosen.code]
        period_start = engagement.end_date + datetime.timedelta(days=1)
        if new_end > last_day(period_start, months):
            return _(
                "%(framework)s : une période de renouvellement dure %(months)s mois au plus (%(reference)s). Du "
                "%(from)s au %(to)s, elle les dépasserait : date de fin possible au plus tard le %(latest)s."
            ) % {
                "framework": label,
                "months": months,
                "reference": _reference(chosen),
                "from": f"{period_start:%d/%m/%Y}",
                "to": f"{new_end:%d/%m/%Y}",
                "latest": f"{last_day(period_start, months):%d/%m/%Y}",
            }
        if total is None:
            return ""
        months = total
    if new_end > last_day(start, months):
        return _(
            "%(framework)s : la durée totale est limitée à %(months)s mois (%(reference)s). Du %(from)s au "
            "%(to)s, la mission les dépasserait : date de fin possible au plus tard le %(latest)s."
        ) % {
            "framework": label,
            "months": months,
            "reference": _reference(chosen),
            "from": f"{start:%d/%m/%Y}",
            "to": f"{new_end:%d/%m/%Y}",
            "latest": f"{last_day(start, months):%d/%m/%Y}",
        }
    return ""


def extension_notice(engagement, new_end: datetime.date) -> str:
    """What HR must still do when a renewal takes a mise à disposition past three years in all (FRAMEWORKS.md
    §2): allowed, but the host must then offer a mutation, a détachement or an integration if it has a
    comparable cadre d'emplois. « » otherwise."""
    chosen = EngagementFramework.objects.filter(engagement=engagement).values_list("code", flat=True).first()
    if chosen != MAD or new_end <= last_day(engagement.start_date, MAD_NOTICE_MONTHS):
        return ""
    return _(
        "Au-delà de trois ans de mise à disposition, l'accueil doit proposer à l'agent une mutation, un "
        "détachement ou une intégration s'il dispose d'un cadre d'emplois comparable (CGFP art. L512-6 à "
        "L512-15 ; décret n° 2008-580)."
    )
