"""The frameworks that are acts between two organisations — the services convention between an EPCI and its
communes, the mise à disposition, the mécénat de compétences, the ASA for volunteering with an association, the
détachement — as catalogue entries (see catalogue.py for the condition language and the order)."""

from django.utils.translation import gettext_lazy as _

from passerelles.frameworks.terms import (
    AGENT,
    ASSEMBLY_INFORMED,
    ASSOCIATIVE_HOSTS,
    BOTH_EMPLOYERS,
    HOST,
    HR,
    MANAGER,
    MECENAT_EMPLOYERS,
    MECENAT_END,
    ONLY_INTERNAL_FOR_APPRENTICES_AND_VACATAIRES,
    PROJECT_PURPOSES,
    PUBLIC_HOSTS,
    SERVICES_BODIES,
    SIGNATORY,
    STAGIAIRE_NOT_LENT,
)

CONVENTION_SERVICES_EPCI = {
    "code": "convention_services_epci",
    "source": "docs/sources-juridiques.md §3",
    "label": _("Mise à disposition de services EPCI – communes"),
    "rank": 3,
    "requires": [
        *ONLY_INTERNAL_FOR_APPRENTICES_AND_VACATAIRES,
        (
            ("is", "same_employer", False),
            _("Même employeur : pas de convention entre structures (CGCT art. L5211-4-1)."),
        ),
        (
            ("is", "host_epci_member_link", True),
            _(
                "L'accueil n'est ni l'EPCI (ou le syndicat) de la commune d'origine ni une commune membre de "
                "l'EPCI d'origine (CGCT art. L5211-4-1)."
            ),
        ),
        (
            ("is", "whole_service", True),
            _(
                "Pour une personne seule, la mise à disposition individuelle est l'usage, pas la convention de "
                "services (CGCT art. L5211-4-1 : tout ou partie d'un service)."
            ),
        ),
        (
            (
                "all",
                [("in", "employer_type", SERVICES_BODIES), ("in", "host_type", SERVICES_BODIES)],
            ),
            _(
                "Réservée aux EPCI, aux syndicats et à leurs communes membres (CGCT art. L5211-4-1 ; "
                "syndicats mixtes : art. L5721-9)."
            ),
        ),
    ],
    "reasons": [
        (
            ("any", [("is", "employer_type", "syndicat"), ("is", "host_type", "syndicat")]),
            _(
                "Lien syndicat – commune membre : un syndicat intercommunal est un EPCI (CGCT art. L5211-4-1) ; "
                "un syndicat mixte relève de l'art. L5721-9."
            ),
        ),
        (None, _("Lien EPCI – commune membre : un service (ou une partie) peut être mis à disposition.")),
        (None, _("Tout ou partie d'un service : une convention couvre l'ensemble des agents concernés.")),
    ],
    "parties": BOTH_EMPLOYERS,
    "extra_agreements": [],
    "documents": ["convention_services", "pacte"],
    "max_duration_months": None,
    "money": _(
        "Remboursement des frais de fonctionnement du service selon la convention (art. D5211-16 CGCT)."
    ),
    "vigilance": [
        (None, _("Les agents concernés sont informés ; le comité social territorial est consulté.")),
        (None, _("Services communs : CGCT L5211-4-2, référence à vérifier.")),
        (
            ("any", [("is", "employer_type", "syndicat"), ("is", "host_type", "syndicat")]),
            _("Syndicat mixte : CGCT art. L5721-9, référence à vérifier pour les syndicats mixtes fermés."),
        ),
    ],
    "legal_refs": [
        _("CGCT art. L5211-4-1"),
        _("CGCT art. D5211-16 (décret n° 2011-515)"),
        _("CGCT art. L5721-9 (syndicats mixtes)"),
    ],
}

MISE_A_DISPOSITION = {
    "code": "mise_a_disposition",
    "source": "docs/sources-juridiques.md §2",
    "label": _("Mise à disposition"),
    "rank": 7,
    "requires": [
        *ONLY_INTERNAL_FOR_APPRENTICES_AND_VACATAIRES,
        (
            ("is", "same_employer", False),
            _(
                "Même employeur : une mise à disposition n'a pas lieu d'être (CGFP art. L512-6 : elle se fait "
                "auprès d'un autre organisme)."
            ),
        ),
        (("not", ("is", "agent_status", "stagiaire")), STAGIAIRE_NOT_LENT),
        (
            ("not", ("is", "agent_status", "contractuel")),
            _(
                "Contrat non précisé : la RH doit indiquer si l'agent contractuel est en CDI ou en CDD — seul "
                "un CDI permet une mise à disposition (décret n° 88-145, art. 35-1)."
            ),
        ),
        (
            ("not", ("is", "agent_status", "contractuel_cdd")),
            _(
                "Un agent contractuel en CDD ne peut pas être mis à disposition : CDI seulement (décret "
                "n° 88-145, art. 35-1)."
            ),
        ),
        (
            ("not", ("is", "host_type", "entreprise")),
            _(
                "Pas de mise à disposition auprès d'une entreprise privée (CGFP art. L512-8 : les organismes "
                "d'accueil sont énumérés)."
            ),
        ),
        (
            ("any", [("in", "host_type", PUBLIC_HOSTS), ("is", "host_public_service_mission", True)]),
            _(
                "L'association ou la fondation n'exerce pas de mission de service public confiée (CGFP "
                "art. L512-8)."
            ),
        ),
        (
            ("any", [("in", "host_type", PUBLIC_HOSTS), ("is", "agent_status", "titulaire")]),
            _(
                "Un agent contractuel en CDI n'est mis à disposition qu'auprès des organismes publics (décret "
                "n° 88-145, art. 35-1)."
            ),
        ),
    ],
    "reasons": [
        (
            ("in", "host_type", PUBLIC_HOSTS),
            _("L'accueil est un organisme public : la mise à disposition est ouverte."),
        ),
        (
            ("in", "host_type", ASSOCIATIVE_HOSTS),
            _(
                "L'association exerce une mission de service public : mise à disposition possible (CGFP "
                "art. L512-8)."
            ),
        ),
        (None, _("Tout ou partie du service de l'agent, avec son accord.")),
    ],
    "parties": BOTH_EMPLOYERS,
    "extra_agreements": [ASSEMBLY_INFORMED],
    "documents": ["convention_mad", "arrete_mad", "pacte", "attestation"],
    "max_duration_months": 36,
    "money": _(
        "L'accueil rembourse la rémunération et les charges au prorata du temps ; dérogations possibles "
        "(ex. collectivité et établissement public rattaché)."
    ),
    "vigilance": [
        (
            ("in", "host_type", ASSOCIATIVE_HOSTS),
            _("Association : le remboursement est obligatoire (une subvention peut le compenser)."),
        ),
        (
            ("gt", "duration_months", 36),
            _(
                "Plus de 3 ans : renouvellement par périodes de 3 ans au plus ; envisager mutation ou détachement."
            ),
        ),
        (
            None,
            _("La convention fixe les activités, le contrôle, l'évaluation et le préavis de fin anticipée."),
        ),
        (None, _("La discipline reste à l'employeur d'origine ; plus d'avis de CAP depuis 2020.")),
        (
            ("is", "crisis", True),
            _(
                "Crise entre organismes publics : une convention simplifiée, pour la durée de la crise ; "
                "elle prend fin avec la crise et l'agent revient dans son service."
            ),
        ),
    ],
    "legal_refs": [
        _("CGFP art. L512-6 à L512-15"),
        _("Décret n° 2008-580 du 18 juin 2008"),
        _("Décret n° 88-145 du 15 février 1988, art. 35-1 (agents contractuels en CDI)"),
    ],
}

# A scheme a network adopted and both employers took up (issue 18: Isère opens its MATP to the Ville and the
# Métropole). Between two employers its legal vehicle is still a mise à disposition (FRAMEWORKS.md §2) under
# the network's convention-cadre: the agent's agreement, a convention signed by both employers, the assembly
# informed, reimbursement unless a listed waiver. The limits are the stricter of the two members' (read from
# the parameters the engagement builds: frameworks.services.parameters_for).
DISPOSITIF_RESEAU = {
    "code": "dispositif_reseau",
    "source": "docs/sources-juridiques.md §2 ; docs/networks.md (dispositifs partagés)",
    "label": _("Dispositif partagé du réseau (mise à disposition sous convention-cadre)"),
    "rank": 6,
    "prefer": [(("in", "purpose", ["appui_projet", "prefiguration"]), -1)],
    "requires": [
        *ONLY_INTERNAL_FOR_APPRENTICES_AND_VACATAIRES,
        (
            ("is", "same_employer", False),
            _(
                "Même employeur : le dispositif partagé sert entre deux membres du réseau ; chez soi, le "
                "dispositif local suffit (CGFP art. L512-23)."
            ),
        ),
        (
            ("is", "$network_scheme_enabled", True),
            _(
                "Les deux employeurs n'ont pas tous deux adopté un dispositif partagé de leur réseau (délibération "
                "de chaque membre, sous la convention-cadre du réseau)."
            ),
        ),
        (
            ("in", "host_type", PUBLIC_HOSTS),
            _(
                "Le dispositif partagé repose sur une mise à disposition entre employeurs publics membres du "
                "réseau (CGFP art. L512-8)."
            ),
        ),
        (("not", ("is", "agent_status", "stagiaire")), STAGIAIRE_NOT_LENT),
        (
            ("not", ("in", "agent_status", ["contractuel", "contractuel_cdd"])),
            _(
                "Seul un agent titulaire ou contractuel en CDI peut être mis à disposition (décret n° 88-145, "
                "art. 35-1) : précisez le contrat, ou choisissez un autre dispositif."
            ),
        ),
        (
            ("le", "time_share_percent", "$network_scheme_max_percent"),
            _(
                "Quotité de {time_share_percent} % : le dispositif partagé est plafonné à "
                "{$network_scheme_max_percent} % entre ces deux membres (la plus stricte de leurs deux "
                "délibérations)."
            ),
        ),
        (
            ("le", "duration_months", "$network_scheme_max_months"),
            _(
                "Durée de {duration_months} mois : le dispositif partagé est limité à "
                "{$network_scheme_max_months} mois entre ces deux membres (la plus stricte de leurs deux "
                "délibérations)."
            ),
        ),
        (
            ("in", "purpose", PROJECT_PURPOSES),
            _(
                "Le dispositif partagé sert un projet ou un renfort ponctuel, pas cet objet (délibérations des "
                "membres)."
            ),
        ),
    ],
    "reasons": [
        (None, _("Les deux employeurs, membres du même réseau, ont adopté son dispositif partagé.")),
        (
            None,
            _(
                "{time_share_percent} % du temps pendant {duration_months} mois, dans les limites des deux "
                "membres ({$network_scheme_max_percent} %, {$network_scheme_max_months} mois)."
            ),
        ),
        (None, _("Une mise à disposition sous la convention-cadre du réseau : un cadre déjà délibéré.")),
    ],
    "parties": BOTH_EMPLOYERS,
    "extra_agreements": [ASSEMBLY_INFORMED],
    "documents": ["convention_mad", "arrete_mad", "pacte", "attestation"],
    "max_duration_months": "$network_scheme_max_months",
    "money": _(
        "L'accueil rembourse la rémunération et les charges au prorata du temps, sauf dérogation prévue par "
        "les textes (ex. collectivité et établissement public rattaché) et rappelée par la convention."
    ),
    "vigilance": [
        (
            None,
            _(
                "La convention de mise à disposition cite la convention-cadre du réseau ; elle est signée par "
                "les deux employeurs."
            ),
        ),
        (None, _("L'assemblée délibérante de l'employeur d'origine est informée au préalable.")),
        (None, _("Le retour dans l'équipe d'origine est prévu dès le départ.")),
    ],
    "legal_refs": [
        _("CGFP art. L512-6 à L512-15"),
        _("Décret n° 2008-580 du 18 juin 2008"),
        _("Convention-cadre du réseau et délibérations des deux membres adoptant le dispositif"),
    ],
}

MECENAT_COMPETENCES = {
    "code": "mecenat_competences",
    "source": "docs/sources-juridiques.md §5",
    "label": _("Mécénat de compétences (expérimentation loi 3DS)"),
    "rank": 8,
    "requires": [
        *ONLY_INTERNAL_FOR_APPRENTICES_AND_VACATAIRES,
        (
            ("in", "host_type", ASSOCIATIVE_HOSTS),
            _(
                "Le mécénat de compétences se fait auprès d'une association ou d'une fondation (loi "
                "n° 2022-217 « 3DS », art. 209)."
            ),
        ),
        (
            ("is", "host_general_interest", True),
            _("L'accueil n'est pas un organisme d'intérêt général (CGI art. 238 bis ; loi 3DS art. 209)."),
        ),
        (
            ("not", ("is", "employer_type", "syndicat")),
            _(
                "Un syndicat intercommunal ou mixte est un EPCI sans fiscalité propre : il ne peut pas "
                "recourir au mécénat de compétences (loi 3DS art. 209 : EPCI à fiscalité propre seulement)."
            ),
        ),
        (
            (
                "any",
                [
                    ("in", "employer_type", MECENAT_EMPLOYERS),
                    (
                        "all",
                        [
                            ("is", "employer_type", "commune"),
                            ("not", ("le", "employer_population", 3500)),
                        ],
                    ),
                ],
            ),
            _(
                "Employeur non éligible (loi 3DS art. 209) : l'État, les départements, les régions, les EPCI "
                "à fiscalité propre et les communes de plus de 3 500 habitants seulement."
            ),
        ),
        (
            ("not", ("is", "agent_status", "stagiaire")),
            _(
                "Le mécénat de compétences est une mise à disposition de fonctionnaires (loi 3DS art. 209) ; "
                "un·e stagiaire ne peut pas être mis·e à disposition avant sa titularisation (décret "
                "n° 92-1194, article à vérifier)."
            ),
        ),
        (
            ("is", "agent_status", "titulaire"),
            _(
                "Le mécénat de compétences est réservé aux fonctionnaires (loi n° 2022-217 « 3DS », art. 209) : "
                "jamais aux agents contractuels, en CDI comme en CDD."
            ),
        ),
        (
            ("le", "end_date", MECENAT_END),
            _(
                "La mission finirait le {end_date} : l'expérimentation du mécénat de compétences prend fin le "
                "27 décembre 2027 et toute la période doit s'y tenir (loi 3DS art. 209)."
            ),
        ),
        (
            ("le", "duration_months", 36),
            _("Au plus 3 ans au total, 18 mois renouvelables (décret n° 2022-1682)."),
        ),
    ],
    "reasons": [
        (None, _("Un projet d'intérêt général porté par une association ou une fondation.")),
        (None, _("Employeur éligible à l'expérimentation, agent fonctionnaire titulaire.")),
        (
            None,
            _("La mission finit le {end_date}, avant la fin de l'expérimentation (27 décembre 2027)."),
        ),
    ],
    "parties": BOTH_EMPLOYERS,
    "extra_agreements": [
        ASSEMBLY_INFORMED,
        _("le référent déontologue (contrôle de compatibilité)"),
    ],
    "documents": ["convention_association", "arrete_mecenat", "pacte", "attestation"],
    "max_duration_months": 18,
    "money": _(
        "Remboursement selon la convention ; s'il est gratuit, le mécénat vaut subvention (loi 2000-321, "
        "art. 9-1 et 10)."
    ),
    "vigilance": [
        (None, _("Expérimentation jusqu'au 27 décembre 2027 : la convention ne peut pas aller au-delà.")),
        (
            ("all", [("is", "employer_type", "commune"), ("is", "employer_population", None)]),
            _("Vérifiez que la commune compte plus de 3 500 habitants."),
        ),
        (
            ("gt", "duration_months", 18),
            _("Au-delà de 18 mois : renouvellement explicite, 3 ans au plus."),
        ),
        (
            None,
            _("Contrôle déontologique sur les fonctions des 3 dernières années (CGFP L124-4 et suivants)."),
        ),
        (None, _("Évaluation annuelle ; bilans à mi-parcours et un an avant la fin.")),
    ],
    "legal_refs": [
        _("Loi n° 2022-217 du 21 février 2022 (3DS), art. 209"),
        _("Décret n° 2022-1682 du 27 décembre 2022"),
        _("CGI art. 238 bis (organismes d'intérêt général)"),
    ],
}

ASA_BENEVOLAT = {
    "code": "asa_benevolat",
    "source": "docs/sources-juridiques.md §4",
    "label": _("Autorisation spéciale d'absence pour du bénévolat"),
    "rank": 4,
    "requires": [
        *ONLY_INTERNAL_FOR_APPRENTICES_AND_VACATAIRES,
        (
            ("is", "$asa_enabled", True),
            _(
                "L'organisation n'a pas créé d'ASA pour le bénévolat (CGFP art. L622-1 : une délibération "
                "est nécessaire)."
            ),
        ),
        (
            ("in", "host_type", ASSOCIATIVE_HOSTS),
            _(
                "L'autorisation d'absence sert du bénévolat auprès d'une association (délibération locale, "
                "CGFP art. L622-1)."
            ),
        ),
        (
            ("is", "host_general_interest", True),
            _("L'association n'est pas d'intérêt général (délibération locale, CGFP art. L622-1)."),
        ),
        (
            ("le", "days_per_month_effective", "$asa_days_per_month"),
            _(
                "Environ {days_per_month_effective} jours par mois : l'ASA bénévolat est limitée à "
                "{$asa_days_per_month} jours par mois dans l'organisation (délibération locale, CGFP "
                "art. L622-1)."
            ),
        ),
    ],
    "reasons": [
        (
            None,
            _(
                "Quelques jours par mois ({days_per_month_effective}) auprès d'une association d'intérêt général."
            ),
        ),
        (None, _("Sur le temps de travail, rémunération maintenue.")),
    ],
    "parties": [AGENT, MANAGER, HR],
    "extra_agreements": [_("l'association (convention d'accueil)")],
    "documents": ["convention_association", "pacte", "attestation"],
    "max_duration_months": None,
    "money": _("Aucun flux : l'employeur maintient la rémunération."),
    "vigilance": [
        (None, _("Pas un droit : accordée sous réserve des nécessités du service.")),
        (None, _("Suppose une délibération de l'assemblée après avis du comité social territorial.")),
    ],
    "legal_refs": [
        _("CGFP art. L622-1 à L622-5"),
        _("Délibération locale (exemple : « Agent·e·s solidaires », Seine-Saint-Denis, 2020)"),
    ],
}

DETACHEMENT = {
    "code": "detachement",
    "source": "docs/sources-juridiques.md §7",
    "label": _("Détachement (l'alternative plus lourde)"),
    "rank": 99,
    "requires": [
        *ONLY_INTERNAL_FOR_APPRENTICES_AND_VACATAIRES,
        (
            ("is", "agent_status", "titulaire"),
            _("Le détachement est réservé aux fonctionnaires titulaires (CGFP art. L513-1)."),
        ),
        (
            ("is", "same_employer", False),
            _("Même employeur : pas de détachement (CGFP art. L513-1 : il se fait hors du cadre d'origine)."),
        ),
        (
            ("is", "time_share_percent", 100),
            _(
                "Quotité de {time_share_percent} % : un détachement est une position : l'agent quitte son "
                "poste ; une aide à {time_share_percent} % à côté de son poste relève d'une mise à "
                "disposition ou d'un dispositif local (CGFP art. L513-1)."
            ),
        ),
    ],
    "reasons": [
        (None, _("Plus lourd : l'agent quitte son poste pour l'accueil, qui le rémunère.")),
        (("gt", "duration_months", 36), _("Pour une mission longue, au-delà de 3 ans.")),
    ],
    "parties": [AGENT, MANAGER, HOST, HR, SIGNATORY],
    "extra_agreements": [_("l'organisme d'accueil")],
    "documents": ["arrete_detachement", "attestation"],
    "max_duration_months": 60,
    "money": _("L'accueil rémunère l'agent et verse la contribution pour pension."),
    "vigilance": [
        (
            None,
            _("Courte durée : 6 mois au plus, non renouvelable ; longue durée : 5 ans renouvelables."),
        ),
        (
            ("is", "host_type", "entreprise"),
            _("Entreprise : seulement sous conditions (intérêt général)."),
        ),
        (None, _("Ce n'est plus une micro-mobilité : temps plein, sortie du poste.")),
    ],
    "legal_refs": [_("CGFP art. L513-1 et suivants"), _("Décret n° 86-68 du 13 janvier 1986")],
}
