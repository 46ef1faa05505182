"""The words the catalogue of frameworks is written with: the dates and lists its conditions test, the party
codes, the documents and the parties as the boussole names them. Shared by catalogue.py and
catalogue_between.py (the entries), and read by the engine and the stages (assembly, durations)."""

import datetime

from django.utils.translation import gettext_lazy as _

MECENAT_END = datetime.date(2027, 12, 27)  # loi 3DS art. 209: five-year experiment (some sources: 28 Dec.)

PUBLIC_HOSTS = [
    "commune",
    "epci",
    "departement",
    "region",
    "etat",
    "etablissement_public",
    "syndicat",
    "hopital",
    "gip",
]
ASSOCIATIVE_HOSTS = ["association", "fondation"]
# EPCI à fiscalité propre only (« epci »): a syndicat intercommunal or mixte is an EPCI without its own tax base
MECENAT_EMPLOYERS = ["etat", "departement", "region", "epci"]  # and communes over 3,500 inhabitants
# Who may sign a convention de mise à disposition de services: EPCI, syndicats and their member communes
SERVICES_BODIES = ["commune", "epci", "syndicat"]
PROJECT_PURPOSES = ["appui_projet", "prefiguration", "renfort_ponctuel", "decouverte", "solidarite"]
CONTRACTUELS = ["contractuel", "contractuel_cdi", "contractuel_cdd"]

# Apprentis and vacataires have no post to lend: every framework but the internal assignment (and the crisis
# reassignment within the same employer) starts with these two conditions.
ONLY_INTERNAL_FOR_APPRENTICES_AND_VACATAIRES = [
    (
        ("not", ("is", "agent_status", "apprenti")),
        _(
            "Un·e apprenti·e travaille dans le cadre de son contrat d'apprentissage et de sa formation (Code du "
            "travail, art. L6227-1 et suivants) : seule une affectation interne, sur les missions prévues par "
            "ce contrat, est possible."
        ),
    ),
    (
        ("not", ("is", "agent_status", "vacataire")),
        _(
            "Un·e vacataire est engagé·e pour une tâche précise, ponctuelle et limitée (décret n° 88-145, "
            "art. 1er) : il ou elle n'a pas de poste à prêter ; seule une affectation interne, dans cette tâche, "
            "est possible."
        ),
    ),
]
STAGIAIRE_NOT_LENT = _(
    "Un·e fonctionnaire stagiaire ne peut pas être mis·e à disposition avant sa titularisation (décret "
    "n° 92-1194 pour la territoriale, décret n° 94-874 art. 6 pour l'État — article à vérifier) : une "
    "affectation interne reste possible."
)

# Who agrees, by party code (engagements.models.Party) — the engagement asks exactly these. HR and SIGNATORY
# are the origin employer's (the agent's organisation); HOST_HR and HOST_SIGNATORY the host employer's, parties
# of an act between two employers (CGFP L512-7: the convention is signed by both). The engagement drops the
# host's two when both employers are one, and the host's HR when the host is an association or a foundation
# (its authority signs for it: engagements/services/parties.py).
AGENT, MANAGER, HOST, HR, SIGNATORY = "agent", "manager", "host", "hr", "signatory"
HOST_HR, HOST_SIGNATORY = "host_hr", "host_signatory"
BOTH_EMPLOYERS = [AGENT, MANAGER, HOST, HR, SIGNATORY, HOST_HR, HOST_SIGNATORY]

# « L'assemblée délibérante, informée au préalable » (décret n° 2008-580 art. 2 ; loi 3DS art. 209): where a
# framework's extra agreements hold this very object, HR records the date the assembly was informed and the
# engagement is not ready until it is (frameworks/assembly.py).
ASSEMBLY_INFORMED = _("l'assemblée délibérante, informée au préalable")

DOCUMENTS = {
    "lettre_mission": _("Lettre de mission / fiche de mission"),
    "pacte": _("Pacte de micro-mobilité"),
    "convention_mad": _("Convention de mise à disposition (entre les deux employeurs)"),
    "arrete_mad": _("Arrêté de mise à disposition"),
    "convention_services": _("Convention de mise à disposition de services (EPCI – communes)"),
    "convention_association": _("Convention avec l'association ou la fondation"),
    "arrete_mecenat": _(
        "Arrêté de mise à disposition dans le cadre du mécénat de compétences (autorité territoriale)"
    ),
    "attestation": _("Attestation de mission"),
    "contrat_reserve": _("Contrat d'engagement dans la réserve communale"),
    "arrete_detachement": _("Arrêté de détachement"),
}

PARTIES = {
    AGENT: _("l'agent (accord écrit)"),
    MANAGER: _("l'encadrant·e d'origine"),
    HOST: _("l'accueil (porteur·se de projet)"),
    HR: _("la RH de l'employeur d'origine"),
    SIGNATORY: _("l'autorité territoriale ou son délégataire (DGS) — signature"),
    HOST_HR: _("la RH de l'employeur d'accueil"),
    HOST_SIGNATORY: _("l'autorité de l'employeur d'accueil ou son délégataire — signature"),
}
