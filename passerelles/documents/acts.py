"""The default text of the acts between two organisations and of the arrêtés (French, not translated): the
mise à disposition and its arrêté, the mécénat de compétences, the convention with an association, the
EPCI–communes services convention, the réserve communale engagement and the détachement. Visas from
../shared/FRAMEWORKS.md; blocks as in texts.py.
"""

from passerelles.documents.texts import (
    AGENT_LINE,
    ARRETE_OPENING,
    BETWEEN_EMPLOYERS,
    EXECUTION,
    PLACE_AND_DATE,
    RECOURSE,
    REGULARISATION,
    SIGNATURES,
)

CONVENTION_MAD = [
    ("title", "Convention de mise à disposition"),
    ("paragraph", "Vu le code général de la fonction publique, notamment ses articles L512-6 à L512-15 ;"),
    (
        "paragraph",
        "Vu le décret n° 2008-580 du 18 juin 2008 relatif au régime de la mise à disposition applicable aux "
        "collectivités territoriales et aux établissements publics administratifs locaux ;",
    ),
    ("paragraph", "Vu l'accord écrit de l'agent ;"),
    ("paragraph", "Vu l'information préalable de l'assemblée délibérante ;"),
    *BETWEEN_EMPLOYERS,
    REGULARISATION,
    ("heading", "Article 1 — Objet"),
    (
        "paragraph",
        f"Par la présente convention, {{{{ employeur_designation }}}} met {AGENT_LINE}, à disposition {{{{ accueil_de }}}} "
        "({{ accueil_service }}).",
    ),
    ("heading", "Article 2 — Activités"),
    ("paragraph", "« {{ mission_titre }} » : {{ mission_description }}"),
    ("heading", "Article 3 — Conditions d'emploi"),
    (
        "paragraph",
        "L'agent exerce ces activités à hauteur de {{ quotite }}, du {{ date_debut }} au {{ date_fin }} "
        "({{ duree }}), sous l'autorité fonctionnelle de {{ porteur_projet }}. Le travail est organisé par "
        "l'organisme d'accueil ; l'employeur d'origine conserve la gestion de la situation administrative de "
        "l'agent et le pouvoir disciplinaire.",
    ),
    ("heading", "Article 4 — Rémunération et remboursement"),
    (
        "paragraph",
        "L'employeur d'origine verse la rémunération de l'agent. Remboursement par l'organisme d'accueil : "
        "{{ remboursement }}.",
    ),
    ("heading", "Article 5 — Contrôle et évaluation"),
    (
        "paragraph",
        "L'organisme d'accueil organise les points d'étape ({{ points_etape }}) et transmet à l'employeur "
        "d'origine un rapport sur la manière de servir de l'agent, qui sert à son évaluation annuelle.",
    ),
    ("heading", "Article 6 — Durée, renouvellement et fin anticipée"),
    (
        "paragraph",
        "La mise à disposition ne peut excéder trois ans ; elle peut être renouvelée par périodes de trois ans "
        "au plus, avec l'accord de l'agent, par avenant. Elle peut prendre fin avant son terme à la demande de "
        "l'agent, de l'employeur d'origine ou de l'organisme d'accueil, moyennant un préavis d'un mois notifié "
        "aux deux autres.",
    ),
    PLACE_AND_DATE,
    SIGNATURES,
]

# Between two members of a network under its shared scheme (issue 18): the same convention, which cites the
# network's convention-cadre and the scheme both members took up by deliberation.
CONVENTION_MAD_RESEAU = [
    *CONVENTION_MAD[:4],
    ("paragraph", "Vu {{ convention_cadre }} ;"),
    *CONVENTION_MAD[4:],
]

# Between public bodies in a crisis (FRAMEWORKS.md §6): a simplified convention, for the duration of the crisis.
CONVENTION_MAD_CRISE = [
    ("title", "{{ titre_document }}"),
    ("paragraph", "Vu le code général de la fonction publique, notamment ses articles L512-6 à L512-15 ;"),
    ("paragraph", "Vu le décret n° 2008-580 du 18 juin 2008 ;"),
    ("paragraph", "Vu la crise déclarée et l'accord de l'agent, volontaire pour ce renfort ;"),
    *BETWEEN_EMPLOYERS,
    REGULARISATION,
    ("heading", "Article 1 — Objet"),
    (
        "paragraph",
        f"Pour la durée de la crise, {{{{ employeur_designation }}}} met {AGENT_LINE}, à disposition "
        "{{ accueil_de }} ({{ accueil_service }}) : « {{ mission_titre }} », sous l'autorité fonctionnelle de "
        "{{ porteur_projet }}.",
    ),
    ("heading", "Article 2 — Créneaux"),
    ("paragraph", "{{ creneaux }}."),
    (
        "paragraph",
        "Du {{ date_debut }} au {{ date_fin }} ; un changement du plan donne une nouvelle version.",
    ),
    ("heading", "Article 3 — Rémunération"),
    (
        "paragraph",
        "L'employeur d'origine continue de verser la rémunération de l'agent. Remboursement : {{ remboursement }}.",
    ),
    ("heading", "Article 4 — Fin et retour"),
    (
        "paragraph",
        "La mise à disposition prend fin avec les créneaux de l'agent, et au plus tard à la fin de la crise ; "
        "l'agent retrouve alors son service. Il peut se retirer d'un créneau à tout moment ; chaque employeur "
        "peut mettre fin à la présente convention sans préavis.",
    ),
    PLACE_AND_DATE,
    SIGNATURES,
]

ARRETE_MAD = [
    ("title", "Arrêté portant mise à disposition de {{ agent_nom_complet }}"),
    ARRETE_OPENING,
    ("paragraph", "Vu le code général de la fonction publique, notamment ses articles L512-6 à L512-15 ;"),
    ("paragraph", "Vu le décret n° 2008-580 du 18 juin 2008 ;"),
    (
        "paragraph",
        "Vu la convention de mise à disposition conclue entre {{ employeur_designation }} et "
        "{{ accueil_designation }} ;",
    ),
    ("paragraph", "Vu l'accord écrit de l'intéressé·e ;"),
    ("paragraph", "ARRÊTE"),
    ("heading", "Article 1"),
    (
        "paragraph",
        f"{AGENT_LINE}, est mis·e à disposition {{{{ accueil_de }}}} ({{{{ accueil_service }}}}) "
        "du {{ date_debut }} au {{ date_fin }} ({{ duree }}), à hauteur de {{ quotite }}.",
    ),
    ("heading", "Article 2"),
    (
        "paragraph",
        "L'intéressé·e exerce les activités définies par la convention : « {{ mission_titre }} ».",
    ),
    ("heading", "Article 3"),
    (
        "paragraph",
        "L'intéressé·e continue de percevoir la rémunération correspondant à son grade. Remboursement : "
        "{{ remboursement }}.",
    ),
    ("heading", "Article 4"),
    EXECUTION,
    RECOURSE,
    PLACE_AND_DATE,
    SIGNATURES,
]

CONVENTION_MECENAT = [
    ("title", "Convention de mise à disposition dans le cadre du mécénat de compétences"),
    (
        "paragraph",
        "Vu la loi n° 2022-217 du 21 février 2022 relative à la différenciation, la décentralisation, la "
        "déconcentration et portant diverses mesures de simplification de l'action publique locale, notamment "
        "son article 209 ;",
    ),
    (
        "paragraph",
        "Vu le décret n° 2022-1682 du 27 décembre 2022 relatif à la mise en œuvre de l'expérimentation de la "
        "mise à disposition de fonctionnaires dans le cadre du mécénat de compétences ;",
    ),
    (
        "paragraph",
        "Vu le code général de la fonction publique, notamment ses articles L121-1 à L121-11 et L124-4 et "
        "suivants ;",
    ),
    ("paragraph", "Vu l'accord de l'agent et de l'organisme d'accueil ;"),
    ("paragraph", "Vu l'information préalable de l'assemblée délibérante ;"),
    (
        "paragraph",
        "Considérant que le contrôle déontologique de la compatibilité de cette mise à disposition avec les "
        "fonctions exercées par l'agent au cours des trois dernières années a été effectué ;",
    ),
    *BETWEEN_EMPLOYERS,
    REGULARISATION,
    ("heading", "Article 1 — Objet et activités"),
    (
        "paragraph",
        f"Par la présente convention, {{{{ employeur_designation }}}} met {AGENT_LINE}, à disposition {{{{ accueil_de }}}} "
        "pour le projet « {{ mission_titre }} », qui relève des missions statutaires de l'organisme d'accueil : "
        "{{ mission_description }}",
    ),
    ("heading", "Article 2 — Durée, lieu et horaires"),
    (
        "paragraph",
        "Du {{ date_debut }} au {{ date_fin }} ({{ duree }}), à hauteur de {{ quotite }}, auprès de "
        "{{ accueil_service }}, selon les horaires convenus avec {{ porteur_projet }}. La mise à disposition ne "
        "peut excéder dix-huit mois, renouvelable dans la limite de trois ans au total, ni se poursuivre au-delà "
        "de la fin de l'expérimentation (27 décembre 2027).",
    ),
    ("heading", "Article 3 — Rémunération et remboursement"),
    (
        "paragraph",
        "L'employeur d'origine verse la rémunération de l'agent. Remboursement : {{ remboursement }}. Une mise "
        "à disposition sans remboursement constitue une subvention au sens de l'article 9-1 de la loi "
        "n° 2000-321 du 12 avril 2000.",
    ),
    ("heading", "Article 4 — Obligations de l'agent"),
    (
        "paragraph",
        "L'agent reste soumis aux obligations et à la déontologie des fonctionnaires (code général de la "
        "fonction publique, articles L121-1 à L121-11) : dignité, impartialité, intégrité, probité, neutralité, "
        "laïcité, secret et discrétion professionnels, prévention des conflits d'intérêts.",
    ),
    ("heading", "Article 5 — Suivi et évaluation"),
    (
        "paragraph",
        "Points d'étape : {{ points_etape }}. L'organisme d'accueil transmet chaque année une évaluation à "
        "l'employeur d'origine, ainsi qu'un rapport à mi-parcours et un an avant le terme.",
    ),
    ("heading", "Article 6 — Renouvellement et fin anticipée"),
    (
        "paragraph",
        "Tout renouvellement fait l'objet d'un avenant, avec l'accord de l'agent. Chaque partie peut mettre fin "
        "à la convention avant son terme moyennant un préavis d'un mois.",
    ),
    PLACE_AND_DATE,
    SIGNATURES,
]

CONVENTION_ASSOCIATION = [
    ("title", "Convention avec l'association ou la fondation"),
    (
        "paragraph",
        "Vu le code général de la fonction publique, notamment ses articles L121-1 à L121-11 et L622-1 à "
        "L622-5 ;",
    ),
    ("paragraph", "Vu la délibération de l'organisation qui ouvre ce dispositif ;"),
    (
        "paragraph",
        "Entre {{ employeur_designation }}, employeur de l'agent, {{ employeur_represente }} par son autorité "
        "territoriale ou son délégataire, d'une part,",
    ),
    (
        "paragraph",
        "et {{ accueil_designation }}, {{ accueil_represente }} par son ou sa représentant·e légal·e, d'autre "
        "part,",
    ),
    ("paragraph", "il est convenu ce qui suit."),
    REGULARISATION,
    ("heading", "Article 1 — Projet"),
    (
        "paragraph",
        f"{AGENT_LINE}, participe au projet « {{{{ mission_titre }}}} » : {{{{ mission_description }}}}",
    ),
    ("heading", "Article 2 — Durée, lieu et horaires"),
    (
        "paragraph",
        "Du {{ date_debut }} au {{ date_fin }} ({{ duree }}), {{ quotite }}, auprès de {{ accueil_service }}, "
        "avec {{ porteur_projet }}.",
    ),
    ("heading", "Article 3 — Obligations de l'agent"),
    (
        "paragraph",
        "L'agent reste soumis à ses obligations déontologiques (code général de la fonction publique, articles "
        "L121-1 à L121-11).",
    ),
    ("heading", "Article 4 — Conditions financières"),
    ("paragraph", "{{ remboursement }}."),
    ("heading", "Article 5 — Renouvellement et fin anticipée"),
    (
        "paragraph",
        "Tout renouvellement fait l'objet d'un avenant ; chaque partie peut mettre fin à la convention avec un "
        "préavis d'un mois.",
    ),
    PLACE_AND_DATE,
    SIGNATURES,
]

ARRETE_MECENAT = [
    (
        "title",
        "Arrêté portant mise à disposition de {{ agent_nom_complet }} dans le cadre du mécénat de compétences",
    ),
    ARRETE_OPENING,
    ("paragraph", "Vu la loi n° 2022-217 du 21 février 2022, notamment son article 209 ;"),
    ("paragraph", "Vu le décret n° 2022-1682 du 27 décembre 2022 ;"),
    ("paragraph", "Vu le code général de la fonction publique, notamment ses articles L121-1 à L121-11 ;"),
    (
        "paragraph",
        "Vu la convention de mise à disposition dans le cadre du mécénat de compétences conclue entre "
        "{{ employeur_designation }} et {{ accueil_designation }} ;",
    ),
    ("paragraph", "Vu l'accord écrit de l'intéressé·e ;"),
    ("paragraph", "ARRÊTE"),
    ("heading", "Article 1"),
    (
        "paragraph",
        f"{AGENT_LINE}, est mis·e à disposition {{{{ accueil_de }}}}, dans le cadre du mécénat de "
        "compétences, du {{ date_debut }} au {{ date_fin }} ({{ duree }}), à hauteur de {{ quotite }}, pour le "
        "projet « {{ mission_titre }} ».",
    ),
    ("heading", "Article 2"),
    ("paragraph", "Rémunération et remboursement : {{ remboursement }}."),
    ("heading", "Article 3"),
    EXECUTION,
    RECOURSE,
    PLACE_AND_DATE,
    SIGNATURES,
]

CONVENTION_SERVICES = [
    ("title", "Convention de mise à disposition de services"),
    (
        "paragraph",
        "Vu le code général des collectivités territoriales, notamment ses articles L5211-4-1 et D5211-16 ;",
    ),
    ("paragraph", "Vu le décret n° 2011-515 du 10 mai 2011 ;"),
    ("paragraph", "Vu l'avis du comité social territorial ;"),
    *BETWEEN_EMPLOYERS,
    REGULARISATION,
    ("heading", "Article 1 — Objet"),
    (
        "paragraph",
        "Par la présente convention, {{ employeur_designation }} met à disposition {{ accueil_de }} le service ou la partie de "
        "service {{ agent_service }}, pour « {{ mission_titre }} » : {{ mission_description }}",
    ),
    ("heading", "Article 2 — Agents concernés et autorité"),
    (
        "paragraph",
        f"Les agents du service, dont {AGENT_LINE}, sont de plein droit mis à disposition pour la part de leurs "
        "fonctions exercées dans le service mis à disposition ({{ quotite }}). Ils restent sous l'autorité "
        "hiérarchique de leur employeur et sont placés, pour l'exercice de ces fonctions, sous l'autorité "
        "fonctionnelle de l'exécutif {{ accueil_de }}.",
    ),
    ("heading", "Article 3 — Remboursement des frais de fonctionnement"),
    (
        "paragraph",
        "{{ remboursement }}. Le remboursement des frais de fonctionnement se fait sur la base d'un coût unitaire "
        "de fonctionnement du service multiplié par le nombre d'unités de fonctionnement constatées (article "
        "D5211-16).",
    ),
    ("heading", "Article 4 — Durée et fin"),
    (
        "paragraph",
        "Du {{ date_debut }} au {{ date_fin }} ({{ duree }}). Chaque partie peut y mettre fin avec un préavis de "
        "trois mois.",
    ),
    PLACE_AND_DATE,
    SIGNATURES,
]

CONTRAT_RESERVE = [
    ("title", "Contrat d'engagement dans la réserve communale de sécurité civile"),
    ("paragraph", "Vu le code de la sécurité intérieure, notamment ses articles L724-1 à L724-14 ;"),
    ("paragraph", "Vu la délibération créant la réserve communale de sécurité civile ;"),
    (
        "paragraph",
        "Entre {{ accueil_designation }}, qui organise la réserve communale, {{ accueil_represente }} par son "
        "maire ou son délégataire,",
    ),
    ("paragraph", f"et {AGENT_LINE}, réserviste volontaire,"),
    ("paragraph", "avec l'accord {{ employeur_de }}, son employeur,"),
    ("paragraph", "il est convenu ce qui suit."),
    REGULARISATION,
    ("heading", "Article 1 — Engagement"),
    (
        "paragraph",
        "Le ou la réserviste s'engage à répondre aux appels de la commune pour « {{ mission_titre }} » : "
        "{{ mission_description }}",
    ),
    ("heading", "Article 2 — Durée et disponibilité"),
    (
        "paragraph",
        "Le présent engagement court du {{ date_debut }} au {{ date_fin }} ({{ duree }}) ; un engagement dans la "
        "réserve est souscrit pour une durée d'un à cinq ans, renouvelable. Les activités ne peuvent dépasser "
        "quinze jours ouvrés par année civile, trente en état d'urgence sanitaire sur délibération municipale.",
    ),
    ("heading", "Article 3 — Situation du ou de la réserviste"),
    (
        "paragraph",
        "Pendant ses activités dans la réserve, l'agent fonctionnaire est placé en congé avec traitement dans la "
        "limite prévue par la loi. {{ remboursement }}.",
    ),
    ("heading", "Article 4 — Fin de l'engagement"),
    ("paragraph", "Chaque partie peut mettre fin à l'engagement par écrit, avec un préavis d'un mois."),
    PLACE_AND_DATE,
    SIGNATURES,
]

ARRETE_DETACHEMENT = [
    ("title", "Arrêté portant détachement de {{ agent_nom_complet }}"),
    ARRETE_OPENING,
    ("paragraph", "Vu le code général de la fonction publique, notamment ses articles L513-1 et suivants ;"),
    (
        "paragraph",
        "Vu le décret n° 86-68 du 13 janvier 1986 relatif aux positions de détachement, de disponibilité et de "
        "congé parental des fonctionnaires territoriaux ;",
    ),
    ("paragraph", "Vu la demande de l'intéressé·e et l'accord {{ accueil_de }} ;"),
    ("paragraph", "ARRÊTE"),
    ("heading", "Article 1"),
    (
        "paragraph",
        f"{AGENT_LINE}, est placé·e en position de détachement auprès {{{{ accueil_de }}}} "
        "({{ accueil_service }}) du {{ date_debut }} au {{ date_fin }} ({{ duree }}), pour exercer les fonctions "
        "suivantes : « {{ mission_titre }} ».",
    ),
    ("heading", "Article 2"),
    (
        "paragraph",
        "Pendant son détachement, l'intéressé·e est rémunéré·e par {{ accueil_designation }}, qui verse la "
        "contribution pour pension. {{ remboursement }}.",
    ),
    ("heading", "Article 3"),
    EXECUTION,
    RECOURSE,
    PLACE_AND_DATE,
    SIGNATURES,
]
