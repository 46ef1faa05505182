"""The catalogue of legal frameworks (dispositifs) as data: who may use each, what it needs, what it costs.

Facts and sources: docs/sources-juridiques.md (each entry names its section there). The engine in
boussole.py only reads this table: changing a rule is an edit here, never a new code branch.

Conditions are small tuples evaluated against the situation (see boussole.Situation for the fields, incl. the
derived ``days_per_month_effective`` and ``total_days``):
    ("is", field, value)   ("in", field, [values])   ("le", field, limit)   ("gt", field, limit)
    ("all", [conditions])  ("any", [conditions])     ("not", condition)
A limit or value written "$name" is read from the organisation's parameters (boussole.Parameters).
Texts may use {field} and {$name} placeholders.
"""

from django.utils.translation import gettext_lazy as _

from passerelles.frameworks.catalogue_between import (
    ASA_BENEVOLAT,
    CONVENTION_SERVICES_EPCI,
    DETACHEMENT,
    DISPOSITIF_RESEAU,
    MECENAT_COMPETENCES,
    MISE_A_DISPOSITION,
)
from passerelles.frameworks.terms import (
    AGENT,
    HOST,
    HR,
    MANAGER,
    ONLY_INTERNAL_FOR_APPRENTICES_AND_VACATAIRES,
    PROJECT_PURPOSES,
    SIGNATORY,
)

CRISE_REAFFECTATION = {
    "code": "crise_reaffectation",
    "source": "docs/sources-juridiques.md §1 et §6",
    "label": _("Réaffectation de crise (plan de continuité d'activité)"),
    "rank": 1,
    "requires": [
        (
            ("is", "crisis", True),
            _(
                "Hors situation de crise : le plan de continuité d'activité ne s'applique pas (CGFP art. L512-23)."
            ),
        ),
        (
            ("is", "same_employer", True),
            _(
                "Entre deux employeurs, même en crise, il faut une mise à disposition (convention "
                "simplifiée, CGFP art. L512-6 et suivants)."
            ),
        ),
    ],
    "reasons": [
        (None, _("Crise déclarée : les agents des services fermés renforcent les services essentiels.")),
        (
            None,
            _("Même employeur : une réaffectation temporaire, sans changement de résidence ni de paie."),
        ),
    ],
    "parties": [AGENT, MANAGER, HOST, HR],
    "extra_agreements": [],
    "documents": ["lettre_mission", "pacte"],
    "max_duration_months": None,
    "money": _("Aucun flux : l'agent reste payé par son employeur, sans perte de rémunération."),
    "vigilance": [
        (None, _("Recueillir et tracer l'accord de l'agent, même dans l'urgence.")),
        (None, _("Prévoir le retour dès la fin de la crise ; la mission s'arrête à la date prévue.")),
    ],
    "legal_refs": [
        _("CGFP art. L512-23 (affectation par l'autorité territoriale)"),
        _("Plan de continuité d'activité de l'organisation"),
    ],
}

RESERVE_COMMUNALE = {
    "code": "reserve_communale",
    "source": "docs/sources-juridiques.md §6",
    "label": _("Réserve communale de sécurité civile"),
    "rank": 2,
    "requires": [
        *ONLY_INTERNAL_FOR_APPRENTICES_AND_VACATAIRES,
        (
            ("is", "crisis", True),
            _(
                "La réserve communale est mobilisée en situation de crise (Code de la sécurité intérieure, "
                "art. L724-1)."
            ),
        ),
        (
            ("any", [("is", "host_type", "commune"), ("is", "host_is_own_commune", True)]),
            _(
                "La réserve communale est organisée par une commune (Code de la sécurité intérieure, art. L724-1)."
            ),
        ),
        (
            ("le", "total_days", 30),
            _(
                "{total_days} jours au total : la réserve communale est limitée à 15 jours ouvrés par an "
                "(30 en état d'urgence sanitaire) (Code de la sécurité intérieure, art. L724-1 à L724-14)."
            ),
        ),
    ],
    "reasons": [
        (None, _("Crise : la commune mobilise ses réservistes volontaires.")),
        (None, _("{total_days} jours au total, dans la limite annuelle.")),
    ],
    "parties": [AGENT, MANAGER, HR],
    "extra_agreements": [_("la commune (contrat d'engagement de 1 à 5 ans)")],
    "documents": ["contrat_reserve", "attestation"],
    "max_duration_months": None,
    "money": _("Congé avec traitement pour les fonctionnaires (jusqu'à 15 jours par an)."),
    "vigilance": [
        (
            ("gt", "total_days", 15),
            _("Au-delà de 15 jours : seulement en état d'urgence sanitaire, sur délibération municipale."),
        ),
        (None, _("Droit au congé avec traitement : référence CGFP L644-1 à vérifier.")),
    ],
    "legal_refs": [_("Code de la sécurité intérieure, art. L724-1 à L724-14")],
}

MISSION_APPUI_PROJET = {
    "code": "mission_appui_projet",
    "source": "docs/sources-juridiques.md §1 (MATP de l'Isère)",
    "label": _("Mission d'appui temporaire à un projet (dispositif local)"),
    "rank": 5,
    "prefer": [(("in", "purpose", ["appui_projet", "prefiguration"]), -2)],
    "requires": [
        *ONLY_INTERNAL_FOR_APPRENTICES_AND_VACATAIRES,
        (
            ("is", "same_employer", True),
            _("Dispositif interne : l'accueil doit être chez le même employeur (CGFP art. L512-23)."),
        ),
        (
            ("is", "$matp_enabled", True),
            _(
                "L'organisation n'a pas mis en place ce dispositif local (aucune délibération ni note de "
                "service ne le crée)."
            ),
        ),
        (
            ("le", "time_share_percent", "$matp_max_percent"),
            _(
                "Quotité de {time_share_percent} % : le dispositif local est plafonné à {$matp_max_percent} % "
                "(délibération ou note de service de l'organisation)."
            ),
        ),
        (
            ("le", "duration_months", "$matp_max_months"),
            _(
                "Durée de {duration_months} mois : le dispositif local est limité à {$matp_max_months} mois "
                "(délibération ou note de service de l'organisation)."
            ),
        ),
        (
            ("in", "purpose", PROJECT_PURPOSES),
            _(
                "Le dispositif sert un projet ou un renfort ponctuel, pas cet objet (délibération ou note de "
                "service de l'organisation)."
            ),
        ),
    ],
    "reasons": [
        (None, _("Même employeur, sur un projet qui a déjà un·e chef·fe de projet.")),
        (None, _("{time_share_percent} % du temps, dans le plafond local de {$matp_max_percent} %.")),
        (None, _("{duration_months} mois, dans la limite locale de {$matp_max_months} mois.")),
    ],
    "parties": [AGENT, MANAGER, HOST, HR, SIGNATORY],
    "extra_agreements": [],
    "documents": ["lettre_mission", "pacte", "attestation"],
    "max_duration_months": "$matp_max_months",
    "money": _("Aucun flux : même employeur, même rémunération."),
    "vigilance": [
        (None, _("La fiche de mission est signée par le ou la DGS (ou son délégataire).")),
        (None, _("Le retour dans l'équipe d'origine est prévu dès le départ.")),
    ],
    "legal_refs": [
        _("CGFP art. L512-23 ; CE, Section, 25 sept. 2015, n° 372624 (mesure d'ordre intérieur)"),
        _(
            "Délibération ou note de service de l'organisation créant le dispositif (modèle : MATP de l'Isère)"
        ),
    ],
}

AFFECTATION_INTERNE = {
    "code": "affectation_interne",
    "source": "docs/sources-juridiques.md §1",
    "label": _("Changement d'affectation interne / lettre de mission"),
    "rank": 6,
    "requires": [
        (
            ("is", "same_employer", True),
            _(
                "L'agent change d'employeur : une lettre de mission interne ne suffit pas (CGFP art. L512-23 : "
                "l'autorité territoriale n'affecte que ses propres agents)."
            ),
        ),
    ],
    "reasons": [
        (None, _("Même employeur : l'autorité territoriale affecte ses agents.")),
        (None, _("Une mesure d'ordre intérieur : pas de convention, une lettre de mission suffit.")),
    ],
    "parties": [AGENT, MANAGER, HOST, HR],
    "extra_agreements": [],
    "documents": ["lettre_mission", "pacte", "attestation"],
    "max_duration_months": None,
    "money": _("Aucun flux : même employeur, même rémunération."),
    "vigilance": [
        (
            None,
            _(
                "Aucune perte de rémunération ni de responsabilités, aucun droit statutaire touché ; sinon ce "
                "n'est plus une mesure d'ordre intérieur."
            ),
        ),
        (("gt", "duration_months", 12), _("Plus d'un an : est-ce encore une mission ponctuelle ?")),
    ],
    "legal_refs": [
        _("CGFP art. L512-23"),
        _("CE, Section, 25 sept. 2015, n° 372624"),
    ],
}

# The catalogue's order breaks ties between frameworks of the same rank.
FRAMEWORKS = [
    CRISE_REAFFECTATION,
    RESERVE_COMMUNALE,
    CONVENTION_SERVICES_EPCI,
    MISSION_APPUI_PROJET,
    AFFECTATION_INTERNE,
    DISPOSITIF_RESEAU,
    MISE_A_DISPOSITION,
    MECENAT_COMPETENCES,
    ASA_BENEVOLAT,
    DETACHEMENT,
]
