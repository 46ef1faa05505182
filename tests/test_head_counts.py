"""Head counts kept, not counted on each view (organisations/headcount.py): the organisation and network pages
show them; they follow the SIRH import and an erasure in the same transaction, an organisation never counted is
counted live on each view without a write, and the daily job mends a count that drifted (a change by the admin site, a shell)."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from passerelles.access.models import Role
from passerelles.organisations.headcount import counts_of, recount
from passerelles.organisations.models import HeadCount
from passerelles.people.models import Agent
from passerelles.people.personal_data import anonymise_agent
from passerelles.people.sirh.apply import apply_plan
from tests.cast import make_agent
from tests.test_sirh_import import ROWS, csv_bytes, plan_of

pytestmark = pytest.mark.django_db


def live(organisation) -> int:
    return Agent.objects.filter(organisation=organisation, is_active=True).count()


def shown(client, organisation) -> str:
    return client.get(f"/organisations/{organisation.slug}/").context["agent_count"]


def test_the_organisation_page_counts_live_until_kept_then_reads_the_kept_count(cast, client_for):
    client = client_for(cast.users[Role.HOST])
    assert not HeadCount.objects.filter(organisation=cast.home).exists()  # never counted yet
    assert shown(client, cast.home) == live(cast.home)  # counted live…
    assert not HeadCount.objects.filter(organisation=cast.home).exists()  # …but a page view writes nothing
    recount([cast.home.pk])  # what the daily job or the next import does
    tree = client.get(f"/organisations/{cast.home.slug}/").context["tree"]
    by_unit = {node.unit.pk: node.agent_count for root in tree for node in [root, *root.children]}
    for unit_id, count in by_unit.items():
        assert count == Agent.objects.filter(unit_id=unit_id, is_active=True).count()
    make_agent(cast.home, "Hors", "Service", with_account=False)  # written behind the services' back
    assert shown(client, cast.home) == live(cast.home) - 1  # the kept count, not a count per view


def test_the_sirh_import_and_an_erasure_keep_the_counts_exact(cast, client_for):
    org = cast.partner
    grant_client = client_for(cast.users[Role.NETWORK_COORDINATOR])
    network_page = f"/reseaux/{cast.network.slug}/"

    def on_network_page():
        members = grant_client.get(network_page).context["members"]
        return {member.pk: member.agent_count for member in members}[org.pk]

    before = on_network_page()
    assert before == live(org)
    apply_plan(plan_of(csv_bytes(), org), org)  # three agents arrive
    assert on_network_page() == live(org) == before + 3
    apply_plan(
        plan_of(csv_bytes(rows=[ROWS[0], ROWS[2]]), org), org
    )  # one leaves (a full export without them)
    assert on_network_page() == live(org) == before + 2
    anonymise_agent(Agent.objects.get(organisation=org, matricule="M002"))
    assert on_network_page() == live(org) == before + 1
    counts = counts_of([org.pk])[org.pk]
    unit = Agent.objects.get(organisation=org, matricule="M001").unit
    assert counts.by_unit[unit.pk] == 1


def test_the_daily_job_mends_a_count_that_drifted(cast, client_for):
    client = client_for(cast.users[Role.HOST])
    recount()
    Agent.objects.filter(organisation=cast.home, is_active=True).exclude(user__isnull=False).update(
        is_active=False
    )
    for n in range(3):
        make_agent(cast.home, f"Nouvelle{n}", "Arrivée", with_account=False)
    HeadCount.objects.filter(organisation=cast.home, unit=None).update(active_agents=999)
    assert shown(client, cast.home) == 999
    call_command("daily", "--date", timezone.localdate().isoformat())
    assert shown(client, cast.home) == live(cast.home)
    network = client_for(cast.users[Role.NETWORK_COORDINATOR]).get(f"/reseaux/{cast.network.slug}/")
    assert {m.pk: m.agent_count for m in network.context["members"]}[cast.home.pk] == live(cast.home)
    assert network.context["counted_at"] is not None
