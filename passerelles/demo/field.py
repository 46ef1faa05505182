"""Demo data for the pages made for the field (issue 15): the agent's search shows its three plain filters alive.

- Sites where their name says another town are put in that town (« Maison départementale des solidarités de
  Corvilliers » is in Corvilliers): « près de mon site » then tells Belvau from the rest of the territory.
- The demo missions that happen on a site say which one, so that cards name a place and « près de mon site »
  has something to find.
- Three more published missions for the Département's agent: one starting this month next to her college, one
  later in the year at the Archives, one in Corvilliers (not near her) — « combien de temps » and « quand »
  tell them apart.
- The demo agent keeps a saved search « Près de mon site », with its alert.

Everything is found by name, never by database order (the demo is built on SQLite and PostgreSQL alike).
"""

import datetime

from django.utils import timezone

from passerelles.accounts.models import User
from passerelles.demo.accounts import DEMO_ACCOUNTS_BY_SLUG
from passerelles.missions.models import Mission, MissionEvent, MissionStatus, SavedSearch
from passerelles.organisations.models import Organisation, WorkSite
from passerelles.people.models import Agent

DEPARTEMENT = "departement-haute-lisiere"

TOWNS = {  # (organisation, site) → the town the site's name says
    (DEPARTEMENT, "Maison départementale des solidarités de Corvilliers"): "Corvilliers",
    (DEPARTEMENT, "Centre d'exploitation routière de Saint-Aubrac"): "Saint-Aubrac",
    (DEPARTEMENT, "Centre d'exploitation routière des Trois-Ponts"): "Trois-Ponts",
}

MISSION_SITES = {  # (organisation, mission title) → the site where it happens
    ("ville-de-belvau", "Animer des ateliers numériques pour les seniors"): "Médiathèque Louise-Michel",
    ("ville-de-belvau", "Préparer le festival du livre jeunesse"): "Médiathèque Louise-Michel",
    ("ville-de-belvau", "Lire des contes à l'heure du goûter"): "Médiathèque Louise-Michel",
    ("ville-de-belvau", "Renfort pour l'organisation de la fête du sport"): "Gymnase Alice-Milliat",
    ("ville-de-belvau", "Renfort à l'accueil pendant les élections"): "Hôtel de ville",
    (DEPARTEMENT, "Découvrir le métier de garde-nature"): "Centre d'exploitation routière de Saint-Aubrac",
    (DEPARTEMENT, "Tester un parcours d'accueil des nouveaux arrivants"): "Hôtel du Département",
    ("lisiere-metropole", "Animer des stands de sensibilisation au tri"): "Dépôt de collecte Nord",
    ("ccas-de-belvau", "Renfort canicule : appeler les personnes âgées isolées"): "Siège du CCAS",
    ("ccas-de-belvau", "Prêt d'un·e juriste pour sécuriser nos marchés"): "Siège du CCAS",
}


def _field_missions(today: datetime.date) -> list[dict]:
    return [
        {
            "unit": "Service de la vie des collèges",
            "site": "Collège Jean-Moulin",
            "title": "Accompagner l'aide aux devoirs au collège Jean-Moulin",
            "description": "Deux fins d'après-midi par mois, des collégiens viennent faire leurs devoirs. Vous les "
            "aidez avec une assistante d'éducation. Il faut de la patience, pas de diplôme.",
            "purpose": "renfort_ponctuel",
            "skills": "aide aux devoirs, patience, écoute",
            "time_share_kind": "percent",
            "time_share_percent": 10,
            "days_per_month": None,
            "start_date": today,  # already under way: « ce mois-ci », whatever the day of the month
            "months": 3,
        },
        {
            "unit": "Archives départementales",
            "site": "Archives départementales",
            "title": "Préparer les Journées du patrimoine aux Archives",
            "description": "En septembre, les Archives ouvrent leurs réserves au public. Aidez-nous à préparer "
            "les visites : choisir les documents, installer les salles, accueillir les groupes.",
            "purpose": "appui_projet",
            "skills": "accueil du public, histoire, organisation d'événements",
            "time_share_kind": "days",
            "time_share_percent": None,
            "days_per_month": 1,
            "start_date": today + datetime.timedelta(days=150),  # « plus tard »
            "months": 4,
        },
        {
            "unit": "Maisons départementales des solidarités",
            "site": "Maison départementale des solidarités de Corvilliers",
            "title": "Découvrir l'accueil social à Corvilliers",
            "description": "La Maison des solidarités de Corvilliers reçoit des familles chaque jour. Venez "
            "découvrir l'accueil avec l'équipe : écouter, orienter, prendre les rendez-vous.",
            "purpose": "decouverte",
            "skills": "accueil du public, écoute",
            "time_share_kind": "days",
            "time_share_percent": None,
            "days_per_month": 4,
            "start_date": today + datetime.timedelta(days=20),
            "months": 3,
        },
    ]


def _site(organisation: Organisation, name: str) -> WorkSite:
    return WorkSite.objects.get(organisation=organisation, name=name)


def create_demo_field(today: datetime.date) -> int:
    """Returns the number of missions added."""
    orgs = {org.slug: org for org in Organisation.objects.all()}
    for (slug, name), town in TOWNS.items():
        WorkSite.objects.filter(organisation=orgs[slug], name=name).update(city=town)
    for (slug, title), site_name in MISSION_SITES.items():
        Mission.objects.filter(organisation=orgs[slug], title=title, site__isnull=True).update(
            site=_site(orgs[slug], site_name)
        )

    departement = orgs[DEPARTEMENT]
    added = 0
    for spec in _field_missions(today):
        lead = (
            Agent.objects.filter(
                organisation=departement, unit__name=spec["unit"], is_active=True, user__isnull=False
            )
            .select_related("unit", "user")
            .order_by("pk")
            .first()
        )
        mission = Mission(
            organisation=departement,
            host_unit=lead.unit,
            project_lead=lead,
            created_by=lead.user,
            title=spec["title"],
            description=spec["description"],
            purpose=spec["purpose"],
            skills=spec["skills"],
            time_share_kind=spec["time_share_kind"],
            time_share_percent=spec["time_share_percent"],
            days_per_month=spec["days_per_month"],
            start_date=spec["start_date"],
            end_date=spec["start_date"] + datetime.timedelta(days=int(spec["months"] * 30.4)),
            place="site",
            site=_site(departement, spec["site"]),
            visibility="organisation",
            status=MissionStatus.PUBLISHED,
            published_at=timezone.now() - datetime.timedelta(days=1),
        )
        mission.save()
        MissionEvent.objects.create(mission=mission, by=lead.user, to_status=MissionStatus.DRAFT)
        MissionEvent.objects.create(
            mission=mission, by=lead.user, from_status=MissionStatus.DRAFT, to_status=MissionStatus.SUBMITTED
        )
        MissionEvent.objects.create(
            mission=mission, by=None, from_status=MissionStatus.SUBMITTED, to_status=MissionStatus.PUBLISHED
        )
        added += 1

    agent = User.objects.get(email=DEMO_ACCOUNTS_BY_SLUG["agent"].email)
    SavedSearch.objects.create(user=agent, name="Près de mon site", query="pres=1&quand=3_mois", alert=True)
    return added
