"""« L'information de l'assemblée délibérante » as a condition before `ready` (registered with the engagement
core: ``engagements.stages.add_readiness``).

Which frameworks need it is the catalogue's data: those whose ``extra_agreements`` hold
``terms.ASSEMBLY_INFORMED`` (a mise à disposition, a mécénat de compétences). HR records the date on the
engagement page (``engagements.services.engagement_record_assembly``).
"""

from django.utils.translation import gettext as _

from passerelles.frameworks.boussole import framework
from passerelles.frameworks.catalogue import FRAMEWORKS
from passerelles.frameworks.models import EngagementFramework
from passerelles.frameworks.terms import ASSEMBLY_INFORMED


def assembly_required(code: str | None) -> bool:
    """Whether the framework wants the assemblée délibérante informed beforehand."""
    if not code:
        return False
    wanted = str(ASSEMBLY_INFORMED)
    return any(str(entry) == wanted for entry in framework(code)["extra_agreements"])


def assembly_missing(engagement) -> list[str]:
    """Readiness condition: the assembly was informed, where the confirmed framework asks it."""
    if engagement.assembly_informed_on is not None:
        return []
    code = EngagementFramework.objects.filter(engagement=engagement).values_list("code", flat=True).first()
    return [_("l'information de l'assemblée délibérante")] if assembly_required(code) else []


def codes_requiring_assembly() -> list[str]:
    """The frameworks whose assembly must be informed (« À faire » lists the engagements still waiting)."""
    return [entry["code"] for entry in FRAMEWORKS if assembly_required(entry["code"])]
