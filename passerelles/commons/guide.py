"""The managers' guide (issue 22, 4): « appuyer les manager·euse·s dans l'accompagnement d'agent·e·s
ré-affecté·e·s » — a short checklist for the home and the host manager at each step of a mission. Text only: the
steps are the platform's, the words are the field's."""

from django.utils.translation import gettext_lazy as _

STEPS = [
    {
        "key": "agreement",
        "title": _("Avant l'accord"),
        "home": [
            _(
                "Vous apprenez la mission quand l'agent·e a rencontré l'accueil et veut continuer : pas avant."
            ),
            _(
                "Regardez la quotité et les dates : la charge de l'équipe pendant l'absence est-elle tenable ?"
            ),
            _("Un refus s'explique : la raison est écrite et lue par l'agent·e et la RH."),
        ],
        "host": [
            _("Décrivez la mission telle qu'elle est : le besoin, le temps, ce que l'agent·e apprendra."),
            _("Préparez la rencontre : une demi-heure, sans engagement de part et d'autre."),
            _("Un besoin qui revient tous les trimestres est un poste à créer, pas un renfort de plus."),
        ],
    },
    {
        "key": "start",
        "title": _("Au démarrage"),
        "home": [
            _(
                "Organisez avec l'équipe la répartition du travail pendant l'absence (elle est écrite dans le pacte)."
            ),
            _("Dites à l'agent·e que son poste l'attend : le retour est prévu, à la date de fin."),
        ],
        "host": [
            _("Accueillez le premier jour : un bureau, les accès, un·e collègue référent·e."),
            _("Relisez le pacte ensemble : ce que chacun attend et apporte, les points d'étape."),
            _(
                "Pour une mission exceptionnelle, vérifiez le soutien : parrain ou marraine, psychologue du travail."
            ),
        ],
    },
    {
        "key": "checkins",
        "title": _("Aux points d'étape"),
        "home": [
            _("Gardez le lien sans contrôler : une nouvelle, pas un compte rendu."),
            _("Une charge trop lourde dans l'équipe d'origine se dit à la RH, tôt."),
        ],
        "host": [
            _("Répondez au point d'étape de l'accueil ; une difficulté alerte la RH."),
            _("La mission n'absorbe pas le temps restant de l'agent·e : la quotité est un plafond."),
        ],
    },
    {
        "key": "return",
        "title": _("Au retour"),
        "home": [
            _("Tenez l'entretien de retour : ce que l'agent·e a appris, ce qu'il ou elle veut en faire ici."),
            _("Faites une place aux compétences nouvelles dans l'équipe."),
        ],
        "host": [
            _("Remerciez et évaluez : l'évaluation de la mission aide la suivante."),
            _("La mission finit à sa date : une prolongation se demande avant, avec l'accord de chacun."),
        ],
    },
]
