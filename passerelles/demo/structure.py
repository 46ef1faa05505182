"""The fictional demo network: four organisations of one territory, as local government is really organised.

Plain data, read by ``generator.py``. Sizes are the defaults for 3,050 agents; ``--agents N`` scales them.
Each service says its filière (which decides the grades), its weight in the organisation's head count and
its category mix (C, B, A), chosen so that the whole network lands near the national picture of local
government: about 75 % C, 15 % B and 10 % A/A+.
"""

from passerelles.demo.grades import GRADES
from passerelles.demo.specs import (
    COMMUNICATION_DIRECTION,
    DIGITAL_DIRECTION,
    FINANCE_DIRECTION,
    HR_DIRECTION,
    DirectionSpec,
    OrganisationSpec,
    S,
)

__all__ = ["GRADES", "NETWORK", "ORGANISATIONS", "DEFAULT_TOTAL_AGENTS", "OrganisationSpec"]

DEPARTEMENT = OrganisationSpec(
    slug="departement-haute-lisiere",
    name="Département de la Haute-Lisière",
    article="le",
    street="Hôtel du Département, 1 place de la Préfecture",
    short_name="Haute-Lisière",
    kind="departement",
    default_agents=1500,
    theme_colour="#1d4e89",
    siret="22990001700017",
    city="Belvau",
    postcode="99000",
    sites=[
        "Hôtel du Département",
        "Maison départementale des solidarités de Belvau",
        "Maison départementale des solidarités de Corvilliers",
        "Centre d'exploitation routière de Saint-Aubrac",
        "Centre d'exploitation routière des Trois-Ponts",
        "Collège Simone-Veil",
        "Collège Jean-Moulin",
        "Archives départementales",
        "Médiathèque départementale",
    ],
    directions=[
        HR_DIRECTION,
        FINANCE_DIRECTION,
        DIGITAL_DIRECTION,
        COMMUNICATION_DIRECTION,
        DirectionSpec(
            "Direction de l'enfance et de la famille",
            [
                S(
                    "Service de l'aide sociale à l'enfance",
                    7,
                    "sociale",
                    (0.58, 0.12, 0.30),
                    {
                        "C": ["Secrétaire médico-social·e", "Assistant·e familial·e"],
                        "B": ["Moniteur·rice-éducateur·rice"],
                        "A": ["Travailleur·se social·e ASE", "Éducateur·rice spécialisé·e"],
                    },
                ),
                S(
                    "Service de protection maternelle et infantile",
                    4,
                    "medico_sociale",
                    (0.55, 0.20, 0.25),
                    {
                        "C": ["Secrétaire de PMI"],
                        "B": ["Auxiliaire de puériculture"],
                        "A": ["Puéricultrice", "Sage-femme", "Médecin de PMI"],
                    },
                ),
            ],
        ),
        DirectionSpec(
            "Direction de l'autonomie",
            [
                S(
                    "Service personnes âgées",
                    4,
                    "sociale",
                    (0.70, 0.12, 0.18),
                    {
                        "C": ["Gestionnaire APA"],
                        "B": ["Évaluateur·rice APA"],
                        "A": ["Travailleur·se social·e autonomie"],
                    },
                ),
                S(
                    "Service personnes en situation de handicap",
                    3,
                    "sociale",
                    (0.70, 0.12, 0.18),
                    {
                        "C": ["Gestionnaire PCH"],
                        "B": ["Coordinateur·rice de parcours"],
                        "A": ["Référent·e handicap"],
                    },
                ),
            ],
        ),
        DirectionSpec(
            "Direction de l'insertion et de l'emploi",
            [
                S(
                    "Service RSA et accompagnement",
                    4,
                    "sociale",
                    (0.60, 0.12, 0.28),
                    {
                        "C": ["Agent d'accueil social", "Gestionnaire RSA"],
                        "B": ["Conseiller·ère en insertion"],
                        "A": ["Référent·e RSA"],
                    },
                ),
            ],
        ),
        DirectionSpec(
            "Direction des solidarités territoriales",
            [
                S(
                    "Maisons départementales des solidarités",
                    6,
                    "sociale",
                    (0.64, 0.08, 0.28),
                    {
                        "C": ["Agent d'accueil", "Secrétaire médico-social·e"],
                        "B": ["Conseiller·ère ESF"],
                        "A": ["Assistant·e de service social"],
                    },
                ),
            ],
        ),
        DirectionSpec(
            "Direction des routes et des mobilités",
            [
                S(
                    "Centres d'exploitation routière",
                    14,
                    "technique",
                    (0.90, 0.08, 0.02),
                    {
                        "C": ["Agent d'exploitation routière", "Chef·fe d'équipe routes", "Mécanicien·ne"],
                        "B": ["Technicien·ne routes"],
                        "A": ["Ingénieur·e routes"],
                    },
                ),
                S(
                    "Service ouvrages d'art et études",
                    2,
                    "technique",
                    (0.30, 0.45, 0.25),
                    {
                        "C": ["Dessinateur·rice"],
                        "B": ["Technicien·ne ouvrages d'art"],
                        "A": ["Ingénieur·e ouvrages d'art"],
                    },
                ),
            ],
        ),
        DirectionSpec(
            "Direction de l'éducation et des collèges",
            [
                S(
                    "Agents techniques des collèges",
                    26,
                    "technique",
                    (0.97, 0.02, 0.01),
                    {
                        "C": [
                            "Agent d'entretien et de restauration",
                            "Cuisinier·ère",
                            "Agent de maintenance",
                            "Agent d'accueil de collège",
                        ],
                        "B": ["Technicien·ne patrimoine scolaire"],
                        "A": ["Chargé·e de mission collèges"],
                    },
                ),
                S(
                    "Service de la vie des collèges",
                    1.5,
                    "administrative",
                    (0.45, 0.35, 0.20),
                    {
                        "C": ["Gestionnaire bourses et transports"],
                        "B": ["Chargé·e de la restauration scolaire"],
                        "A": ["Chargé·e de projets éducatifs"],
                    },
                ),
            ],
        ),
        DirectionSpec(
            "Direction des bâtiments et de l'environnement",
            [
                S(
                    "Service patrimoine bâti",
                    4,
                    "technique",
                    (0.70, 0.20, 0.10),
                    {
                        "C": ["Électricien·ne", "Plombier·ère", "Menuisier·ère"],
                        "B": ["Technicien·ne bâtiment"],
                        "A": ["Ingénieur·e bâtiment"],
                    },
                ),
                S(
                    "Service espaces naturels sensibles",
                    1.5,
                    "technique",
                    (0.65, 0.25, 0.10),
                    {
                        "C": ["Garde-nature", "Agent des espaces naturels"],
                        "B": ["Technicien·ne environnement"],
                        "A": ["Chargé·e de mission biodiversité"],
                    },
                ),
            ],
        ),
        DirectionSpec(
            "Direction de la culture et du patrimoine",
            [
                S(
                    "Archives départementales",
                    1.5,
                    "culturelle",
                    (0.55, 0.30, 0.15),
                    {
                        "C": ["Magasinier·ère", "Agent du patrimoine"],
                        "B": ["Assistant·e de conservation"],
                        "A": ["Archiviste"],
                    },
                ),
                S(
                    "Médiathèque départementale",
                    1.5,
                    "culturelle",
                    (0.55, 0.30, 0.15),
                    {
                        "C": ["Agent de bibliothèque", "Chauffeur·se du bibliobus"],
                        "B": ["Assistant·e de conservation"],
                        "A": ["Bibliothécaire"],
                    },
                ),
            ],
        ),
    ],
)

COMMUNAUTE_URBAINE = OrganisationSpec(
    slug="lisiere-metropole",
    name="Communauté urbaine Lisière Métropole",
    article="la",
    street="Le Forum, 20 avenue des Tanneurs",
    short_name="Lisière Métropole",
    kind="epci",
    default_agents=900,
    theme_colour="#0b6e4f",
    siret="24990002800029",
    city="Belvau",
    postcode="99000",
    sites=[
        "Hôtel communautaire",
        "Centre technique communautaire",
        "Dépôt de collecte Nord",
        "Dépôt de collecte Sud",
        "Station d'épuration de la Lisière",
        "Piscine communautaire des Tilleuls",
        "Conservatoire à rayonnement intercommunal",
    ],
    directions=[
        HR_DIRECTION,
        FINANCE_DIRECTION,
        DIGITAL_DIRECTION,
        COMMUNICATION_DIRECTION,
        DirectionSpec(
            "Direction de la collecte et de la valorisation des déchets",
            [
                S(
                    "Service collecte",
                    14,
                    "technique",
                    (0.94, 0.05, 0.01),
                    {
                        "C": ["Ripeur·se", "Chauffeur·se poids lourds", "Agent de déchetterie"],
                        "B": ["Technicien·ne collecte"],
                        "A": ["Ingénieur·e déchets"],
                    },
                ),
                S(
                    "Service prévention des déchets",
                    1,
                    "technique",
                    (0.50, 0.35, 0.15),
                    {
                        "C": ["Ambassadeur·rice du tri"],
                        "B": ["Animateur·rice prévention"],
                        "A": ["Chargé·e de mission économie circulaire"],
                    },
                ),
            ],
        ),
        DirectionSpec(
            "Direction de l'eau et de l'assainissement",
            [
                S(
                    "Service exploitation eau et assainissement",
                    6,
                    "technique",
                    (0.80, 0.15, 0.05),
                    {
                        "C": ["Agent d'exploitation réseaux", "Électromécanicien·ne"],
                        "B": ["Technicien·ne réseaux"],
                        "A": ["Ingénieur·e hydraulique"],
                    },
                ),
            ],
        ),
        DirectionSpec(
            "Direction de la voirie et des mobilités",
            [
                S(
                    "Service voirie et espace public",
                    6,
                    "technique",
                    (0.85, 0.10, 0.05),
                    {
                        "C": ["Agent de voirie", "Conducteur·rice d'engins"],
                        "B": ["Technicien·ne voirie"],
                        "A": ["Ingénieur·e voirie"],
                    },
                ),
                S(
                    "Service mobilités",
                    1,
                    "technique",
                    (0.30, 0.40, 0.30),
                    {
                        "C": ["Agent mobilités"],
                        "B": ["Technicien·ne mobilités"],
                        "A": ["Chargé·e de mission mobilités"],
                    },
                ),
            ],
        ),
        DirectionSpec(
            "Direction de l'urbanisme et de l'habitat",
            [
                S(
                    "Service application du droit des sols",
                    1.5,
                    "administrative",
                    (0.45, 0.40, 0.15),
                    {
                        "C": ["Assistant·e urbanisme"],
                        "B": ["Instructeur·rice du droit des sols"],
                        "A": ["Urbaniste"],
                    },
                ),
                S(
                    "Service habitat",
                    1,
                    "administrative",
                    (0.35, 0.35, 0.30),
                    {
                        "C": ["Assistant·e habitat"],
                        "B": ["Chargé·e d'opérations habitat"],
                        "A": ["Chargé·e de mission habitat"],
                    },
                ),
            ],
        ),
        DirectionSpec(
            "Direction du développement économique",
            [
                S(
                    "Service entreprises et emploi",
                    1,
                    "administrative",
                    (0.25, 0.35, 0.40),
                    {
                        "C": ["Assistant·e développement économique"],
                        "B": ["Chargé·e d'accueil des entreprises"],
                        "A": ["Chargé·e de développement économique"],
                    },
                ),
            ],
        ),
        DirectionSpec(
            "Direction des sports et de la culture",
            [
                S(
                    "Piscines communautaires",
                    2.5,
                    "sportive",
                    (0.60, 0.35, 0.05),
                    {
                        "C": ["Agent d'accueil et d'entretien", "Agent de caisse"],
                        "B": ["Maître-nageur·se sauveteur·se"],
                        "A": ["Responsable d'équipement sportif"],
                    },
                ),
                S(
                    "Conservatoire",
                    2,
                    "culturelle",
                    (0.20, 0.55, 0.25),
                    {
                        "C": ["Agent d'accueil du conservatoire"],
                        "B": ["Professeur·e de musique (assistant d'enseignement)"],
                        "A": ["Professeur·e d'enseignement artistique"],
                    },
                ),
            ],
        ),
    ],
)

VILLE = OrganisationSpec(
    slug="ville-de-belvau",
    name="Ville de Belvau",
    article="la",
    street="Hôtel de ville, place de la République",
    short_name="Belvau",
    kind="commune",
    default_agents=500,
    theme_colour="#8a1538",
    siret="21990003900015",
    city="Belvau",
    postcode="99000",
    sites=[
        "Hôtel de ville",
        "Centre technique municipal",
        "École maternelle des Acacias",
        "École élémentaire Jules-Ferry",
        "Crèche Les Petits Pas",
        "Médiathèque Louise-Michel",
        "Poste de police municipale",
        "Gymnase Alice-Milliat",
    ],
    directions=[
        HR_DIRECTION,
        DirectionSpec(
            "Direction des finances",
            [
                S(
                    "Service finances et marchés",
                    1.5,
                    "administrative",
                    (0.50, 0.35, 0.15),
                    {
                        "C": ["Gestionnaire comptable"],
                        "B": ["Gestionnaire marchés publics"],
                        "A": ["Responsable finances"],
                    },
                ),
            ],
        ),
        DirectionSpec(
            "Direction de la population et de la citoyenneté",
            [
                S(
                    "Service état civil et accueil",
                    2,
                    "administrative",
                    (0.85, 0.12, 0.03),
                    {
                        "C": ["Agent d'état civil", "Agent d'accueil"],
                        "B": ["Responsable de l'accueil"],
                        "A": ["Chargé·e de mission citoyenneté"],
                    },
                ),
                S(
                    "Police municipale",
                    1.5,
                    "police",
                    (0.85, 0.10, 0.05),
                    {
                        "C": ["Policier·ère municipal·e", "Agent de surveillance de la voie publique"],
                        "B": ["Chef·fe de service de police municipale"],
                        "A": ["Directeur·rice de police municipale"],
                    },
                ),
            ],
        ),
        DirectionSpec(
            "Direction de l'éducation et de l'enfance",
            [
                S(
                    "Service des écoles",
                    9,
                    "sociale",
                    (0.94, 0.04, 0.02),
                    {
                        "C": ["ATSEM", "Agent d'entretien des écoles", "Agent de restauration scolaire"],
                        "B": ["Coordinateur·rice périscolaire"],
                        "A": ["Responsable du service des écoles"],
                    },
                ),
                S(
                    "Service périscolaire et accueils de loisirs",
                    4,
                    "animation",
                    (0.88, 0.10, 0.02),
                    {
                        "C": ["Animateur·rice périscolaire"],
                        "B": ["Directeur·rice d'accueil de loisirs"],
                        "A": ["Coordinateur·rice enfance-jeunesse"],
                    },
                ),
                S(
                    "Service petite enfance",
                    4,
                    "medico_sociale",
                    (0.74, 0.16, 0.10),
                    {
                        "C": ["Agent d'accompagnement à l'éducation de l'enfant"],
                        "B": ["Auxiliaire de puériculture"],
                        "A": ["Éducateur·rice de jeunes enfants", "Directeur·rice de crèche"],
                    },
                ),
            ],
        ),
        DirectionSpec(
            "Direction des services techniques",
            [
                S(
                    "Service espaces verts",
                    4,
                    "technique",
                    (0.90, 0.08, 0.02),
                    {
                        "C": ["Jardinier·ère", "Agent d'entretien des espaces verts"],
                        "B": ["Technicien·ne espaces verts"],
                        "A": ["Ingénieur·e paysagiste"],
                    },
                ),
                S(
                    "Service bâtiments et logistique",
                    4,
                    "technique",
                    (0.88, 0.09, 0.03),
                    {
                        "C": [
                            "Agent polyvalent du bâtiment",
                            "Agent logistique",
                            "Agent d'entretien des locaux",
                        ],
                        "B": ["Technicien·ne bâtiment"],
                        "A": ["Ingénieur·e bâtiment"],
                    },
                ),
                S(
                    "Service propreté urbaine",
                    2.5,
                    "technique",
                    (0.95, 0.04, 0.01),
                    {
                        "C": ["Agent de propreté urbaine"],
                        "B": ["Technicien·ne propreté"],
                        "A": ["Responsable propreté"],
                    },
                ),
            ],
        ),
        DirectionSpec(
            "Direction de la culture et des sports",
            [
                S(
                    "Médiathèque",
                    1.5,
                    "culturelle",
                    (0.60, 0.30, 0.10),
                    {
                        "C": ["Agent de médiathèque"],
                        "B": ["Assistant·e de conservation"],
                        "A": ["Bibliothécaire"],
                    },
                ),
                S(
                    "Service des sports",
                    1.5,
                    "sportive",
                    (0.75, 0.20, 0.05),
                    {
                        "C": ["Gardien·ne de gymnase", "Agent d'entretien sportif"],
                        "B": ["Éducateur·rice sportif·ve"],
                        "A": ["Responsable des sports"],
                    },
                ),
            ],
        ),
    ],
)

CCAS = OrganisationSpec(
    slug="ccas-de-belvau",
    name="CCAS de Belvau",
    article="le",
    street="12 rue des Glycines",
    short_name="CCAS de Belvau",
    kind="ccas",
    default_agents=150,
    theme_colour="#6b3fa0",
    siret="26990004000011",
    city="Belvau",
    postcode="99000",
    attached_to="ville-de-belvau",
    sso_only=True,
    sites=["Siège du CCAS", "Résidence autonomie Les Glycines", "Service d'aide à domicile"],
    directions=[
        DirectionSpec(
            "Pôle administration générale",
            [
                S(
                    "Service administratif et financier",
                    1,
                    "administrative",
                    (0.55, 0.30, 0.15),
                    {
                        "C": ["Gestionnaire administratif·ve"],
                        "B": ["Comptable"],
                        "A": ["Responsable administratif·ve"],
                    },
                ),
            ],
        ),
        DirectionSpec(
            "Pôle action sociale",
            [
                S(
                    "Accueil social et aides facultatives",
                    1.5,
                    "sociale",
                    (0.50, 0.15, 0.35),
                    {
                        "C": ["Agent d'accueil social"],
                        "B": ["Conseiller·ère ESF"],
                        "A": ["Travailleur·se social·e"],
                    },
                ),
            ],
        ),
        DirectionSpec(
            "Pôle seniors",
            [
                S(
                    "Service d'aide et d'accompagnement à domicile",
                    5,
                    "sociale",
                    (0.93, 0.05, 0.02),
                    {
                        "C": ["Aide à domicile", "Auxiliaire de vie sociale"],
                        "B": ["Responsable de secteur"],
                        "A": ["Responsable du service d'aide à domicile"],
                    },
                ),
                S(
                    "Résidence autonomie Les Glycines",
                    2,
                    "medico_sociale",
                    (0.80, 0.12, 0.08),
                    {
                        "C": ["Agent de service", "Agent de restauration"],
                        "B": ["Auxiliaire de soins"],
                        "A": ["Infirmier·ère coordinateur·rice"],
                    },
                ),
            ],
        ),
    ],
)

ORGANISATIONS = [DEPARTEMENT, COMMUNAUTE_URBAINE, VILLE, CCAS]
DEFAULT_TOTAL_AGENTS = sum(spec.default_agents for spec in ORGANISATIONS)

NETWORK = {
    "slug": "reseau-lisiere",
    "name": "Réseau Passerelles de la Lisière",
    "description": (
        "Le Département, la communauté urbaine, la Ville de Belvau et son CCAS s'entraident : missions "
        "partagées, prêts de compétences et renforts en cas de crise, dans le cadre d'une convention commune."
    ),
    "lead": "departement-haute-lisiere",
    "agreement_reference": "Convention-cadre de coopération RH n° 2026-014",
}
