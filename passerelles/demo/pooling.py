"""Issue 18 in the demo network: a pooled cook between two colleges, and loans nearing their end.

- « Cuisinier volant des collèges »: a cook of the Département shared between the Collège Simone-Veil and the
  Collège Jean-Moulin, within 32 h a week, consent given, a rota (three days at one college, Wednesdays at the
  other, every other Friday there too), the colleges' team leader as one site's manager (« encadrant »), and a
  replacement request from that college waiting for the network's coordinator (« reseau »);
- two loans between employers under way, one ending in 90 days with a renewal started (the agent and every
  party asked again), one ending in 30 days with its hand-over note written; the daily job's alerts already
  went to both employers' HR and the host's project lead.

Everything goes through the real use cases (rota rules, consent, renewal), except the end dates moved to 90
and 30 days from today.
"""

import datetime

from django.db.models import F

from passerelles.access.models import Role, RoleMembership
from passerelles.accounts.models import User
from passerelles.engagements.lifecycle import State
from passerelles.engagements.models import Engagement
from passerelles.organisations.models import Network, Organisation, WorkSite
from passerelles.people.models import Agent
from passerelles.pooling import services as pooling
from passerelles.pooling.models import PoolSite
from passerelles.renewals import services as renewals

DOMAIN = "demo.passerelles.test"
SITES = ("Collège Simone-Veil", "Collège Jean-Moulin")


def _user(slug: str) -> User:
    return User.objects.get(email=f"{slug}@{DOMAIN}")


def _pooled_cook(today: datetime.date) -> None:
    departement = Organisation.objects.get(slug="departement-haute-lisiere")
    hr, college_lead = _user("rh"), _user("encadrant")
    cook = (
        Agent.objects.filter(
            organisation=departement, job_title__startswith="Cuisinier", is_active=True, user__isnull=False
        )
        .exclude(user__email__endswith=f"@{DOMAIN}")
        .order_by("pk")
        .first()
    )
    sites = [WorkSite.objects.filter(organisation=departement, name=name).first() for name in SITES]
    if cook is None or None in sites:
        return
    network = Network.objects.filter(memberships__organisation=departement).order_by("pk").first()
    monday = today - datetime.timedelta(days=today.weekday())
    pool = pooling.pool_create(
        by=hr,
        organisation=departement,
        name="Cuisinier volant des collèges",
        agent=cook,
        network=network,
        weekly_cap_minutes=32 * 60,
        starts_on=monday - datetime.timedelta(days=28),
        ends_on=monday + datetime.timedelta(days=300),
        shares={departement.pk: 100},
    )
    pooling.pool_consent(pool=pool, by=cook.user, agree=True)
    simone = pooling.site_add(pool=pool, by=hr, site=sites[0], manager=college_lead.agent)
    jean = pooling.site_add(pool=pool, by=hr, site=sites[1])
    rota = [
        (simone, 0, (7, 30), (14, 30), False),  # Monday
        (simone, 1, (7, 30), (14, 30), False),  # Tuesday
        (jean, 2, (7, 30), (13, 30), False),  # Wednesday
        (simone, 3, (7, 30), (14, 30), False),  # Thursday
        (jean, 4, (7, 30), (12, 30), True),  # every other Friday
    ]
    for site, weekday, start, end, other_week in rota:
        pooling.assignment_add(
            pool=pool,
            by=hr,
            site=site,
            weekday=weekday,
            start=datetime.time(*start),
            end=datetime.time(*end),
            starts_on=pool.starts_on,
            ends_on=pool.ends_on,
            every_other_week=other_week,
        )
    # the college's team leader asks for the cook on a Friday « off » week: waiting for the coordinator
    first_friday = pool.assignments.get(weekday=4).as_slot().first_date
    friday = first_friday + datetime.timedelta(days=7)
    while friday < today + datetime.timedelta(days=3):
        friday += datetime.timedelta(days=14)
    pooling.replacement_request(
        pool=pool,
        by=college_lead,
        site=PoolSite.objects.get(pk=simone.pk),
        date=friday,
        start=datetime.time(7, 30),
        end=datetime.time(12, 30),  # 27 h that week + 5 h: exactly the cap, the coordinator may accept
        reason="Absence de la cuisinière du collège (formation HACCP).",
    )


def _loans_nearing_their_end(today: datetime.date) -> None:
    # not the loans the other demo modules built (a reimbursement schedule, an extension and its avenant):
    # moving their end here would leave their schedule or their avenant out of date
    under_way = Engagement.objects.filter(
        state=State.ACTIVE, extension_end_date__isnull=True, reimbursement__isnull=True, agreement_round=1
    ).select_related("agent__user", "mission__organisation")
    loans = list(under_way.exclude(agent__organisation_id=F("mission__organisation_id")).order_by("pk")[:2])
    if len(loans) < 2:  # a smaller demo: internal missions that HR marked as key posts
        loans += list(under_way.exclude(pk__in=[e.pk for e in loans]).order_by("pk")[: 2 - len(loans)])
    if len(loans) < 2:
        return
    renewing, handing_over = loans
    for engagement, days in ((renewing, 90), (handing_over, 30)):
        Engagement.objects.filter(pk=engagement.pk).update(end_date=today + datetime.timedelta(days=days))
        engagement.refresh_from_db()
        hr = RoleMembership.objects.users_with(Role.HR, [engagement.agent.organisation_id])[0]
        if engagement.agent.organisation_id == engagement.mission.organisation_id:
            renewals.key_post_set(engagement=engagement, by=hr, marked=True)
    renewals.send_renewal_alerts(today=today)  # what the daily job sent this morning
    hr = RoleMembership.objects.users_with(Role.HR, [renewing.agent.organisation_id])[0]
    for months in (6, 3, 1):  # within the confirmed framework's own maximum (re-checked by the extension)
        try:
            renewals.renewal_start(
                engagement=renewing, by=hr, end_date=renewing.end_date + datetime.timedelta(days=30 * months)
            )
            break
        except renewals.Refused:
            continue
    writer = (
        handing_over.agent.user
        or RoleMembership.objects.users_with(Role.HR, [handing_over.agent.organisation_id])[0]
    )
    renewals.handover_save(
        engagement=handing_over,
        by=writer,
        ongoing="Le dossier de subvention est déposé ; la réponse est attendue fin du mois. Le tableau de suivi "
        "des chantiers est à jour jusqu'à la semaine dernière.",
        contacts="La cheffe de service finances (relecture des budgets), le référent du prestataire informatique.",
        resources="Dossier partagé « Projet » sur le serveur du service ; mots de passe remis à la cheffe de service.",
        next_steps="Comité de pilotage dans six semaines : présenter le bilan d'étape et le calendrier révisé.",
    )


def create_demo_pooling(*, today: datetime.date | None = None) -> None:
    today = today or datetime.date.today()
    _pooled_cook(today)
    _loans_nearing_their_end(today)
