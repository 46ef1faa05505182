"""The demo network shows the money between two employers at once (issue 18): a Ville agent lent to the
Département with a quarterly schedule in every state, a Ville agent at the CCAS with a motivated waiver, the
flows on the network dashboard."""

import pytest

from passerelles.demo.generator import generate
from passerelles.reimbursements.models import Decision, LineState, ReimbursementPlan, WaiverReason
from tests.once import restored_once

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def summary(django_db_setup, django_db_blocker, snapshots):
    yield from restored_once(django_db_blocker, snapshots, "demo", generate)


def test_a_schedule_in_every_state_and_a_waiver(summary):
    plan = ReimbursementPlan.objects.get(decision=Decision.COST)
    engagement = plan.engagement
    assert (engagement.agent.organisation.slug, engagement.mission.organisation.slug) == (
        "ville-de-belvau",
        "departement-haute-lisiere",
    )
    # nothing else in the demo moved its dates after the schedule (no « Recalculer »)
    assert not plan.is_stale
    # under way: every party of its round agreed (the page shows no agreement « en attente »)
    answers = set(engagement.agreements.filter(round=1).values_list("decision", flat=True))
    assert answers == {"agreed"} and engagement.agreements.filter(party="host_signatory").exists()
    states = set(plan.lines.values_list("state", flat=True))
    assert states == {LineState.RECEIVED, LineState.PARTIAL, LineState.ISSUED, LineState.TO_ISSUE}
    waiver = ReimbursementPlan.objects.get(decision=Decision.WAIVER)
    assert waiver.waiver_reason == WaiverReason.ATTACHED
    assert waiver.engagement.mission.organisation.slug == "ccas-de-belvau"


def test_the_demo_logins_see_it(summary, client, settings):
    settings.DEMO = True
    plan = ReimbursementPlan.objects.get(decision=Decision.COST)
    url = f"/engagements/{plan.engagement.pk}/remboursement/"
    for who, sees_cost in (("rh-ville", True), ("rh", False)):
        client.get(f"/demo/login/{who}/")
        page = client.get(url)
        assert page.status_code == 200, who
        assert ("data-yearly-cost" in page.content.decode()) is sees_cost
    client.get("/demo/login/reseau/")
    flows = client.get("/reseaux/reseau-lisiere/tableau-de-bord/").content.decode()
    section = flows[
        flows.index("data-money-flows") : flows.index("</section>", flows.index("data-money-flows"))
    ]
    assert (
        "<tr data-flow><td>Département de la Haute-Lisière</td><td>Ville de Belvau</td><td>&lt; 5</td>"
        in section
    )
    assert plan.engagement.agent.last_name not in section


def test_the_demo_module_builds_again_on_its_own(summary):
    """The module stands alone (its speed is a benchmark's business, not a test's)."""
    from passerelles.demo.reimbursements import create_demo_reimbursements

    ReimbursementPlan.objects.all().delete()
    made = create_demo_reimbursements()
    assert len(made) == 2 and ReimbursementPlan.objects.count() == 2
