"""Issue 18 alive in the demo (network at 400 agents): the pooled cook between two colleges with a rota within
their cap and a replacement request waiting for the coordinator; two loans ending in 90 and 30 days, one being
renewed, one with its hand-over note; the alerts already sent; each visible from the demo accounts."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from passerelles.demo.generator import generate
from passerelles.pooling import rota
from passerelles.pooling.models import Pool, ReplacementStatus
from passerelles.renewals.models import HandoverNote, RenewalAlert
from tests.once import restored_once

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_network(django_db_setup, django_db_blocker, snapshots):
    yield from restored_once(django_db_blocker, snapshots, "demo400", lambda: generate(400))


def _client(slug):
    client = Client()
    client.get(f"/demo/login/{slug}/")  # a role with two-factor sign-in: the demo's one-click login
    return client


def test_the_pooled_cook_between_two_colleges(demo_network, settings):
    settings.DEMO = True
    pool = Pool.objects.get(name="Cuisinier volant des collèges")
    assert pool.has_consent
    assert {s.site.name for s in pool.sites.all()} == {"Collège Simone-Veil", "Collège Jean-Moulin"}
    slots = [a.as_slot() for a in pool.assignments.select_related("site__site")]
    monday = rota.monday_of(pool.starts_on)
    weeks = [rota.week_minutes(slots, monday + datetime.timedelta(weeks=n)) for n in range(8)]
    assert max(weeks) <= pool.weekly_cap_minutes and len(set(weeks)) == 2  # every other Friday
    assert pool.replacements.get().status == ReplacementStatus.PENDING
    page = _client("reseau").get(f"/mutualisations/{pool.pk}/").content.decode()
    assert "Répondre" in page
    schedule = _client("encadrant").get(f"/mutualisations/{pool.pk}/planning/")
    assert schedule.status_code == 200 and "Collège Simone-Veil" in schedule.content.decode()


def test_loans_nearing_their_end(demo_network, settings):
    settings.DEMO = True
    alerts = RenewalAlert.objects.select_related("engagement")
    sent = {(a.threshold, (a.end_date - timezone.localdate(a.sent_at)).days) for a in alerts}
    assert {(90, 90), (30, 30)} <= sent
    renewing = next(
        a.engagement
        for a in alerts.filter(threshold=90, engagement__extension_end_date__isnull=False)
        if (a.end_date - timezone.localdate(a.sent_at)).days == 90
    )
    handing_over = HandoverNote.objects.get().engagement
    assert alerts.get(engagement=handing_over).threshold == 30
    slug = renewing.agent.organisation.slug
    account = {
        "departement-haute-lisiere": "rh",
        "ville-de-belvau": "rh-ville",
        "lisiere-metropole": "rh-metropole",
        "ccas-de-belvau": "rh-ccas",
    }[slug]
    listing = _client(account).get(f"/organisations/{slug}/echeances/").content.decode()
    assert 'data-deadline="renewal"' in listing
