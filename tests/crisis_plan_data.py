"""Test data for the crisis plan (issue 17): a crisis of the cast's home organisation, units, volunteers,
needs, built directly with the models (the preparation pages are written apart)."""

import datetime
import secrets

from django.utils import timezone

from passerelles.crisis import planner
from passerelles.crisis.models import Availability, Crisis, CrisisUnit, Need, Volunteer
from passerelles.crisis.vocabulary import Answer, UnitRole
from passerelles.organisations.models import OrgUnit, WorkSite
from tests.cast import make_agent


class World:
    """A crisis of ``cast.home`` starting today for 7 days, an EHPAD needing help, a closed crèche whose agents
    volunteer, and the cast's « Service des écoles » as an essential unit."""

    def __init__(self, cast, **crisis_fields):
        self.cast = cast
        home = cast.home
        self.today = timezone.localdate()
        self.site = WorkSite.objects.get(organisation=home, name="Hôtel de ville")
        self.ehpad_site = WorkSite.objects.create(organisation=home, name="EHPAD Les Tilleuls", city="Alpha")
        self.ehpad = OrgUnit.objects.create(organisation=home, name="EHPAD Les Tilleuls")
        self.creche = OrgUnit.objects.create(organisation=home, name="Crèche des Lilas")
        self.schools = cast.agents["agent"].unit
        self.crisis = Crisis.objects.create(
            name="Canicule d'essai",
            organisation=home,
            starts_on=self.today,
            expected_end=self.today + datetime.timedelta(days=6),
            activated_by=cast.users["signatory"],
            **crisis_fields,
        )
        CrisisUnit.objects.create(crisis=self.crisis, unit=self.creche, role=UnitRole.CLOSED)
        CrisisUnit.objects.create(
            crisis=self.crisis, unit=self.schools, role=UnitRole.ESSENTIAL, minimum_staff=1
        )
        self.boss = make_agent(home, "Brigitte", "Creche", unit=self.creche, site=self.site)
        self.ehpad_boss = make_agent(home, "Eric", "Ehpad", unit=self.ehpad, site=self.ehpad_site)
        make_agent(home, "Elsa", "Soignante", unit=self.ehpad, manager=self.ehpad_boss, site=self.ehpad_site)

    def volunteer(self, first, last, *, unit=None, answer=Answer.AVAILABLE, dates=(), sites=(), **fields):
        agent = make_agent(
            self.cast.home, first, last, unit=unit or self.creche, manager=self.boss, site=self.site
        )
        volunteer = Volunteer.objects.create(agent=agent, **fields)
        if sites:
            volunteer.sites.set(sites)
        Availability.objects.create(
            crisis=self.crisis,
            volunteer=volunteer,
            answer=answer,
            dates=[d.isoformat() for d in dates],
            token=secrets.token_hex(16),
        )
        return volunteer

    def need(self, *, day=0, start="08:00", end="12:00", unit=None, site=None, **fields):
        return Need.objects.create(
            crisis=self.crisis,
            unit=unit or self.ehpad,
            site=site,
            title=fields.pop("title", "Aide aux repas"),
            date=self.today + datetime.timedelta(days=day),
            start_time=datetime.time.fromisoformat(start),
            end_time=datetime.time.fromisoformat(end),
            **fields,
        )


def result(pairs, unfilled=None, coverage=1.0) -> planner.Result:
    return planner.Result(
        assignments=list(pairs),
        unfilled=unfilled or {},
        status="optimal",
        objective=10.0,
        bound=10.0,
        coverage=coverage,
        seconds=0.1,
    )


def no_violation(instance, pairs):
    return []
