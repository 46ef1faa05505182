"""The default text of the pact, the letters of mission, the attestation and the avenant, and the pieces that
every act shares, as a legal service would draft them (French, not translated); conventions and arrêtés: acts.py.

Why here and as data: one source gives the editable DOCX and ODT models HR downloads, and the three files of
each document. Each act has its visas (the texts it rests on, from ../shared/FRAMEWORKS.md), its parties
named with their articles (« Entre le Département de l'Isère … et la Ville de Grenoble … »), numbered
articles, place and date, and its signature blocks. A block is ("title" | "heading" | "paragraph", text) or
("signatures", "") — the place where content.blocks_for puts one signature block per accepting party.

No acceptance wording is written here: a document says what the parties are asked to accept, never that
they accepted it. The acceptance record is printed on the accepted version only (rendering.record_page).
"""

SIGNATURES = ("signatures", "")
PLACE_AND_DATE = ("paragraph", "Fait à {{ lieu_signature }}, le {{ date_document }} (version {{ version }}).")
REGULARISATION = ("paragraph", "{{ regularisation }}")  # empty unless HR regularised a start (left out then)

AGENT_LINE = (
    "{{ agent_nom_complet }}, {{ agent_statut }} (grade : {{ agent_grade }}), {{ agent_service }}, "
    "{{ agent_organisation }}"
)
BETWEEN_EMPLOYERS = [
    (
        "paragraph",
        "Entre {{ employeur_designation }}, employeur d'origine de l'agent, {{ employeur_represente }} par son "
        "autorité territoriale ou son délégataire, d'une part,",
    ),
    (
        "paragraph",
        "et {{ accueil_designation }}, organisme d'accueil, {{ accueil_represente }} par son autorité ou son "
        "délégataire, d'autre part,",
    ),
    ("paragraph", "il est convenu ce qui suit."),
]
ARRETE_OPENING = ("paragraph", "L'autorité territoriale {{ employeur_de }},")
RECOURSE = (
    "paragraph",
    "Le présent arrêté peut faire l'objet, dans un délai de deux mois à compter de sa notification, d'un "
    "recours gracieux auprès de l'autorité territoriale ou d'un recours contentieux devant le tribunal "
    "administratif territorialement compétent.",
)
EXECUTION = (
    "paragraph",
    "Le ou la directeur·rice général·e des services est chargé·e de l'exécution du présent arrêté, qui sera "
    "notifié à l'intéressé·e et transmis {{ accueil_a }}.",
)

PACTE = [
    ("title", "Pacte de micro-mobilité"),
    ("paragraph", "Un accord de confiance entre l'agent, son équipe d'origine et l'équipe qui l'accueille."),
    ("paragraph", f"Agent : {AGENT_LINE}."),
    (
        "paragraph",
        "Accueil : {{ accueil_service }}, {{ accueil_organisation }} ; porteur·se de projet : {{ porteur_projet }}.",
    ),
    (
        "paragraph",
        "Mission : « {{ mission_titre }} » ({{ mission_objet }}), du {{ date_debut }} au {{ date_fin }} "
        "({{ duree }}), {{ quotite }}.",
    ),
    REGULARISATION,
    ("heading", "Intention"),
    ("paragraph", "{{ intention }}"),
    ("heading", "Ce que chacun attend et apporte"),
    ("paragraph", "L'agent : {{ attentes_agent }}"),
    ("paragraph", "L'accueil : {{ attentes_accueil }}"),
    ("heading", "L'équipe d'origine pendant la mission"),
    ("paragraph", "{{ organisation_equipe }}"),
    ("heading", "Points d'étape"),
    ("paragraph", "Nous faisons le point ensemble : {{ points_etape }}."),
    ("heading", "Le soutien"),
    ("paragraph", "{{ soutien }}"),
    ("heading", "Le retour"),
    (
        "paragraph",
        "La mission prend fin le {{ date_fin }} ; l'agent retrouve son poste et son équipe. {{ conditions_retour }}",
    ),
    ("heading", "La charte éthique"),
    ("paragraph", "{{ charte }}"),
    ("heading", "Le droit d'arrêter"),
    (
        "paragraph",
        "Chacun peut mettre fin à la mission avant son terme, en le disant simplement et en expliquant pourquoi ; "
        "l'agent retrouve alors son poste sans que cela lui soit reproché.",
    ),
    ("heading", "Cadre juridique"),
    ("paragraph", "Dispositif : {{ dispositif }}."),
    ("paragraph", "Références : {{ references_juridiques }}."),
    ("paragraph", "Rémunération et remboursement : {{ remboursement }}."),
    PLACE_AND_DATE,
    SIGNATURES,
]

LETTRE_MISSION = [
    ("title", "{{ titre_document }}"),
    ("paragraph", "Vu le code général de la fonction publique, notamment son article L512-23 ;"),
    ("paragraph", "Vu l'accord de l'agent et de son encadrant·e ;"),
    (
        "paragraph",
        f"{AGENT_LINE}, est chargé·e de la mission décrite ci-dessous auprès de {{{{ accueil_service }}}} "
        "({{ accueil_organisation }}), sous la conduite de {{ porteur_projet }}.",
    ),
    REGULARISATION,
    ("heading", "Article 1 — Objet de la mission"),
    ("paragraph", "« {{ mission_titre }} » ({{ mission_objet }}). {{ mission_description }}"),
    ("heading", "Article 2 — Durée et temps consacré"),
    ("paragraph", "Du {{ date_debut }} au {{ date_fin }} ({{ duree }}), à hauteur de {{ quotite }}."),
    ("heading", "Article 3 — Situation de l'agent"),
    (
        "paragraph",
        "L'agent conserve sa rémunération, ses responsabilités et ses droits ; il reste rattaché à son service "
        "d'origine, qu'il retrouve au terme de la mission. Rémunération : {{ remboursement }}.",
    ),
    ("heading", "Article 4 — Suivi"),
    ("paragraph", "Points d'étape : {{ points_etape }}."),
    PLACE_AND_DATE,
    SIGNATURES,
]

# In a crisis (issue 17): what the agent needs to know, on one page — where, when, in which frame, the way
# back and the right to withdraw. Its shifts come from the published plan ({{ creneaux }}).
ORDRE_MISSION_CRISE = [
    ("title", "{{ titre_document }}"),
    ("paragraph", "Vu le code général de la fonction publique, notamment son article L512-23 ;"),
    ("paragraph", "Vu le plan de continuité d'activité {{ employeur_de }} et la crise déclarée ;"),
    ("paragraph", "Vu la disponibilité que l'agent a déclarée comme volontaire ;"),
    (
        "paragraph",
        f"{AGENT_LINE}, renforce {{{{ accueil_service }}}} ({{{{ accueil_organisation }}}}) pendant la crise : "
        "« {{ mission_titre }} », sous la conduite de {{ porteur_projet }}.",
    ),
    REGULARISATION,
    ("heading", "Article 1 — Créneaux"),
    ("paragraph", "{{ creneaux }}."),
    (
        "paragraph",
        "Du {{ date_debut }} au {{ date_fin }}. Si le plan change ces créneaux, une nouvelle version du présent "
        "ordre est établie.",
    ),
    ("heading", "Article 2 — Cadre"),
    (
        "paragraph",
        "Dispositif : {{ dispositif }} ({{ references_juridiques }}). L'agent conserve sa rémunération, ses "
        "responsabilités et sa résidence administrative. Rémunération : {{ remboursement }}.",
    ),
    ("heading", "Article 3 — Retour"),
    (
        "paragraph",
        "À la fin de ses créneaux, et au plus tard à la fin de la crise, l'agent retrouve son service "
        "({{ agent_service }}) et son équipe ; son encadrant·e est informé·e de ce renfort.",
    ),
    ("heading", "Article 4 — Droit de se retirer"),
    (
        "paragraph",
        "L'agent peut se retirer d'un créneau à tout moment, depuis « Mes créneaux » ou en le disant à la "
        "personne qui pilote la crise, sans avoir à se justifier : cela ne lui est jamais reproché.",
    ),
    PLACE_AND_DATE,
    SIGNATURES,
]

FICHE_MISSION = [
    ("title", "{{ titre_document }}"),
    (
        "paragraph",
        "Mission d'appui temporaire à un projet, dispositif interne {{ employeur_de }} : une mission "
        "limitée dans le temps et dans la part du temps de travail, sur un projet qui a déjà son ou sa "
        "porteur·se.",
    ),
    ("paragraph", "Vu le code général de la fonction publique, notamment son article L512-23 ;"),
    ("paragraph", "Vu l'accord de l'agent, de son encadrant·e et du service d'accueil ;"),
    ("paragraph", f"Agent : {AGENT_LINE}."),
    REGULARISATION,
    ("heading", "Article 1 — Le projet"),
    (
        "paragraph",
        "« {{ mission_titre }} » ({{ mission_objet }}), porté par {{ porteur_projet }}, {{ accueil_service }} "
        "({{ accueil_organisation }}).",
    ),
    ("heading", "Article 2 — La mission"),
    ("paragraph", "{{ mission_description }}"),
    ("heading", "Article 3 — Temps et durée"),
    (
        "paragraph",
        "Du {{ date_debut }} au {{ date_fin }} ({{ duree }}), à hauteur de {{ quotite }}, dans la limite du "
        "plafond que l'organisation fixe pour ce dispositif. Toute prolongation fait l'objet d'un avenant.",
    ),
    ("heading", "Article 4 — Situation de l'agent"),
    (
        "paragraph",
        "L'agent reste rattaché à son service d'origine, sans changement de rémunération, de responsabilités ni "
        "de résidence administrative ; il le retrouve au terme de la mission. Rémunération : {{ remboursement }}.",
    ),
    ("heading", "Article 5 — Suivi et évaluation"),
    (
        "paragraph",
        "Points d'étape : {{ points_etape }}. À la fin de la mission, l'agent, l'accueil et l'encadrant·e "
        "l'évaluent.",
    ),
    PLACE_AND_DATE,
    SIGNATURES,
]

ATTESTATION = [
    ("title", "Attestation de mission"),
    (
        "paragraph",
        "Nous attestons que {{ agent_nom_complet }} ({{ agent_service }}, {{ agent_organisation }}) a accompli la "
        "mission « {{ mission_titre }} » auprès de {{ accueil_service }} ({{ accueil_organisation }}), du "
        "{{ date_debut }} au {{ date_fin }}, à hauteur de {{ quotite }}.",
    ),
    ("paragraph", "Cadre : {{ dispositif }}."),
    PLACE_AND_DATE,
    ("paragraph", "Pour {{ employeur_designation }}, la direction des ressources humaines."),
]

AVENANT = [
    ("title", "Avenant n° {{ avenant_numero }} — {{ acte_modifie }}"),
    ("paragraph", "Vu {{ acte_modifie }} ;"),
    ("paragraph", "Vu les références : {{ references_juridiques }} ;"),
    ("paragraph", "Vu l'accord de chacune des parties sur la prolongation ;"),
    (
        "paragraph",
        "Les parties à l'acte modifié — {{ employeur_designation }}, employeur de {{ agent_nom_complet }}, et "
        "l'accueil ({{ accueil_service }}, {{ accueil_organisation }}) — conviennent, pour la mission "
        "« {{ mission_titre }} », de ce qui suit.",
    ),
    ("heading", "Article 1 — Prolongation"),
    ("paragraph", "La date de fin est portée du {{ ancienne_date_fin }} au {{ date_fin }}."),
    ("heading", "Article 2 — Durée"),
    (
        "paragraph",
        "La mission couvre ainsi la période du {{ date_debut }} au {{ date_fin }}, soit {{ duree }}, à hauteur "
        "de {{ quotite }}. Rémunération et remboursement : {{ remboursement }}.",
    ),
    ("heading", "Article 3 — Autres stipulations"),
    ("paragraph", "Les autres stipulations de l'acte modifié demeurent inchangées."),
    PLACE_AND_DATE,
    SIGNATURES,
]
