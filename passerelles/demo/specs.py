"""The shapes of the demo network's data (organisation, direction, service) and the directions every
organisation of the territory has (HR, finances, digital, communication)."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ServiceSpec:
    name: str
    weight: float
    filiere: str
    mix: tuple[float, float, float]  # shares of C, B, A among the service's agents
    jobs: dict[str, list[str]] = field(default_factory=dict)  # job titles by category ("C", "B", "A")


@dataclass(frozen=True)
class DirectionSpec:
    name: str
    services: list[ServiceSpec]


@dataclass(frozen=True)
class OrganisationSpec:
    slug: str
    name: str
    short_name: str
    kind: str
    default_agents: int
    theme_colour: str
    siret: str
    city: str
    postcode: str
    sites: list[str]
    directions: list[DirectionSpec]
    attached_to: str = ""
    sso_only: bool = False
    article: str = ""  # « le Département de … » in the acts
    street: str = ""  # the letterhead's address: street, then postcode and city  # « connexion par ProConnect seulement » (demo one-click logins stay open)


S = ServiceSpec

HR_DIRECTION = DirectionSpec(
    "Direction des ressources humaines",
    [
        S(
            "Service carrières et paie",
            3,
            "administrative",
            (0.55, 0.35, 0.10),
            {
                "C": ["Gestionnaire carrière-paie"],
                "B": ["Gestionnaire paie référent·e"],
                "A": ["Responsable carrière-paie"],
            },
        ),
        S(
            "Service emploi, compétences et formation",
            2,
            "administrative",
            (0.40, 0.35, 0.25),
            {
                "C": ["Assistant·e formation"],
                "B": ["Chargé·e de recrutement"],
                "A": ["Conseiller·ère en mobilité et parcours professionnels"],
            },
        ),
        S(
            "Service santé et qualité de vie au travail",
            1,
            "medico_sociale",
            (0.40, 0.30, 0.30),
            {
                "C": ["Assistant·e prévention"],
                "B": ["Conseiller·ère de prévention"],
                "A": ["Psychologue du travail", "Infirmier·ère de santé au travail"],
            },
        ),
    ],
)
FINANCE_DIRECTION = DirectionSpec(
    "Direction des finances et de la commande publique",
    [
        S(
            "Service budget et comptabilité",
            2,
            "administrative",
            (0.55, 0.30, 0.15),
            {
                "C": ["Agent comptable", "Gestionnaire comptable"],
                "B": ["Chargé·e de l'exécution budgétaire"],
                "A": ["Analyste financier·ère"],
            },
        ),
        S(
            "Service commande publique",
            1.5,
            "administrative",
            (0.35, 0.40, 0.25),
            {
                "C": ["Assistant·e marchés publics"],
                "B": ["Rédacteur·rice des marchés publics"],
                "A": ["Juriste commande publique", "Acheteur·se public·que"],
            },
        ),
    ],
)
DIGITAL_DIRECTION = DirectionSpec(
    "Direction du numérique",
    [
        S(
            "Service infrastructures et support",
            2,
            "technique",
            (0.50, 0.38, 0.12),
            {
                "C": ["Technicien·ne support de proximité"],
                "B": ["Administrateur·rice systèmes et réseaux"],
                "A": ["Architecte des systèmes d'information"],
            },
        ),
        S(
            "Service projets et données",
            1,
            "technique",
            (0.10, 0.40, 0.50),
            {
                "C": ["Assistant·e projets"],
                "B": ["Développeur·se"],
                "A": ["Chef·fe de projet numérique", "Data analyste"],
            },
        ),
    ],
)
COMMUNICATION_DIRECTION = DirectionSpec(
    "Direction de la communication",
    [
        S(
            "Service communication et relations presse",
            1,
            "administrative",
            (0.35, 0.40, 0.25),
            {
                "C": ["Assistant·e communication"],
                "B": ["Chargé·e de communication", "Graphiste"],
                "A": ["Responsable éditorial·e"],
            },
        ),
    ],
)
