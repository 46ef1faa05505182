"""Automatic flags for the HR review of a mission (no database needed).

They put into rules what the field reports learnt from failed missions: a "mission" that is really a
permanent need (structural reinforcement), or one that asks for more expertise than its purpose allows. A
flag never blocks: it tells the reviewer what to look at, and why.
"""

from dataclasses import dataclass

LONG_MONTHS = 6
HIGH_PERCENT = 50
REPEAT_THRESHOLD = 2  # other similar missions of the same unit in the last year
LONG_RENFORT_MONTHS = 3


@dataclass(frozen=True)
class Flag:
    code: str
    label: str
    reason: str


def review_flags(
    *,
    purpose: str,
    duration_months: float,
    percent: int,
    expertise: str,
    project_name: str,
    cap_percent: int,
    similar_in_unit: int,
) -> list[Flag]:
    flags = []
    structural = []
    if duration_months >= LONG_MONTHS and percent >= HIGH_PERCENT:
        structural.append(
            f"{duration_months:.0f} mois à {percent} % du temps : c'est la durée et la quotité d'un poste, pas d'une mission."
        )
    if similar_in_unit >= REPEAT_THRESHOLD:
        structural.append(
            f"le même service a déjà proposé {similar_in_unit} missions du même objet depuis un an : le besoin est peut-être permanent."
        )
    if purpose == "renfort_ponctuel" and not project_name.strip():
        structural.append("un renfort sans projet identifié ressemble à un manque d'effectif.")
    if purpose == "renfort_ponctuel" and duration_months > LONG_RENFORT_MONTHS:
        structural.append(f"un renfort « ponctuel » de {duration_months:.0f} mois n'est plus ponctuel.")
    if structural:
        flags.append(Flag("structural", "Renfort structurel ?", " ; ".join(structural)))
    if expertise == "expert" and purpose == "decouverte":
        flags.append(
            Flag(
                "expertise",
                "Expertise trop élevée ?",
                "une mission de découverte ne peut pas exiger un niveau expert : les missions qui échouent "
                "sont souvent celles qui demandaient trop d'expertise.",
            )
        )
    if percent > cap_percent:
        flags.append(
            Flag(
                "cap",
                "Quotité au-delà du plafond",
                f"{percent} % du temps de travail, alors que votre organisation plafonne cet objet à {cap_percent} %.",
            )
        )
    return flags
