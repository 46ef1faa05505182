"""The documents Passerelles writes, as data: which kinds exist, the placeholders a model may use, who accepts
each document, which acts each framework requires before `ready`, and the signature blocks.

A model is a sequence of blocks: ("title", text), ("heading", text), ("paragraph", text) or ("signature",
text), where text may hold placeholders written {{ name }}. The default texts are in texts.py; an organisation
may upload its own DOCX or ODT model using the same placeholders (see docs/documents.md).

No database: tested on its own (tests/test_documents_content.py).
"""

from django.utils.translation import gettext_lazy as _

from passerelles.documents import acts, texts
from passerelles.documents.texts import SIGNATURES

DEFAULTS = {
    "pacte": texts.PACTE,
    "lettre_mission": texts.LETTRE_MISSION,
    "convention_mad": acts.CONVENTION_MAD,
    "arrete_mad": acts.ARRETE_MAD,
    "convention_association": acts.CONVENTION_ASSOCIATION,
    "arrete_mecenat": acts.ARRETE_MECENAT,
    "convention_services": acts.CONVENTION_SERVICES,
    "contrat_reserve": acts.CONTRAT_RESERVE,
    "arrete_detachement": acts.ARRETE_DETACHEMENT,
    "attestation": texts.ATTESTATION,
    "avenant": texts.AVENANT,
}
# A framework may word an act its own way (the same kind, so the same organisation model when it has one).
VARIANTS = {
    ("lettre_mission", "mission_appui_projet"): texts.FICHE_MISSION,
    ("convention_association", "mecenat_competences"): acts.CONVENTION_MECENAT,
    # In a crisis (a mission « crise », issue 17) the short versions: the lighter path needs no more.
    ("lettre_mission", "crise"): texts.ORDRE_MISSION_CRISE,
    ("convention_mad", "crise"): acts.CONVENTION_MAD_CRISE,
    # Under a network's shared scheme (issue 18): the MAD convention cites the network's convention-cadre.
    ("convention_mad", "dispositif_reseau"): acts.CONVENTION_MAD_RESEAU,
}
# The key that stands for « any framework, in a crisis » in VARIANTS and TITLES (it wins over the framework's).
CRISIS = "crise"

PLACEHOLDERS = {
    "titre_document": _("Titre du document (« Fiche de mission » pour une mission d'appui à un projet)"),
    "agent_nom_complet": _("Prénom et nom de l'agent"),
    "agent_organisation": _("Employeur de l'agent"),
    "agent_service": _("Service de l'agent"),
    "agent_statut": _("Statut de l'agent"),
    "agent_grade": _("Grade de l'agent"),
    "encadrant_nom": _("Encadrant·e de l'agent"),
    "employeur_designation": _("L'employeur avec son article, pour un acte (« le Département de l'Isère »)"),
    "employeur_de": _(
        "L'employeur après « de » (« du Département de l'Isère », « de la Ville de Grenoble »)"
    ),
    "employeur_represente": _("« représenté », « représentée »… accordé à l'employeur"),
    "employeur_adresse": _("Adresse postale de l'employeur"),
    "lieu_signature": _("Commune du siège de l'employeur (« Fait à … »)"),
    "mission_titre": _("Titre de la mission"),
    "mission_description": _("Description de la mission"),
    "mission_objet": _("Objet de la mission"),
    "accueil_organisation": _("Organisation d'accueil"),
    "accueil_designation": _("L'organisation d'accueil avec son article (« la Ville de Grenoble »)"),
    "accueil_de": _("L'organisation d'accueil après « de » (« du CCAS », « de la Ville de Grenoble »)"),
    "accueil_a": _("L'organisation d'accueil après « à » (« au CCAS », « à la Ville de Grenoble »)"),
    "accueil_represente": _("« représenté », « représentée »… accordé à l'organisation d'accueil"),
    "accueil_service": _("Service d'accueil"),
    "porteur_projet": _("Porteur·se de projet (accueil)"),
    "date_debut": _("Date de début"),
    "date_fin": _("Date de fin"),
    "duree": _("Durée (en mois et jours)"),
    "quotite": _("Quotité (pourcentage ou jours par mois)"),
    "dispositif": _("Dispositif retenu"),
    "references_juridiques": _("Références juridiques du dispositif"),
    "argent": _("Flux financiers prévus par le dispositif (texte général du catalogue)"),
    "remboursement": _("Rémunération et remboursement décidés par la RH pour cet engagement"),
    "accords": _("Accords recueillis (anciens modèles ; les textes par défaut ne l'utilisent plus)"),
    "points_etape": _("Dates des points d'étape"),
    "regularisation": _(
        "Mention de régularisation (un démarrage antérieur à l'accord, avec sa raison ; vide sinon)"
    ),
    "intention": _("Intention de la mission (pacte)"),
    "attentes_agent": _("Ce que l'agent attend et apporte (pacte)"),
    "attentes_accueil": _("Ce que l'accueil attend et offre (pacte)"),
    "organisation_equipe": _("Organisation de la charge de l'équipe d'origine (pacte)"),
    "conditions_retour": _("Conditions du retour (pacte)"),
    "acte_modifie": _("L'acte que modifie l'avenant, avec sa version (avenant)"),
    "ancienne_date_fin": _("Date de fin avant la prolongation (avenant)"),
    "avenant_numero": _("Numéro de l'avenant (avenant)"),
    "creneaux": _(
        "Créneaux de l'agent pendant une crise : date, heures, besoin et lieu de chacun (« — » hors crise)"
    ),
    "convention_cadre": _(
        "La convention-cadre du réseau et le dispositif partagé sous lesquels la mise à disposition est faite "
        "(« — » hors dispositif partagé)"
    ),
    "soutien": _(
        "Soutien d'une mission exceptionnelle : parrain ou marraine, psychologue du travail et protocole d'appui "
        "(pacte ; les interlocuteurs habituels sinon)"
    ),
    "charte": _(
        "La charte éthique de la micro-mobilité de l'organisation de l'agent, avec sa version (pacte)"
    ),
    "parrain": _("Parrain ou marraine de la mission, partie du pacte (« — » sans soutien)"),
    "date_document": _("Date du document"),
    "version": _("Numéro de version du document"),
}

KINDS = {
    "pacte": _("Pacte de micro-mobilité"),
    "lettre_mission": _("Lettre de mission / fiche de mission"),
    "convention_mad": _("Convention de mise à disposition"),
    "arrete_mad": _("Arrêté de mise à disposition"),
    "convention_association": _("Convention avec l'association ou la fondation"),
    "arrete_mecenat": _("Arrêté de mise à disposition (mécénat de compétences)"),
    "convention_services": _("Convention de mise à disposition de services"),
    "contrat_reserve": _("Contrat d'engagement dans la réserve communale"),
    "arrete_detachement": _("Arrêté de détachement"),
    "attestation": _("Attestation de mission"),
    "avenant": _("Avenant de prolongation"),
}
assert set(KINDS) == set(DEFAULTS), "every kind has its default text"

# The title an act bears, where it is not the kind's label (« Fiche de mission » in the local MATP scheme).
TITLES = {
    "lettre_mission": "Lettre de mission",
    ("lettre_mission", "mission_appui_projet"): "Fiche de mission",
    ("convention_association", "mecenat_competences"): (
        "Convention de mise à disposition dans le cadre du mécénat de compétences"
    ),
    ("lettre_mission", CRISIS): "Ordre de mission de crise",
    ("convention_mad", CRISIS): "Convention simplifiée de mise à disposition (crise)",
}

# Who accepts each document (party codes of engagements.Party, plus the agent), before accepting_parties()
# replaces a party the engagement does not ask. Both employers sign a mise à disposition (CGFP L512-7); an
# arrêté is the act of the origin's authority alone; an avenant is accepted by the parties of the act it
# amends (see AVENANT_OF), these being its parties when it amends the pact.
ACCEPTING_PARTIES = {
    "pacte": ["agent", "manager", "host"],
    "lettre_mission": ["agent", "signatory"],
    "convention_mad": ["hr", "signatory", "host_hr", "host_signatory"],
    "arrete_mad": ["signatory"],
    "convention_association": ["hr", "signatory", "host"],
    "arrete_mecenat": ["signatory"],
    "convention_services": ["hr", "signatory", "host_hr", "host_signatory"],
    "contrat_reserve": ["agent", "host", "signatory"],
    "arrete_detachement": ["signatory"],
    "attestation": [],
    "avenant": ["agent", "manager", "host"],
}
# In a crisis the path is lighter (agent's consent + HR; the manager is informed, never a signatory): the
# ordre de mission is the agent's and their HR's; the simplified convention is between the two employers' HR
# (the agent's agreement is their « disponible »); the réserve's contract is the agent's and the commune's.
CRISIS_ACCEPTING_PARTIES = {
    "lettre_mission": ["agent", "hr"],
    "convention_mad": ["hr", "host_hr"],
    "contrat_reserve": ["agent", "host"],
}
# The short documents each crisis framework needs, written when a plan is published (crisis/plan_documents.py).
CRISIS_DOCUMENTS = {
    "crise_reaffectation": ["lettre_mission"],
    "mise_a_disposition": ["convention_mad"],
    "reserve_communale": ["contrat_reserve"],
}
# Parties a later stage names in a version (EngagementDocument.named, sources.named_parties): the sponsor of an
# exceptional mission (care) accepts the pact that names them, after the parties above.
NAMED_PARTIES = ("sponsor",)
# A party the engagement does not ask is replaced by the one who speaks for it (None: dropped).
STAND_INS = {"signatory": "hr", "host_signatory": "host_hr", "host_hr": "host", "manager": None}

# What must be accepted before the engagement is `ready`, per framework (the pact always).
REQUIRED = {
    "crise_reaffectation": ["pacte"],
    "reserve_communale": ["pacte", "contrat_reserve"],
    "convention_services_epci": ["pacte", "convention_services"],
    "mission_appui_projet": ["pacte", "lettre_mission"],
    "affectation_interne": ["pacte"],
    "mise_a_disposition": ["pacte", "convention_mad", "arrete_mad"],
    "dispositif_reseau": ["pacte", "convention_mad", "arrete_mad"],
    "mecenat_competences": ["pacte", "convention_association", "arrete_mecenat"],
    "asa_benevolat": ["pacte", "convention_association"],
    "detachement": ["pacte", "arrete_detachement"],
}
# An arrêté is signed once the convention it rests on is accepted by all its parties.
AFTER = {"arrete_mad": "convention_mad", "arrete_mecenat": "convention_association"}
# What an avenant amends: the convention between the two organisations when there is one, else the pact.
CONVENTIONS = ["convention_mad", "convention_association", "convention_services"]

# The signature block of each party (its function; the name once known from the engagement).
SIGNATURE_LINES = {
    "agent": "L'agent : {{ agent_nom_complet }}",
    "manager": "L'encadrant·e : {{ encadrant_nom }}",
    "host": "Pour l'accueil ({{ accueil_designation }}) : {{ porteur_projet }}, porteur·se de projet",
    "hr": "Pour {{ employeur_designation }} : le ou la responsable des ressources humaines",
    "signatory": "Pour {{ employeur_designation }} : l'autorité territoriale ou, par délégation, le ou la DGS",
    "host_hr": "Pour {{ accueil_designation }} : le ou la responsable des ressources humaines",
    "host_signatory": "Pour {{ accueil_designation }} : l'autorité territoriale ou son délégataire",
    "sponsor": "Le parrain ou la marraine : {{ parrain }}",
}

# Rémunération and reimbursement as HR decides them on the generate form (kept in the document's context).
REIMBURSEMENT = {
    "integral": "Remboursement intégral de la rémunération et des charges sociales{detail}",
    "exoneration": "Exonération de remboursement — motif : {detail}",
    "sans_objet": "Sans objet (même employeur : l'agent reste rémunéré par son employeur, sans flux financier)",
    "autre": "{detail}",
}
# Between two employers in a crisis, unless HR decided otherwise (FRAMEWORKS.md §6: a simplified MAD). The
# crisis simplifies the convention, not the money rule: a mise à disposition is reimbursed unless a waiver the
# décret allows applies (between a collectivité and an établissement public attached to it, for instance).
CRISIS_REIMBURSEMENT = (
    "au prorata des créneaux, sauf dérogation convenue entre les deux employeurs dans les cas prévus par le "
    "décret n° 2008-580 (par exemple entre la collectivité et un établissement public qui lui est rattaché)"
)


def title_for(kind: str, framework_code: str | None, crisis: bool = False) -> str:
    return (
        (crisis and TITLES.get((kind, CRISIS)))
        or TITLES.get((kind, framework_code))
        or TITLES.get(kind)
        or str(KINDS[kind])
    )


def required_for(framework_code: str | None) -> list[str]:
    return list(REQUIRED.get(framework_code, ["pacte"])) if framework_code else []


def avenant_base(kinds: list[str]) -> str:
    """The act an avenant amends, among the framework's documents."""
    return next((kind for kind in CONVENTIONS if kind in kinds), "pacte")


def stand_in(party: str, asked: set[str]) -> str | None:
    """The party that accepts for ``party`` when the engagement does not ask it (signatory → HR…)."""
    while party not in asked and party != "agent":
        if party not in STAND_INS:
            return party  # always asked in practice (hr, host): kept
        party = STAND_INS[party]
        if party is None:
            return None
    return party


def resolve_parties(parties: list[str], asked: set[str]) -> list[str]:
    resolved = []
    for party in parties:
        party = stand_in(party, asked)
        if party is not None and party not in resolved:
            resolved.append(party)
    return resolved


def blocks_for(
    kind: str, framework_code: str | None = None, parties: list[str] | None = None, crisis: bool = False
) -> list:
    """The default model of a kind for a framework (its short crisis version in a crisis), with one signature
    block per accepting party."""
    blocks = (crisis and VARIANTS.get((kind, CRISIS))) or VARIANTS.get((kind, framework_code), DEFAULTS[kind])
    parties = ACCEPTING_PARTIES[kind] if parties is None else parties
    out = []
    for block in blocks:
        if block == SIGNATURES:
            out.extend(("signature", SIGNATURE_LINES[party]) for party in parties)
        else:
            out.append(block)
    return out
