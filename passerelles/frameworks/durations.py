"""A prolongation re-checked against the confirmed framework's maximum duration (registered with the engagement
core as an extension limit: ``engagements.stages.add_extension_limit``).

Why: an extension used to move the end date with no check at all, so a mise à disposition could quietly run
past its three years or a mécénat past the end of the experiment. The limits are the catalogue's (the figure the
boussole gave when HR confirmed the framework, ``EngagementFramework.recommendation["max_duration_months"]``),
except for a limit that is an organisation's parameter (« $matp_max_months », the local MATP scheme): that one
is read as the organisation sets it today, since a prolongation is a new decision under today's rules.

- the total duration, start → new end, stays within the limit (MAD 36 months, MATP the organisation's);
- a framework renewable by periods within a total (the mécénat: 18 months a period, 3 years in all) checks the
  new period against the per-period limit and the total against ``TOTAL_MONTHS``;
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

# Frameworks renewable by periods within a total: the catalogue's limit is a period's, this one the total's.
TOTAL_MONTHS = {MECENAT: 36}

# The reference printed with a refusal, by framework (the catalogue's legal references otherwise).
LIMIT_REFERENCES = {
    "mise_a_disposition": gettext_lazy(
        "CGFP art. L512-6 à L512-15 et décret n° 2008-580 : trois ans au plus, renouvelables par un nouvel "
        "arrêté ; au-delà, une mutation ou un détachement est à envisager"
    ),
    MECENAT: gettext_lazy(
        "loi n° 2022-217 (3DS), art. 209, et décret n° 2022-1682 : 18 mois renouvelables, trois ans au plus"
    ),
    "mission_appui_projet": gettext_lazy(
        "paramètre de l'organisation : durée maximale de la mission d'appui temporaire (délibération ou note "
        "de service créant le dispositif)"
    ),
    "detachement": gettext_lazy("CGFP art. L513-1 et suivants ; décret n° 86-68 : cinq ans au plus"),
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
    total = TOTAL_MONTHS.get(chosen.code)
    if total is not None:  # renewable by periods: the new period, then the whole
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
