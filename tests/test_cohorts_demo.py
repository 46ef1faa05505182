"""Issue 18's cohort programme alive in the demo (network at 400 agents): a cohort in its journey with past and
future steps and attendance, participants from each member, two opportunities offered (one accepted and
counted as a move, one pending) and one declined; each member's HR sees its own nominees only."""

import html

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from passerelles.cohorts.models import Attendance, CohortProgramme, Nomination, Opportunity
from passerelles.cohorts.queries import progress_of
from passerelles.demo.cohorts import MEMBERS, create_demo_cohorts
from passerelles.demo.generator import generate
from tests.once import restored_once

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_network(django_db_setup, django_db_blocker, snapshots):
    yield from restored_once(django_db_blocker, snapshots, "demo400", lambda: generate(400))


def login(slug) -> Client:
    """The demo's one-click login (it stands for the two factors of HR, DGS and coordinators)."""
    client = Client()
    client.get(f"/demo/login/{slug}/")
    return client


def test_a_cohort_in_its_journey_with_moves_pending_and_declined(demo_network):
    programme = CohortProgramme.objects.get()
    today = timezone.localdate()
    steps = list(programme.steps.all())
    assert any(s.held_on < today for s in steps) and any(s.held_on > today for s in steps)
    assert Attendance.objects.filter(step__programme=programme).values("status").distinct().count() == 3
    participants = Nomination.objects.filter(programme=programme, state="participant")
    assert set(participants.values_list("organisation__slug", flat=True)) == set(MEMBERS)
    assert {"awaiting", "declined"} <= set(Nomination.objects.values_list("state", flat=True))
    states = sorted(Opportunity.objects.values_list("state", flat=True))
    assert states == ["accepted", "declined", "offered"]
    assert progress_of(programme).moves == 1
    assert programme.sponsors.count() == 4
    assert programme.checklist.filter(done_at__isnull=False).count() == 3


def test_demo_pages_for_each_side(demo_network, settings):
    settings.DEMO = True
    programme = CohortProgramme.objects.get()
    detail = reverse("cohort_detail", kwargs={"cohort_id": programme.pk})
    awaiting = Nomination.objects.get(state="awaiting")
    declined = Nomination.objects.get(state="declined")
    ville = html.unescape(login("rh-ville").get(detail).content.decode())
    assert awaiting.agent.full_name in ville and declined.agent.full_name not in ville
    metropole = html.unescape(login("rh-metropole").get(detail).content.decode())
    assert declined.agent.full_name in metropole and awaiting.agent.full_name not in metropole
    dashboard = login("reseau").get(
        reverse("network_dashboard", kwargs={"network_slug": programme.network.slug})
    )
    assert "1 mouvement sur 6 visés" in dashboard.content.decode()
    mine = login("encadrant").get(reverse("my_cohorts")).content.decode()
    assert "Chef·fe de projet mobilités douces" in mine
    refused = Opportunity.objects.get(state="declined")
    page = login("rh").get(reverse("cohort_opportunity", kwargs={"opportunity_id": refused.pk}))
    assert "Déclinée" in page.content.decode()


def test_the_cohort_demo_builds_again_on_its_own(demo_network):
    """The module stands alone (its speed is a benchmark's business, not a test's): built again from nothing,
    it gives the same programme."""
    CohortProgramme.objects.all().delete()
    create_demo_cohorts(today=timezone.localdate())
    assert CohortProgramme.objects.count() == 1
