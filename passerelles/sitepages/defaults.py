"""The first text of each site page, written from our own latest audit (2026-11-28): the browser tests of
tests/browser/test_small_screens.py and test_phone_journey.py, which are automated and do not replace a full
RGAA audit — hence « partiellement conforme » and no rate. The data migration 0002 stores these; the
operator then edits them in the admin (docs/accessibilite.md). Pages read these defaults when the row is
missing (an emptied database), so that they never answer 404."""

import datetime

STATEMENT = {
    "entity": (
        "L'opérateur de cette plateforme Passerelles s'engage à rendre son service accessible, conformément à "
        "l'article 47 de la loi n° 2005-102 du 11 février 2005.\n\n"
        "Cette déclaration d'accessibilité s'applique au service en ligne Passerelles (toutes ses pages, "
        "publiques et connectées)."
    ),
    "compliance": "partiellement",
    "compliance_rate": None,
    "test_results": (
        "Aucun audit complet selon le référentiel général d'amélioration de l'accessibilité (RGAA 4.1, "
        "106 critères) n'a encore été réalisé : le taux de conformité n'est pas calculé.\n\n"
        "Notre dernier audit est automatique et partiel. Il a mesuré, dans un navigateur, pour chaque rôle "
        "de la démonstration (agent, encadrant·e, accueil, référent·e RH, signataire, coordination réseau, "
        "administration) :\n\n"
        "- chaque type de page atteignable à 320 pixels de large : aucun défilement horizontal (critère "
        "10.11, WCAG 1.4.10) ;\n"
        "- axe-core sur les pages du parcours de l'agent sur téléphone (trouver une mission, se manifester, "
        "accepter le pacte) à 390 et 320 pixels : aucune anomalie grave ou critique ;\n"
        "- le même parcours au clavier seul : l'indicateur de focus a un contraste d'au moins 3:1 avec son "
        "fond sur chaque contrôle atteint (critères 10.7 et 3.3, WCAG 2.4.7 et 1.4.11) ;\n"
        "- les formulaires en erreur : un récapitulatif des erreurs reçoit le focus, chaque champ en erreur "
        "est signalé (aria-invalid) et relié à son message et à son aide (aria-describedby) ;\n"
        "- la zone de défilement du calendrier d'équipe est atteignable au clavier."
    ),
    "non_accessible": (
        "Non-conformités et points non vérifiés :\n\n"
        "- les critères du RGAA qui demandent un jugement humain (pertinence des alternatives textuelles, "
        "des titres, des intitulés de liens, ordre de lecture, restitution par les lecteurs d'écran) n'ont "
        "pas été audités ;\n"
        "- les documents PDF produits par la plateforme (pacte, convention, attestation) n'ont pas été "
        "audités ;\n"
        "- l'interface d'administration technique (Django admin), réservée à l'opérateur, n'a pas été "
        "adaptée aux petits écrans ;\n"
        "- les tableaux de données larges défilent dans leur propre zone sur un téléphone."
    ),
    "derogations": (
        "Aucune dérogation pour charge disproportionnée.\n\n"
        "Contenus non soumis à l'obligation d'accessibilité : les documents envoyés par les utilisateurs "
        "(pièces jointes, photos des récits)."
    ),
    "test_environment": (
        "Navigateur Chromium 156 (Debian), sans lecteur d'écran, aux largeurs de 320, 390 et 1200 pixels, "
        "à la souris et au clavier seul."
    ),
    "tools": (
        "- axe-core 4.14 (analyse automatique dans le navigateur) ;\n"
        "- Playwright (parcours automatisés, navigation au clavier) ;\n"
        "- mesure du contraste selon la formule de luminance relative des WCAG 2.1."
    ),
    "pages_checked": (
        "Chaque type de page atteignable depuis le tableau de bord de chaque rôle de la démonstration "
        "(voir le plan du site), dont : l'accueil, la connexion, le tableau de bord, la liste et la fiche "
        "des missions, les engagements et leurs documents, le profil, le compte, les notifications, le "
        "calendrier de l'équipe, les récits, les paramètres de l'organisation, la présente déclaration, "
        "les mentions légales et le plan du site."
    ),
    "audit_date": datetime.date(2026, 11, 28),
    "contact": (
        "Si vous n'arrivez pas à accéder à un contenu ou à un service, contactez l'opérateur de la "
        "plateforme (voir les mentions légales) pour être orienté·e vers une alternative accessible ou "
        "obtenir le contenu sous une autre forme. Votre référent·e RH micro-mobilité peut aussi faire les "
        "démarches avec vous."
    ),
    "recourse": (
        "Cette procédure est à utiliser dans le cas suivant : vous avez signalé à l'opérateur un défaut "
        "d'accessibilité qui vous empêche d'accéder à un contenu ou à un service et vous n'avez pas obtenu "
        "de réponse satisfaisante.\n\n"
        "- Écrire un message au Défenseur des droits : https://formulaire.defenseurdesdroits.fr/\n"
        "- Contacter le délégué du Défenseur des droits dans votre région : "
        "https://www.defenseurdesdroits.fr/saisir/delegues\n"
        "- Envoyer un courrier par la poste (gratuit, ne pas mettre de timbre) : Défenseur des droits, "
        "Libre réponse 71120, 75342 Paris CEDEX 07"
    ),
}

PAGES = {
    "mentions-legales": {
        "title": "Mentions légales",
        "body": (
            "## Éditeur\n\n"
            "Cette plateforme Passerelles est éditée et opérée par l'administration qui l'a installée. "
            "L'opérateur complète ici son nom, son adresse, le nom du ou de la directrice de la "
            "publication et un moyen de le contacter.\n\n"
            "## Hébergement\n\n"
            "L'opérateur indique ici le nom et l'adresse de son hébergeur.\n\n"
            "## Logiciel\n\n"
            "Passerelles est un logiciel libre. Son code source est publié sous licence libre.\n\n"
            "## Données personnelles\n\n"
            "La page « Données personnelles » décrit les traitements, leurs finalités, leurs durées de "
            "conservation et vos droits.\n\n"
            "## Accessibilité\n\n"
            "La déclaration d'accessibilité indique l'état de conformité du service et comment signaler un "
            "problème."
        ),
    },
    "plan-du-site": {
        "title": "Plan du site",
        "body": (
            "Les pages que vous pouvez ouvrir, rangées par rôle. Chaque personne voit les pages de ses "
            "propres rôles ; les pages publiques sont ouvertes à tous."
        ),
    },
}
