"""Boussole des dispositifs: which legal framework fits a micro-mobility situation, and which do not.

Plain rules, no database: a table of situations built from one valid BASE situation, each row checking
the frameworks recommended (exactly), the exclusions the row is about and, where the rules fix it, the
framework ranked first. The console script ``passerelles boussole`` is checked at the end.
"""

import datetime
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from passerelles.frameworks.boussole import (
    Parameters,
    SituationError,
    end_of,
    months_between,
    parse_situation,
    recommend,
)

ROOT = Path(__file__).resolve().parents[1]

AI = "affectation_interne"
MATP = "mission_appui_projet"
MAD = "mise_a_disposition"
CONV = "convention_services_epci"
ASA = "asa_benevolat"
MEC = "mecenat_competences"
CRISE = "crise_reaffectation"
RES = "reserve_communale"
DET = "detachement"
NET = "dispositif_reseau"
ALL_CODES = {AI, MATP, MAD, CONV, ASA, MEC, CRISE, RES, DET, NET}

# A titulaire of a commune of 12,000 inhabitants lent one day a week to a neighbouring commune for 6 months.
BASE = {
    "same_employer": False,
    "host_type": "commune",
    "host_public_service_mission": False,
    "host_general_interest": False,
    "host_epci_member_link": False,
    "whole_service": False,
    "agent_status": "titulaire",
    "employer_type": "commune",
    "employer_population": 12000,
    "duration_months": 6,
    "time_share_percent": 20,
    "days_per_month": None,
    "purpose": "renfort_ponctuel",
    "crisis": False,
    "start_date": "2026-03-02",
}

# Presets combined into rows.
SAME = {"same_employer": True, "host_type": "meme_collectivite"}
ASSO = {"host_type": "association", "host_general_interest": True, "purpose": "interet_general"}
CRISIS = {"crisis": True, "purpose": "crise"}
EPCI_SERVICE = {"host_type": "epci", "host_epci_member_link": True, "whole_service": True}
# Issue 18: both employers took up their network's shared scheme; the stricter of their limits is 30 %, 12 months
SHARED = {"network_scheme_enabled": True, "network_scheme_max_percent": 30, "network_scheme_max_months": 12}

FRENCH = re.compile(
    r"\b(le|la|les|de|des|du|un|une|est|sont|pas|ne|non|doit|peut|au|aux|pour|sans|avec|dans|sur|par|en|ce|cette"
    r"|et|ou|que|qui|seul|seule|seulement|plus|moins|être|agent|employeur|accueil|durée)\b|\b[ldnqs][’']",
    re.IGNORECASE,
)


def situation(**overrides):
    """A complete, valid input dict: BASE with some fields replaced."""
    unknown = set(overrides) - set(BASE) - {"end_date"}  # end_date: optional, computed when absent
    assert not unknown, f"champs inconnus dans le test : {unknown}"
    return {**BASE, **overrides}


def plain(text):
    """French typography puts (narrow) no-break spaces in numbers and dates: compare with plain spaces."""
    return re.sub(r"[\u00a0\u202f\u2009]", " ", text)


def is_french(text):
    return bool(FRENCH.search(plain(text)))


def row(
    row_id,
    overrides,
    recommended,
    excluded=(),
    first=None,
    params=None,
    vigilance=None,
    last=None,
    because=None,
):
    """One situation of the table.

    overrides: fields replacing BASE; recommended: the exact set of codes recommended; excluded: codes that
    must be excluded (the point of the row); first/last: the code expected first/last among recommended;
    params: keyword arguments of Parameters; vigilance: {code: text expected in one of its vigilance points};
    because: {code: [texts]} every text expected in that excluded framework's reason (the rule and its legal
    reference).
    """
    return pytest.param(
        overrides,
        params or {},
        set(recommended),
        set(excluded) | set(because or {}),
        first,
        last,
        vigilance or {},
        because or {},
        id=row_id,
    )


ROWS = [
    # --- Another public body: mise à disposition, détachement ---
    row("titulaire-vers-autre-commune", {}, {MAD}, {AI, MATP, CONV, CRISE, RES}, first=MAD),
    row("titulaire-vers-hopital", {"host_type": "hopital"}, {MAD}, {ASA, MEC}, first=MAD),
    row(
        "cdd-vers-autre-collectivite-pas-de-mad",
        {"agent_status": "contractuel_cdd"},
        set(),
        {MAD, DET},
    ),
    row(
        "cdi-vers-commune-mad-sans-detachement",
        {"agent_status": "contractuel_cdi"},
        {MAD},
        {DET},
        first=MAD,
    ),
    row(
        "cdi-vers-association-mission-service-public-ni-mad-ni-mecenat",
        {
            **ASSO,
            "agent_status": "contractuel_cdi",
            "host_public_service_mission": True,
            "time_share_percent": 10,
        },
        {ASA},
        {MAD, DET, MEC},
    ),
    row(
        "association-sans-mission-service-public-pas-de-mad",
        {**ASSO, "host_public_service_mission": False},
        {MEC},
        {MAD, ASA},
    ),
    row(
        "association-avec-mission-service-public-titulaire-mad",
        {"host_type": "association", "host_public_service_mission": True},
        {MAD},
        {ASA, MEC},
        first=MAD,
    ),
    row(
        "fondation-mission-service-public-et-interet-general",
        {**ASSO, "host_type": "fondation", "host_public_service_mission": True, "time_share_percent": 10},
        {MAD, ASA, MEC},
        set(),
    ),
    row(
        "entreprise-a-temps-plein-seul-le-detachement",
        {"host_type": "entreprise", "host_general_interest": True, "time_share_percent": 100},
        {DET},
        {MAD, CONV, ASA, MEC, AI, MATP, CRISE, RES},
        first=DET,
    ),
    row(
        "mad-de-48-mois-reste-recommandee-avec-vigilance",
        {"duration_months": 48},
        {MAD},
        set(),
        first=MAD,
        vigilance={MAD: ""},
    ),
    # --- EPCI and member communes: convention de services ---
    row(
        "commune-vers-epci-service-entier-convention-en-tete",
        EPCI_SERVICE,
        {CONV, MAD},
        set(),
        first=CONV,
    ),
    row(
        "epci-vers-commune-membre-service-entier",
        {**EPCI_SERVICE, "host_type": "commune", "employer_type": "epci", "employer_population": None},
        {CONV, MAD},
        set(),
        first=CONV,
    ),
    row(
        "epci-une-seule-personne-pas-de-convention",
        {**EPCI_SERVICE, "whole_service": False},
        {MAD},
        {CONV},
        first=MAD,
    ),
    row(
        "epci-sans-lien-de-membre-pas-de-convention",
        {**EPCI_SERVICE, "host_epci_member_link": False},
        {MAD},
        {CONV},
    ),
    row(
        "departement-vers-epci-pas-de-convention",
        {**EPCI_SERVICE, "employer_type": "departement", "employer_population": None},
        {MAD},
        {CONV},
    ),
    # --- Same employer: internal assignment, MATP ---
    row("meme-employeur-renfort", SAME, {AI, MATP}, {MAD, DET, CONV, ASA, MEC, CRISE, RES}),
    row(
        "meme-employeur-appui-projet-matp-en-tete",
        {**SAME, "purpose": "appui_projet"},
        {MATP, AI},
        set(),
        first=MATP,
    ),
    row(
        "meme-employeur-prefiguration-matp-en-tete",
        {**SAME, "purpose": "prefiguration"},
        {MATP, AI},
        set(),
        first=MATP,
    ),
    row(
        "matp-40-pourcent-12-mois-limite-incluse",
        {**SAME, "purpose": "appui_projet", "time_share_percent": 40, "duration_months": 12},
        {MATP, AI},
        set(),
        first=MATP,
    ),
    row(
        "matp-50-pourcent-exclue",
        {**SAME, "purpose": "appui_projet", "time_share_percent": 50},
        {AI},
        {MATP},
        first=AI,
    ),
    row(
        "matp-18-mois-dans-la-limite-par-defaut-de-24",
        {**SAME, "purpose": "appui_projet", "duration_months": 18},
        {MATP, AI},
        set(),
        first=MATP,
    ),
    row(
        "matp-interet-general-exclue",
        {**SAME, "purpose": "interet_general"},
        {AI},
        {MATP},
        first=AI,
    ),
    row(
        "matp-desactivee-par-l-organisation",
        {**SAME, "purpose": "appui_projet"},
        {AI},
        {MATP},
        first=AI,
        params={"matp_enabled": False},
    ),
    row(
        "matp-plafond-60-pourcent-de-l-organisation",
        {**SAME, "purpose": "appui_projet", "time_share_percent": 50},
        {MATP, AI},
        set(),
        first=MATP,
        params={"matp_max_percent": 60},
    ),
    row(
        "meme-employeur-cdd-affectation-interne",
        {**SAME, "agent_status": "contractuel_cdd"},
        {AI, MATP},
        {DET, MAD},
    ),
    # --- Volunteering on working time: ASA ---
    row(
        "asa-10-pourcent-environ-2-jours",
        {**ASSO, "time_share_percent": 10},
        {ASA, MEC},
        {MAD},
    ),
    row("asa-20-pourcent-environ-4-jours-exclue", ASSO, {MEC}, {ASA}),
    row(
        "asa-9-pourcent-arrondi-a-2-jours",  # 9 % of 21.67 working days = 1.95, to the nearest half-day: 2
        {**ASSO, "time_share_percent": 9},
        {ASA, MEC},
        set(),
    ),
    row(
        "asa-11-pourcent-arrondi-a-2-jours-et-demi-exclue",  # 2.38 days → 2.5
        {**ASSO, "time_share_percent": 11},
        {MEC},
        {ASA},
    ),
    row(
        "asa-12-pourcent-environ-2-jours-et-demi-exclue",
        {**ASSO, "time_share_percent": 12},
        {MEC},
        {ASA},
    ),
    row(
        "asa-3-jours-par-mois-exclue",
        {**ASSO, "time_share_percent": 10, "days_per_month": 3},
        {MEC},
        {ASA},
    ),
    row(
        "asa-2-jours-par-mois-declares-priment-sur-le-pourcentage",
        {**ASSO, "time_share_percent": 50, "days_per_month": 2},
        {ASA, MEC},
        set(),
    ),
    row(
        "asa-4-jours-et-demi-par-mois-de-l-organisation",  # 20 % ≈ 4.33 days → 4.5
        ASSO,
        {ASA, MEC},
        set(),
        params={"asa_days_per_month": 4.5},
    ),
    row(
        "asa-desactivee-par-l-organisation",
        {**ASSO, "time_share_percent": 10},
        {MEC},
        {ASA},
        params={"asa_enabled": False},
    ),
    row(
        "association-sans-interet-general-ni-asa-ni-mecenat",
        {**ASSO, "host_general_interest": False, "time_share_percent": 10},
        set(),
        {ASA, MEC, MAD, DET},
    ),
    # --- Mécénat de compétences ---
    row(
        "mecenat-commune-de-12000-habitants",
        {**ASSO, "time_share_percent": 10},
        {ASA, MEC},
        set(),
        vigilance={MEC: "27 décembre 2027"},
    ),
    row(
        "mecenat-commune-de-2000-habitants-exclu",
        {**ASSO, "employer_population": 2000, "time_share_percent": 10},
        {ASA},
        {MEC, MAD},
    ),
    row(
        "mecenat-commune-de-3500-habitants-exclu",
        {**ASSO, "employer_population": 3500, "time_share_percent": 10},
        {ASA},
        {MEC},
    ),
    row(
        "mecenat-commune-de-3501-habitants",
        {**ASSO, "employer_population": 3501, "time_share_percent": 10},
        {ASA, MEC},
        set(),
    ),
    row(
        "mecenat-population-inconnue-a-verifier",
        {**ASSO, "employer_population": None, "time_share_percent": 10},
        {ASA, MEC},
        set(),
        vigilance={MEC: "3 500"},
    ),
    row(
        "mecenat-debut-apres-27-decembre-2027-exclu",
        {**ASSO, "start_date": "2028-01-10"},
        set(),
        {MEC, ASA},
    ),
    row(
        "mecenat-du-1er-au-27-decembre-2027",
        {**ASSO, "start_date": "2027-12-01", "end_date": "2027-12-27", "duration_months": 1},
        {MEC},
        {ASA},
        vigilance={MEC: "27 décembre 2027"},
    ),
    row(
        "mecenat-37-mois-exclu",  # ends in November 2027: only the 3 years rule fails
        {**ASSO, "duration_months": 37, "start_date": "2024-11-01"},
        set(),
        {MEC},
    ),
    row(
        "mecenat-36-mois-finissant-avant-la-fin-de-l-experimentation",
        {**ASSO, "duration_months": 36, "start_date": "2024-12-20"},
        {MEC},
        set(),
    ),
    row(
        "mecenat-employeur-departement",
        {**ASSO, "employer_type": "departement", "employer_population": None},
        {MEC},
        {ASA},
    ),
    row(
        "mecenat-employeur-etat",
        {**ASSO, "employer_type": "etat", "employer_population": None},
        {MEC},
        set(),
    ),
    row(
        "mecenat-employeur-hopital-exclu",
        {**ASSO, "employer_type": "hopital", "employer_population": None, "time_share_percent": 10},
        {ASA},
        {MEC},
    ),
    # --- Crisis ---
    row(
        "crise-meme-employeur-reaffectation-en-tete",
        {**SAME, **CRISIS, "employer_type": "departement", "employer_population": None},
        {CRISE, AI},
        {RES, MATP, DET, MAD},
        first=CRISE,
    ),
    row(
        "crise-meme-commune-reaffectation-et-reserve",
        {**SAME, **CRISIS, "days_per_month": 1},
        {CRISE, RES, AI},
        {MATP},
    ),
    row(
        "crise-autre-commune-reserve-en-tete",
        {**CRISIS, "days_per_month": 1, "duration_months": 12},
        {RES, MAD},
        {CRISE},
        first=RES,
    ),
    row(
        "crise-reserve-4-jours-par-mois-sur-12-mois-exclue",
        {**CRISIS, "days_per_month": 4, "duration_months": 12},
        {MAD},
        {RES, CRISE},
    ),
    row(
        "crise-reserve-estimee-20-pourcent-sur-12-mois-exclue",
        {**CRISIS, "duration_months": 12},
        {MAD},
        {RES},
    ),
    row(
        "crise-reserve-estimee-5-pourcent-sur-12-mois",
        {**CRISIS, "time_share_percent": 5, "duration_months": 12},
        {RES, MAD},
        set(),
        first=RES,
    ),
    row(
        "crise-reserve-30-jours-urgence-sanitaire",
        {**CRISIS, "days_per_month": 2.5, "duration_months": 12},
        {RES, MAD},
        set(),
        first=RES,
        vigilance={RES: "urgence"},
    ),
    row(
        "crise-ville-vers-ccas-mad-simplifiee",
        {**CRISIS, "host_type": "etablissement_public", "days_per_month": 1},
        {MAD},
        {RES, CRISE},
        first=MAD,
        vigilance={
            MAD: "Crise entre organismes publics : une convention simplifiée, pour la durée de la crise"
        },
    ),
    row(
        "crise-vers-departement-pas-de-reserve",
        {**CRISIS, "host_type": "departement", "days_per_month": 1},
        {MAD},
        {RES, CRISE},
    ),
    row(
        "crise-passe-avant-la-convention-epci",
        {**EPCI_SERVICE, **CRISIS, "host_type": "commune", "employer_type": "epci", "days_per_month": 1},
        {RES, CONV, MAD},
        set(),
        first=RES,
    ),
    row("sans-crise-pas-de-reserve", {"days_per_month": 1}, {MAD}, {RES, CRISE}),
    # --- Issue 14: statuses, syndicats, a position is not a help, the experiment's end ---
    row(
        "mecenat-contractuel-cdi-exclu",
        {**ASSO, "agent_status": "contractuel_cdi", "time_share_percent": 10},
        {ASA},
        {MAD},
        because={MEC: ["fonctionnaires", "art. 209", "CDI"], DET: ["titulaires", "L513-1"]},
    ),
    row(
        "mecenat-contractuel-cdd-exclu",
        {**ASSO, "agent_status": "contractuel_cdd", "time_share_percent": 10},
        {ASA},
        because={MEC: ["fonctionnaires", "art. 209", "CDD"], MAD: ["CDD", "88-145"]},
    ),
    row(
        "mecenat-contractuel-sans-precision-exclu",
        {**ASSO, "agent_status": "contractuel", "time_share_percent": 10},
        {ASA},
        because={MEC: ["fonctionnaires", "art. 209"]},
    ),
    row(
        "mad-contractuel-contrat-inconnu-la-rh-doit-preciser",
        {"agent_status": "contractuel"},
        set(),
        because={MAD: ["CDI ou en CDD", "88-145, art. 35-1"], DET: ["titulaires"]},
    ),
    row(
        "mad-contractuel-cdi-vers-syndicat",
        {"agent_status": "contractuel_cdi", "host_type": "syndicat"},
        {MAD},
        first=MAD,
    ),
    row(
        "mecenat-commence-avant-finit-apres-27-decembre-2027-exclu",
        {**ASSO, "start_date": "2027-06-01", "duration_months": 12, "time_share_percent": 10},
        {ASA},
        because={MEC: ["31/05/2028", "27 décembre 2027", "art. 209"]},
    ),
    row(
        "mecenat-fin-donnee-le-28-decembre-2027-exclu",
        {**ASSO, "start_date": "2027-07-01", "end_date": "2027-12-28", "time_share_percent": 10},
        {ASA},
        because={MEC: ["28/12/2027", "27 décembre 2027", "art. 209"]},
    ),
    row(
        "mecenat-employeur-syndicat-exclu",
        {**ASSO, "employer_type": "syndicat", "employer_population": None, "time_share_percent": 10},
        {ASA},
        because={MEC: ["syndicat", "fiscalité propre", "art. 209"]},
    ),
    row(
        "mecenat-employeur-epci-a-fiscalite-propre",
        {**ASSO, "employer_type": "epci", "employer_population": None},
        {MEC},
        because={ASA: ["jours par mois", "L622-1"]},
    ),
    row(
        "syndicat-accueil-mad-possible",
        {"host_type": "syndicat"},
        {MAD},
        {CONV},
        first=MAD,
        because={DET: ["position", "L513-1"]},
    ),
    row(
        "syndicat-employeur-vers-commune-membre-convention-de-services",
        {**EPCI_SERVICE, "host_type": "commune", "employer_type": "syndicat", "employer_population": None},
        {CONV, MAD},
        first=CONV,
        vigilance={CONV: "L5721-9"},
    ),
    row(
        "departement-vers-syndicat-pas-de-convention-de-services",
        {
            **EPCI_SERVICE,
            "host_type": "syndicat",
            "employer_type": "departement",
            "employer_population": None,
        },
        {MAD},
        because={CONV: ["syndicats", "L5211-4-1"]},
    ),
    row(
        "detachement-a-20-pourcent-exclu",
        {},
        {MAD},
        because={
            DET: [
                "un détachement est une position : l'agent quitte son poste",
                "aide à 20 % à côté de son poste relève d'une mise à disposition ou d'un dispositif local",
                "L513-1",
            ]
        },
    ),
    row(
        "detachement-a-100-pourcent-en-dernier",
        {"time_share_percent": 100},
        {MAD, DET},
        first=MAD,
        last=DET,
    ),
    row(
        "stagiaire-pas-de-mad",
        {"agent_status": "stagiaire"},
        set(),
        because={MAD: ["stagiaire", "92-1194", "94-874", "à vérifier"], DET: ["titulaires", "L513-1"]},
    ),
    row(
        "stagiaire-pas-de-mecenat",
        {**ASSO, "agent_status": "stagiaire", "time_share_percent": 10},
        {ASA},
        because={MEC: ["stagiaire", "92-1194"]},
    ),
    row(
        "stagiaire-affectation-interne-et-matp",
        {**SAME, "agent_status": "stagiaire", "purpose": "appui_projet"},
        {MATP, AI},
        first=MATP,
    ),
    row(
        "apprenti-vers-autre-commune-rien",
        {"agent_status": "apprenti"},
        set(),
        because={MAD: ["apprenti", "L6227-1"], DET: ["apprenti"]},
    ),
    row(
        "apprenti-meme-employeur-affectation-interne-seulement",
        {**SAME, "agent_status": "apprenti", "purpose": "appui_projet"},
        {AI},
        because={MATP: ["apprenti", "L6227-1"]},
    ),
    row(
        "vacataire-vers-association-rien",
        {**ASSO, "agent_status": "vacataire", "time_share_percent": 10},
        set(),
        because={ASA: ["vacataire", "88-145"], MEC: ["vacataire", "88-145"]},
    ),
    row(
        "vacataire-crise-meme-commune-reaffectation-seulement",
        {**SAME, **CRISIS, "agent_status": "vacataire", "days_per_month": 1},
        {CRISE, AI},
        first=CRISE,
        because={RES: ["vacataire", "88-145"], MATP: ["vacataire"]},
    ),
    row(
        "matp-24-mois-limite-par-defaut-incluse",
        {**SAME, "purpose": "appui_projet", "duration_months": 24},
        {MATP, AI},
        first=MATP,
    ),
    row(
        "matp-30-mois-exclue-par-defaut",
        {**SAME, "purpose": "appui_projet", "duration_months": 30},
        {AI},
        because={MATP: ["30 mois", "24 mois", "délibération"]},
    ),
    row(
        "fondation-accueil-titulaire-asa-et-mecenat",
        {**ASSO, "host_type": "fondation", "time_share_percent": 10},
        {ASA, MEC},
        because={MAD: ["service public", "L512-8"]},
    ),
    # --- Issue 18: a network's shared scheme, between two members that both took it up ---
    row(
        "reseau-dispositif-partage-entre-deux-membres",
        {"purpose": "appui_projet"},
        {NET, MAD},
        first=NET,
        params=SHARED,
        vigilance={NET: "convention-cadre"},
    ),
    row(
        "reseau-dispositif-renfort-ponctuel-avant-la-mad",
        {"host_type": "departement"},
        {NET, MAD},
        first=NET,
        params=SHARED,
    ),
    row(
        "reseau-sans-adoption-par-les-deux-membres",
        {"purpose": "appui_projet"},
        {MAD},
        because={NET: ["n'ont pas tous deux adopté", "délibération"]},
    ),
    row(
        "reseau-quotite-au-dela-de-la-plus-stricte",
        {"purpose": "appui_projet", "time_share_percent": 40},
        {MAD},
        params=SHARED,
        because={NET: ["40 %", "30 %", "délibérations"]},
    ),
    row(
        "reseau-duree-au-dela-de-la-plus-stricte",
        {"purpose": "appui_projet", "duration_months": 18},
        {MAD},
        params=SHARED,
        because={NET: ["18 mois", "12 mois", "délibérations"]},
    ),
    row(
        "reseau-meme-employeur-dispositif-local",
        {**SAME, "purpose": "appui_projet"},
        {MATP, AI},
        params=SHARED,
        because={NET: ["Même employeur", "CGFP"]},
    ),
    row(
        "reseau-accueil-association-pas-de-dispositif-partage",
        {**ASSO, "host_public_service_mission": True, "purpose": "appui_projet", "time_share_percent": 10},
        {MAD, ASA, MEC},
        params=SHARED,
        because={NET: ["employeurs publics", "L512-8"]},
    ),
    row(
        "reseau-stagiaire-jamais-mis-a-disposition",
        {"agent_status": "stagiaire", "purpose": "appui_projet"},
        set(),
        params=SHARED,
        because={NET: ["stagiaire", "décret"]},
    ),
    row(
        "reseau-cdd-exclu",
        {"agent_status": "contractuel_cdd", "purpose": "appui_projet"},
        set(),
        params=SHARED,
        because={NET: ["CDI", "décret n° 88-145"]},
    ),
    row(
        "reseau-cdi-vers-membre-public",
        {"agent_status": "contractuel_cdi", "purpose": "appui_projet"},
        {NET, MAD},
        first=NET,
        params=SHARED,
    ),
    row(
        "reseau-objet-crise-hors-dispositif",
        {**CRISIS, "host_type": "etablissement_public"},
        {MAD},
        params=SHARED,
        because={NET: ["objet", "délibérations"]},
    ),
]


def run(overrides, params):
    result = recommend(parse_situation(situation(**overrides)), Parameters(**params) if params else None)
    return result


def vigilance_of(entry):
    return [plain(point) for point in entry.get("vigilance", [])]


ROW_FIELDS = ("overrides", "params", "recommended", "excluded", "first", "last", "vigilance", "because")


@pytest.mark.parametrize(ROW_FIELDS, ROWS)
def test_boussole_table(overrides, params, recommended, excluded, first, last, vigilance, because):
    result = run(overrides, params)
    got = [entry["code"] for entry in result["recommended"]]
    got_excluded = {entry["code"] for entry in result["excluded"]}
    assert set(got) == recommended, f"recommandés : {got}, exclus : {sorted(got_excluded)}"
    assert excluded <= got_excluded, f"devaient être exclus : {sorted(excluded - got_excluded)}"
    if first is not None:
        assert got[0] == first, f"ordre : {got}"
    if last is not None:
        assert got[-1] == last, f"ordre : {got}"
    by_code = {entry["code"]: entry for entry in result["recommended"]}
    for code, text in vigilance.items():
        points = vigilance_of(by_code[code])
        assert points, f"{code} : aucun point de vigilance"
        assert any(plain(text) in point for point in points), f"{code} : {text!r} absent de {points}"
    reasons = {entry["code"]: plain(entry["reason"]) for entry in result["excluded"]}
    for code, texts in because.items():
        for text in texts:
            assert plain(text) in reasons[code], f"{code} : {text!r} absent de « {reasons[code]} »"


def test_the_simplified_convention_line_is_for_a_crisis_only():
    """Issue 17: between public bodies in a crisis a MAD is a simplified convention; outside a crisis the MAD
    keeps its usual points (no « convention simplifiée »)."""
    line = "convention simplifiée, pour la durée de la crise"
    calm = next(e for e in run({"host_type": "etablissement_public"}, {})["recommended"] if e["code"] == MAD)
    crisis = next(e for e in run({**CRISIS, "host_type": "etablissement_public"}, {})["recommended"])
    assert crisis["code"] == MAD
    assert any(line in point for point in vigilance_of(crisis))
    assert not any(line in point for point in vigilance_of(calm))


def test_table_covers_every_code_and_every_exclusion():
    recommended = set().union(*(param.values[2] for param in ROWS))
    excluded = set().union(*(param.values[3] for param in ROWS))
    assert recommended == ALL_CODES
    assert excluded == ALL_CODES
    assert len(ROWS) >= 80  # 57 before issue 14, at least 15 more for its corrections
    assert len({param.id for param in ROWS}) == len(ROWS)


def _non_empty_str_list(value):
    return isinstance(value, list) and value and all(isinstance(item, str) and item.strip() for item in value)


# Every exclusion names the rule's legal source: an article, a law, a decree, a code, or the local deliberation
LEGAL_REFERENCE = re.compile(
    r"\b(art\.|CGFP|CGCT|CGI|loi|décret|Code|délibération|note de service|plan de continuité)", re.IGNORECASE
)


@pytest.mark.parametrize(ROW_FIELDS, ROWS)
def test_result_structure(overrides, params, recommended, excluded, first, last, vigilance, because):
    result = run(overrides, params)
    assert set(result) >= {"recommended", "excluded"}
    codes = [entry["code"] for entry in result["recommended"]] + [
        entry["code"] for entry in result["excluded"]
    ]
    assert sorted(codes) == sorted(ALL_CODES), codes  # each of the 10 codes exactly once
    for entry in result["recommended"]:
        code = entry["code"]
        assert isinstance(entry["label"], str) and entry["label"].strip(), code
        for key in ("reasons", "agreements", "documents", "legal_refs"):
            assert _non_empty_str_list(entry[key]), f"{code}.{key} = {entry[key]!r}"
        assert isinstance(entry["money"], str) and entry["money"].strip(), code
        months = entry["max_duration_months"]
        assert months is None or (isinstance(months, int) and not isinstance(months, bool) and months > 0), (
            code
        )
        assert isinstance(entry["vigilance"], list)
        assert all(isinstance(point, str) and point.strip() for point in entry["vigilance"]), code
        if code == MEC:  # an experimental framework always shows its expiry
            assert any("27 décembre 2027" in point for point in vigilance_of(entry)), entry["vigilance"]
    got = [entry["code"] for entry in result["recommended"]]
    if DET in got:  # the heavier alternative comes last
        assert got[-1] == DET, got
    for entry in result["excluded"]:
        reason = entry["reason"]
        assert isinstance(reason, str) and reason.strip(), entry["code"]
        assert is_french(reason), f"{entry['code']} : {reason!r}"
        assert LEGAL_REFERENCE.search(reason), f"{entry['code']} : pas de référence dans {reason!r}"
    json.dumps(result)  # the CLI prints it as JSON


def test_mise_a_disposition_lasts_at_most_36_months_renewable():
    result = run({}, {})
    mad = next(entry for entry in result["recommended"] if entry["code"] == MAD)
    assert mad["max_duration_months"] == 36


def test_default_parameters_match_the_contract():
    params = Parameters()
    assert params.matp_enabled is True
    assert params.matp_max_percent == 40
    assert params.matp_max_months == 24  # « jusqu'à deux ans »
    assert params.asa_enabled is True
    assert params.asa_days_per_month == 2


def test_null_population_and_days_are_accepted():
    parsed = parse_situation(situation(employer_population=None, days_per_month=None))
    assert recommend(parsed)["recommended"]


@pytest.mark.parametrize("days", [0.5, 31])
def test_days_per_month_bounds_are_accepted(days):
    """days_per_month goes from a half-day to 31 (0 days a month is no mission: refused below)."""
    result = recommend(parse_situation(situation(days_per_month=days)))
    assert len(result["recommended"]) + len(result["excluded"]) == len(ALL_CODES)


# --- Bad input ---

BAD_INPUTS = [
    pytest.param({"same_employer": None}, "same_employer", id="booleen-nul"),
    pytest.param({"same_employer": "oui"}, "same_employer", id="booleen-oui"),
    pytest.param({"crisis": "non"}, "crisis", id="crise-non"),
    pytest.param({"host_type": "ministere"}, "host_type", id="accueil-inconnu"),
    pytest.param({"employer_type": "mairie"}, "employer_type", id="employeur-inconnu"),
    pytest.param({"agent_status": "intermittent"}, "agent_status", id="statut-inconnu"),
    pytest.param({"host_type": "syndicat_mixte"}, "host_type", id="accueil-syndicat-mal-ecrit"),
    pytest.param({"end_date": "2026-02-30"}, "end_date", id="fin-30-fevrier"),
    pytest.param({"end_date": "2026-03-01"}, "end_date", id="fin-avant-le-debut"),
    pytest.param({"end_date": "2027-03-01"}, "duration_months", id="fin-contredit-la-duree"),
    pytest.param({"purpose": "vacances"}, "purpose", id="objet-inconnu"),
    pytest.param({"duration_months": 0}, "duration_months", id="duree-zero"),
    pytest.param({"duration_months": -3}, "duration_months", id="duree-negative"),
    pytest.param({"duration_months": "six"}, "duration_months", id="duree-texte"),
    pytest.param({"time_share_percent": 120}, "time_share_percent", id="quotite-120"),
    pytest.param({"time_share_percent": 0}, "time_share_percent", id="quotite-zero"),
    pytest.param({"days_per_month": 32}, "days_per_month", id="jours-32"),
    pytest.param({"days_per_month": 0}, "days_per_month", id="jours-0"),
    pytest.param({"employer_population": "beaucoup"}, "employer_population", id="population-texte"),
    pytest.param({"start_date": "2026-13-01"}, "start_date", id="date-mois-13"),
    pytest.param({"start_date": "demain"}, "start_date", id="date-texte"),
]


@pytest.mark.parametrize(("overrides", "field"), BAD_INPUTS)
def test_bad_input_is_refused_in_french(overrides, field):
    with pytest.raises(SituationError) as error:
        parse_situation(situation(**overrides))
    message = str(error.value)
    assert field in message, message
    assert is_french(message), message


@pytest.mark.parametrize("field", ["same_employer", "start_date", "employer_population", "days_per_month"])
def test_missing_field_is_refused(field):
    data = situation()
    del data[field]
    with pytest.raises(SituationError) as error:
        parse_situation(data)
    message = str(error.value)
    assert field in message, message
    assert is_french(message), message


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param(
            {"same_employer": True, "host_type": "association"}, id="meme-employeur-vers-association"
        ),
        pytest.param(
            {"same_employer": False, "host_type": "meme_collectivite"}, id="autre-employeur-meme-collectivite"
        ),
    ],
)
def test_contradiction_between_employer_and_host_is_refused(overrides):
    with pytest.raises(SituationError) as error:
        parse_situation(situation(**overrides))
    message = str(error.value)
    assert "same_employer" in message or "host_type" in message, message
    assert is_french(message), message


# --- The optional end date ---


def test_an_old_input_without_end_date_stays_valid_and_gets_the_computed_end():
    assert "end_date" not in BASE
    parsed = parse_situation(situation())
    assert parsed.end_date.isoformat() == "2026-09-01"  # 6 months from 2 March
    assert recommend(parsed) == recommend(parse_situation(situation(end_date="2026-09-01")))
    assert parse_situation(situation(end_date=None)).end_date == parsed.end_date


@pytest.mark.parametrize(
    "start, months, end",
    [
        ("2026-03-02", 6, "2026-09-01"),
        ("2027-06-01", 12, "2028-05-31"),
        ("2026-03-01", 1.5, "2026-04-15"),
        ("2026-01-31", 1, "2026-02-28"),
        ("2024-12-20", 36, "2027-12-19"),
    ],
)
def test_end_of_a_duration(start, months, end):
    assert end_of(datetime.date.fromisoformat(start), months).isoformat() == end
    assert months_between(datetime.date.fromisoformat(start), datetime.date.fromisoformat(end)) == months


# --- Console script (each call starts a Python process: four calls only) ---


def passerelles_script():
    script = Path(sys.executable).parent / "passerelles"
    if script.exists():
        return str(script)
    found = shutil.which("passerelles")
    assert found, "le script passerelles est introuvable"
    return found


def run_boussole(stdin):
    """As an HR script would: no deployment settings at all (no SECRET_KEY, no PASSERELLES_ENV — so the
    strict production default —, no settings module, no database)."""
    hidden = {"DJANGO_SETTINGS_MODULE", "SECRET_KEY", "PASSERELLES_ENV", "DATABASE_URL"}
    env = {k: v for k, v in os.environ.items() if k not in hidden}
    return subprocess.run(
        [passerelles_script(), "boussole"],
        input=stdin,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_cli_prints_the_recommendation_as_json():
    data = situation(**ASSO, time_share_percent=10)
    result = run_boussole(json.dumps(data))
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    codes = [entry["code"] for entry in printed["recommended"]] + [
        entry["code"] for entry in printed["excluded"]
    ]
    assert sorted(codes) == sorted(ALL_CODES)
    expected = recommend(parse_situation(data))
    assert [entry["code"] for entry in printed["recommended"]] == [
        entry["code"] for entry in expected["recommended"]
    ]
    assert printed == json.loads(json.dumps(expected))


def test_cli_runs_without_deployment_settings_and_accepts_the_new_values():
    data = situation(
        agent_status="stagiaire", host_type="syndicat", employer_type="syndicat", end_date="2026-09-01"
    )
    result = run_boussole(json.dumps(data))
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    assert printed == json.loads(json.dumps(recommend(parse_situation(data))))
    reasons = {entry["code"]: entry["reason"] for entry in printed["excluded"]}
    assert "92-1194" in reasons[MAD] and printed["recommended"] == []


def test_the_command_also_runs_with_the_deployment_settings(monkeypatch):
    """``manage.py boussole`` under the full settings (here the tests'): the same answer."""
    data = situation(**ASSO, agent_status="contractuel_cdi", time_share_percent=10)
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(data)))
    out = io.StringIO()
    call_command("boussole", stdout=out)
    assert json.loads(out.getvalue()) == json.loads(json.dumps(recommend(parse_situation(data))))


def assert_refused(result):
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert result.stdout == ""
    assert result.stderr.strip()
    assert "Traceback" not in result.stderr
    assert is_french(result.stderr), result.stderr


def test_cli_refuses_text_that_is_not_json():
    assert_refused(run_boussole("{ce n'est pas du JSON"))


def test_cli_refuses_a_bad_field():
    result = run_boussole(json.dumps(situation(time_share_percent=120)))
    assert_refused(result)
    assert "time_share_percent" in result.stderr
