"""The documents Passerelles writes, as data: their default text (one source for the DOCX and ODT models HR can
edit and for the PDF), the placeholders a model may use, and who accepts each document.

A model is a sequence of blocks: ("title", text), ("heading", text) or ("paragraph", text), where text may hold
placeholders written {{ name }}. An organisation may upload its own DOCX or ODT model using the same
placeholders (see docs/documents.md).
"""

from django.utils.translation import gettext_lazy as _

PLACEHOLDERS = {
    "agent_nom_complet": _("Prénom et nom de l'agent"),
    "agent_organisation": _("Employeur de l'agent"),
    "agent_service": _("Service de l'agent"),
    "agent_statut": _("Statut de l'agent"),
    "encadrant_nom": _("Encadrant·e de l'agent"),
    "mission_titre": _("Titre de la mission"),
    "mission_description": _("Description de la mission"),
    "mission_objet": _("Objet de la mission"),
    "accueil_organisation": _("Organisation d'accueil"),
    "accueil_service": _("Service d'accueil"),
    "porteur_projet": _("Porteur·se de projet (accueil)"),
    "date_debut": _("Date de début"),
    "date_fin": _("Date de fin"),
    "quotite": _("Quotité (pourcentage ou jours par mois)"),
    "dispositif": _("Dispositif retenu"),
    "references_juridiques": _("Références juridiques du dispositif"),
    "argent": _("Flux financiers du dispositif"),
    "accords": _("Accords recueillis"),
    "points_etape": _("Dates des points d'étape"),
    "regularisation": _(
        "Mention de régularisation (un démarrage antérieur à l'accord, avec sa raison ; vide sinon)"
    ),
    "intention": _("Intention de la mission (pacte)"),
    "attentes_agent": _("Ce que l'agent attend et apporte (pacte)"),
    "attentes_accueil": _("Ce que l'accueil attend et offre (pacte)"),
    "organisation_equipe": _("Organisation de la charge de l'équipe d'origine (pacte)"),
    "conditions_retour": _("Conditions du retour (pacte)"),
    "date_document": _("Date du document"),
    "version": _("Numéro de version du document"),
}

KINDS = {
    "pacte": _("Pacte de micro-mobilité"),
    "lettre_mission": _("Lettre de mission / fiche de mission"),
    "convention_mad": _("Convention de mise à disposition"),
    "convention_association": _("Convention avec l'association ou la fondation"),
    "attestation": _("Attestation de mission"),
}

# Who accepts each document in the platform (party codes of engagements.Party, plus the agent).
ACCEPTING_PARTIES = {
    "pacte": ["agent", "manager", "host"],
    "lettre_mission": ["agent", "signatory"],
    "convention_mad": ["host", "signatory"],
    "convention_association": ["host", "signatory"],
    "attestation": [],
}

# Documents are French administrative texts: their content is not translated (the interface is).
COMMON_HEAD = [
    (
        "paragraph",
        "Agent : {{ agent_nom_complet }}, {{ agent_statut }}, {{ agent_service }}, {{ agent_organisation }}.",
    ),
    (
        "paragraph",
        "Accueil : {{ accueil_service }}, {{ accueil_organisation }} ; porteur·se de projet : {{ porteur_projet }}.",
    ),
    (
        "paragraph",
        "Mission : « {{ mission_titre }} » ({{ mission_objet }}), du {{ date_debut }} au {{ date_fin }}, {{ quotite }}.",
    ),
    # Empty unless HR regularised a start already made (an empty paragraph is left out of the PDF).
    ("paragraph", "{{ regularisation }}"),
]
LEGAL = [
    ("heading", "Cadre juridique"),
    ("paragraph", "Dispositif : {{ dispositif }}."),
    ("paragraph", "Références : {{ references_juridiques }}."),
    ("paragraph", "Flux financiers : {{ argent }}"),
]

DEFAULTS = {
    "pacte": [
        ("title", "Pacte de micro-mobilité"),
        (
            "paragraph",
            "Un accord de confiance entre l'agent, son équipe d'origine et l'équipe qui l'accueille.",
        ),
        *COMMON_HEAD,
        ("heading", "Intention"),
        ("paragraph", "{{ intention }}"),
        ("heading", "Ce que chacun attend et apporte"),
        ("paragraph", "L'agent : {{ attentes_agent }}"),
        ("paragraph", "L'accueil : {{ attentes_accueil }}"),
        ("heading", "L'équipe d'origine pendant la mission"),
        ("paragraph", "{{ organisation_equipe }}"),
        ("heading", "Points d'étape"),
        ("paragraph", "Nous faisons le point ensemble : {{ points_etape }}."),
        ("heading", "Le retour"),
        (
            "paragraph",
            "La mission prend fin le {{ date_fin }} ; l'agent retrouve son poste et son équipe. {{ conditions_retour }}",
        ),
        ("heading", "Le droit d'arrêter"),
        (
            "paragraph",
            "Chacun peut mettre fin à la mission avant son terme, en le disant simplement et en expliquant pourquoi ; l'agent retrouve alors son poste sans que cela lui soit reproché.",
        ),
        *LEGAL,
        ("paragraph", "Accords : {{ accords }}."),
        (
            "paragraph",
            "Document établi le {{ date_document }} (version {{ version }}), accepté par chacune des parties dans Passerelles.",
        ),
    ],
    "lettre_mission": [
        ("title", "Lettre de mission"),
        *COMMON_HEAD,
        ("heading", "La mission"),
        ("paragraph", "{{ mission_description }}"),
        (
            "paragraph",
            "L'agent conserve sa rémunération, ses responsabilités et ses droits ; il reste rattaché à son service d'origine, qu'il retrouve au terme de la mission.",
        ),
        *LEGAL,
        ("paragraph", "Points d'étape : {{ points_etape }}."),
        ("paragraph", "Fait le {{ date_document }} (version {{ version }})."),
    ],
    "convention_mad": [
        ("title", "Convention de mise à disposition"),
        (
            "paragraph",
            "Entre {{ agent_organisation }} (employeur d'origine) et {{ accueil_organisation }} (organisme d'accueil).",
        ),
        *COMMON_HEAD,
        ("heading", "Article 1 — Activités"),
        ("paragraph", "{{ mission_description }}"),
        ("heading", "Article 2 — Conditions d'emploi"),
        (
            "paragraph",
            "L'agent exerce ses fonctions à hauteur de {{ quotite }}, du {{ date_debut }} au {{ date_fin }}. L'employeur d'origine conserve le pouvoir disciplinaire.",
        ),
        ("heading", "Article 3 — Contrôle et évaluation"),
        (
            "paragraph",
            "L'organisme d'accueil organise les points d'étape ({{ points_etape }}) et transmet une évaluation à l'employeur d'origine.",
        ),
        ("heading", "Article 4 — Remboursement"),
        ("paragraph", "{{ argent }}"),
        ("heading", "Article 5 — Fin anticipée"),
        (
            "paragraph",
            "La mise à disposition peut prendre fin avant son terme à la demande de l'une des parties, moyennant un préavis d'un mois.",
        ),
        *LEGAL,
        ("paragraph", "Fait le {{ date_document }} (version {{ version }})."),
    ],
    "convention_association": [
        ("title", "Convention avec l'association ou la fondation"),
        ("paragraph", "Entre {{ agent_organisation }} et {{ accueil_organisation }}."),
        *COMMON_HEAD,
        ("heading", "Article 1 — Projet"),
        ("paragraph", "{{ mission_description }}"),
        ("heading", "Article 2 — Durée, lieu et horaires"),
        ("paragraph", "Du {{ date_debut }} au {{ date_fin }}, {{ quotite }}."),
        ("heading", "Article 3 — Obligations de l'agent"),
        ("paragraph", "L'agent reste soumis à ses obligations déontologiques (CGFP art. L121-1 à L121-11)."),
        ("heading", "Article 4 — Conditions financières"),
        ("paragraph", "{{ argent }}"),
        ("heading", "Article 5 — Renouvellement et fin anticipée"),
        (
            "paragraph",
            "Tout renouvellement fait l'objet d'un avenant ; chaque partie peut mettre fin à la convention avec un préavis d'un mois.",
        ),
        *LEGAL,
        ("paragraph", "Fait le {{ date_document }} (version {{ version }})."),
    ],
    "attestation": [
        ("title", "Attestation de mission"),
        (
            "paragraph",
            "Nous attestons que {{ agent_nom_complet }} ({{ agent_service }}, {{ agent_organisation }}) a accompli la mission « {{ mission_titre }} » auprès de {{ accueil_service }} ({{ accueil_organisation }}), du {{ date_debut }} au {{ date_fin }}, à hauteur de {{ quotite }}.",
        ),
        ("paragraph", "Cadre : {{ dispositif }}."),
        ("paragraph", "Fait le {{ date_document }}."),
    ],
}
