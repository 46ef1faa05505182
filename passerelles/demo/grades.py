"""Grades of the territorial civil service, by filière and category (the usual ladders, simplified), for the
demo network's agents."""

GRADES: dict[str, dict[str, list[str]]] = {
    "administrative": {
        "C": [
            "Adjoint administratif",
            "Adjoint administratif principal de 2e classe",
            "Adjoint administratif principal de 1re classe",
        ],
        "B": ["Rédacteur", "Rédacteur principal de 2e classe", "Rédacteur principal de 1re classe"],
        "A": ["Attaché", "Attaché principal"],
        "A+": ["Administrateur territorial", "Attaché hors classe"],
    },
    "technique": {
        "C": [
            "Adjoint technique",
            "Adjoint technique principal de 2e classe",
            "Adjoint technique principal de 1re classe",
            "Agent de maîtrise",
            "Agent de maîtrise principal",
        ],
        "B": ["Technicien", "Technicien principal de 2e classe", "Technicien principal de 1re classe"],
        "A": ["Ingénieur", "Ingénieur principal"],
        "A+": ["Ingénieur en chef", "Ingénieur général"],
    },
    "sociale": {
        "C": ["Agent social", "Agent social principal de 2e classe", "ATSEM principal de 2e classe"],
        "B": ["Moniteur-éducateur et intervenant familial", "Moniteur-éducateur principal"],
        "A": ["Assistant socio-éducatif", "Conseiller socio-éducatif", "Éducateur de jeunes enfants"],
        "A+": ["Conseiller supérieur socio-éducatif"],
    },
    "medico_sociale": {
        "C": ["Agent social", "Agent social principal de 2e classe"],
        "B": ["Auxiliaire de puériculture", "Auxiliaire de soins"],
        "A": ["Infirmier en soins généraux", "Puéricultrice", "Cadre de santé", "Psychologue"],
        "A+": ["Médecin territorial"],
    },
    "animation": {
        "C": ["Adjoint d'animation", "Adjoint d'animation principal de 2e classe"],
        "B": ["Animateur", "Animateur principal de 2e classe"],
        "A": ["Attaché"],
        "A+": ["Attaché hors classe"],
    },
    "culturelle": {
        "C": ["Adjoint du patrimoine", "Adjoint du patrimoine principal de 2e classe"],
        "B": ["Assistant de conservation du patrimoine", "Assistant d'enseignement artistique"],
        "A": [
            "Bibliothécaire",
            "Attaché de conservation du patrimoine",
            "Professeur d'enseignement artistique",
        ],
        "A+": ["Conservateur du patrimoine"],
    },
    "sportive": {
        "C": ["Opérateur des activités physiques et sportives"],
        "B": ["Éducateur des activités physiques et sportives"],
        "A": ["Conseiller des activités physiques et sportives"],
        "A+": ["Conseiller des activités physiques et sportives hors classe"],
    },
    "police": {
        "C": ["Gardien-brigadier", "Brigadier-chef principal"],
        "B": ["Chef de service de police municipale"],
        "A": ["Directeur de police municipale"],
        "A+": ["Directeur de police municipale"],
    },
}
