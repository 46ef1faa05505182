"""The crisis under way and its end (issue 17 §4–5): withdrawals, the roll call, closing, the debrief, the
RETEX and its small-cell protection; the pages' bad input and tenancy."""

import datetime

import pytest

from passerelles.access.models import Role
from passerelles.crisis import closing, operations, planner, planning, publication
from passerelles.crisis.models import Debrief
from passerelles.crisis.plan_errors import PlanRefused
from passerelles.crisis.vocabulary import CrisisStatus
from passerelles.engagements.lifecycle import EndReason, EventKind, State
from passerelles.engagements.models import Engagement
from passerelles.notifications.models import Notification
from tests.crisis_plan_data import World, no_violation, result

pytestmark = pytest.mark.django_db

D = datetime.timedelta


@pytest.fixture
def world(cast, monkeypatch):
    monkeypatch.setattr(planner, "check", no_violation, raising=False)
    return World(cast)


def hr(world):
    return world.cast.users[Role.HR]


def published(world, pairs):
    instance = planning.build_instance(world.crisis)
    plan = planning.store_result(crisis=world.crisis, instance=instance, result=result(pairs), by=hr(world))
    return publication.publish_plan(plan=plan, by=hr(world))


# --- withdrawal ----------------------------------------------------------------------------------------------


def test_the_agent_withdraws_from_one_shift_and_keeps_the_other(world):
    a = world.volunteer("Alice", "A")
    n1, n2 = world.need(), world.need(day=1)
    plan = published(world, [(a.pk, n1.pk), (a.pk, n2.pk)])
    first = plan.assignments.get(need=n1)
    operations.withdraw_assignment(assignment=first, by=a.agent.user, reason="malade")
    first.refresh_from_db()
    assert first.withdrawn_at and first.withdrawn_reason == "malade"
    assert Engagement.objects.get(agent=a.agent).state == State.ACTIVE  # one shift left
    assert plan.unfilled.get(need=n1).missing == 1
    assert Notification.objects.filter(user=hr(world), kind="crisis", action_needed=True).count() == 1
    # the re-plan keeps the rest and never puts her back there
    instance = planning.build_instance(world.crisis)
    assert instance.keep == {(a.pk, n2.pk)} and instance.excluded == {(a.pk, n1.pk)}
    operations.withdraw_assignment(assignment=plan.assignments.get(need=n2), by=a.agent.user)
    engagement = Engagement.objects.get(agent=a.agent)
    assert engagement.state == State.WITHDRAWN
    assert engagement.events.last().action == EventKind.WITHDRAW


def test_a_runner_withdraws_for_the_agent_who_is_told(world):
    a = world.volunteer("Alice", "A")
    plan = published(world, [(a.pk, world.need().pk)])
    before = Notification.objects.filter(user=a.agent.user).count()
    operations.withdraw_assignment(assignment=plan.assignments.get(), by=hr(world), reason="appel")
    engagement = Engagement.objects.get(agent=a.agent)
    assert engagement.events.last().action == EventKind.CRISIS_RELEASED
    assert Notification.objects.filter(user=a.agent.user).count() == before + 1


def test_nobody_else_withdraws_someone(world):
    a, b = world.volunteer("Alice", "A"), world.volunteer("Bruno", "B")
    plan = published(world, [(a.pk, world.need().pk)])
    with pytest.raises(PlanRefused):
        operations.withdraw_assignment(assignment=plan.assignments.get(), by=b.agent.user)
    with pytest.raises(PlanRefused):  # the signatory reads the roll call, but does not withdraw people
        operations.withdraw_assignment(assignment=plan.assignments.get(), by=world.cast.users[Role.SIGNATORY])


def test_withdrawing_twice_is_refused(world):
    a = world.volunteer("Alice", "A")
    plan = published(world, [(a.pk, world.need().pk)])
    operations.withdraw_assignment(assignment=plan.assignments.get(), by=a.agent.user)
    with pytest.raises(PlanRefused, match="déjà"):
        operations.withdraw_assignment(assignment=plan.assignments.get(), by=a.agent.user)


# --- roll call --------------------------------------------------------------------------------------------------


def test_roll_call_groups_today_by_site(world):
    a, b = world.volunteer("Alice", "A"), world.volunteer("Bruno", "B")
    n1 = world.need(site=world.ehpad_site)
    n2 = world.need(day=1)
    published(world, [(a.pk, n1.pk), (b.pk, n2.pk)])
    (group,) = operations.roll_call(world.crisis, world.today)
    assert group.place == "EHPAD Les Tilleuls" and [r.volunteer for r in group.rows] == [a]


@pytest.mark.parametrize("value", ["2026-13-45", "demain", "<script>", "9" * 40, "2026-02-30"])
def test_roll_call_bad_dates_show_today_with_a_message(world, client_for, value):
    response = client_for(hr(world)).get(f"/crises/{world.crisis.pk}/appel-du-jour/", {"jour": value})
    assert response.status_code == 200
    assert response.context["day"] == world.today
    assert "Date non reconnue" in response.content.decode()


def test_roll_call_shows_the_people_of_the_day(world, client_for):
    a = world.volunteer("Alice", "Presente")
    published(world, [(a.pk, world.need(day=2).pk)])
    day = (world.today + D(days=2)).isoformat()
    page = client_for(world.cast.users[Role.SIGNATORY]).get(
        f"/crises/{world.crisis.pk}/appel-du-jour/?jour={day}"
    )
    assert page.status_code == 200 and "Presente" in page.content.decode()
    assert (
        client_for(world.cast.users["agent"]).get(f"/crises/{world.crisis.pk}/appel-du-jour/").status_code
        == 403
    )


# --- closing, debrief, RETEX --------------------------------------------------------------------------------


def test_closing_ends_every_crisis_engagement_and_asks_for_a_debrief(world):
    a, b = world.volunteer("Alice", "A"), world.volunteer("Bruno", "B")
    published(world, [(a.pk, world.need().pk), (b.pk, world.need(day=3).pk)])
    closing.close_crisis(crisis=world.crisis, by=world.cast.users[Role.SIGNATORY])
    world.crisis.refresh_from_db()
    assert world.crisis.status == CrisisStatus.CLOSED
    for engagement in Engagement.objects.filter(mission__purpose="crise"):
        assert engagement.state == State.ENDED and engagement.end_reason == EndReason.ACCOMPLISHED
        assert engagement.end_date >= engagement.start_date
        assert engagement.events.last().action == EventKind.CRISIS_ENDED
    assert set(Debrief.objects.filter(crisis=world.crisis).values_list("agent", flat=True)) == {
        a.agent_id,
        b.agent_id,
    }
    assert Notification.objects.filter(user=a.agent.user, url__endswith="/retour/").exists()
    with pytest.raises(PlanRefused, match="déjà close"):
        closing.close_crisis(crisis=world.crisis, by=hr(world))


def test_an_agent_does_not_close_a_crisis(world):
    with pytest.raises(PlanRefused):
        closing.close_crisis(crisis=world.crisis, by=world.cast.users["agent"])


def _answer(world, count, lived="choisi", comment=""):
    people = [world.volunteer(f"P{i}", f"Personne{i}") for i in range(count)]
    need = world.need(head_count=max(1, count))
    published(world, [(p.pk, need.pk) for p in people])
    closing.close_crisis(crisis=world.crisis, by=hr(world))
    for p in people:
        closing.answer_debrief(
            debrief=Debrief.objects.get(agent=p.agent),
            by=p.agent.user,
            answers={"lived": lived, "workload": "adaptee", "again": "oui", "comment": comment},
        )
    return people


def test_retex_hides_small_counts(world):
    _answer(world, 3)
    report = closing.retex(world.crisis)
    lived = dict(report.debriefs[0][1])
    assert all(value is None for value in lived.values() if value != 0)
    assert report.debriefs[0][2] is None  # 3 answers: no total shown either
    assert dict(report.availability).get("Disponible") is None


def test_retex_figures(world):
    _answer(world, 6)
    report = closing.retex(world.crisis)
    assert report.asked == 6 and report.availability_total == 6
    assert report.needs == 1 and report.places == 6 and report.covered == 6 and report.coverage == 1
    assert dict(report.debriefs[0][1])["Choisi : je me suis porté·e volontaire"] == 6
    assert dict(report.origins)["Volontaire"] == 6
    assert report.hours_by_unit == [("Crèche des Lilas", 24.0)]


def test_the_free_text_is_never_shown_in_the_retex(world, client_for):
    _answer(world, 6, comment="Secret de Polichinelle")
    page = client_for(hr(world)).get(f"/crises/{world.crisis.pk}/retex/")
    assert page.status_code == 200
    assert "Secret de Polichinelle" not in page.content.decode()


def test_debrief_page(world, client_for):
    (person,) = _answer(world, 1)
    url = f"/crises/{world.crisis.pk}/retour/"
    client = client_for(person.agent.user)
    assert client.get(url).status_code == 200
    assert client.post(url, {"lived": "n'importe quoi"}).status_code == 400
    response = client.post(url, {"lived": "subi", "workload": "lourde", "again": "non", "comment": "dur"})
    assert response.status_code == 302
    assert Debrief.objects.get(agent=person.agent).answers["lived"] == "subi"
    assert client_for(world.cast.users["agent"]).get(url).status_code == 404  # no debrief of theirs


# --- pages ----------------------------------------------------------------------------------------------------


def test_plan_page_computes_and_publishes(world, client_for, monkeypatch):
    a = world.volunteer("Alice", "Volontaire")
    need = world.need()
    seen = {}

    def solve(instance, *, time_limit=10.0):
        seen["time_limit"] = time_limit
        return result([(a.pk, need.pk)])

    monkeypatch.setattr(planner, "solve", solve, raising=False)
    client = client_for(hr(world))
    url = f"/crises/{world.crisis.pk}/plan/"
    assert client.get(url).status_code == 200
    response = client.post(url, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Plan calculé : relisez-le, ajustez-le si besoin, puis publiez-le."
    ]
    assert seen["time_limit"] <= 10
    page = client.get(url)
    assert "Volontaire" in page.content.decode()
    plan = world.crisis.plans.get()
    publish = f"/crises/{world.crisis.pk}/plan/{plan.pk}/publier/"
    assert "Oui, publier" in client.get(publish).content.decode()
    assert client.post(publish).status_code == 302
    assert Engagement.objects.filter(agent=a.agent, state=State.ACTIVE).exists()
    in_force = client.get(url).content.decode()
    assert "Plan en vigueur" in in_force and "/retrait/" in in_force
    mine = client_for(a.agent.user).get(f"/crises/{world.crisis.pk}/mes-creneaux/")
    assert "Aide aux repas" in mine.content.decode()


def test_plan_pages_bad_input(world, client_for):
    a = world.volunteer("Alice", "A")
    first = world.need()
    instance = planning.build_instance(world.crisis)
    plan = planning.store_result(
        crisis=world.crisis, instance=instance, result=result([(a.pk, first.pk)]), by=hr(world)
    )
    client = client_for(hr(world))
    base = f"/crises/{world.crisis.pk}/plan/{plan.pk}"
    assert client.get(f"{base}/ajouter/?besoin=abc").status_code == 404
    assert client.get(f"{base}/ajouter/?besoin=999999").status_code == 404
    assert client.get(f"{base}/ajouter/").status_code == 404
    need = world.need(day=1)
    assert client.post(f"{base}/ajouter/", {"besoin": need.pk, "volontaire": "x"}).status_code == 400
    assignment = plan.assignments.get()
    assert client.get(f"{base}/affectations/{assignment.pk}/retirer/").status_code == 405
    assert client.get(f"/crises/{world.crisis.pk}/plan/999999/publier/").status_code == 404
    assert client.get(f"/crises/{world.crisis.pk}/affectations/999999/retrait/").status_code == 404
    assert client_for(world.cast.users["agent"]).get(f"/crises/{world.crisis.pk}/plan/").status_code == 403


def test_hr_of_another_organisation_gets_404(world, client_for):
    a = world.volunteer("Alice", "A")
    plan = published(world, [(a.pk, world.need().pk)])
    outsider_hr = world.cast.outsider_membership.user
    client = client_for(outsider_hr)
    c = world.crisis.pk
    for url in [
        f"/crises/{c}/plan/",
        f"/crises/{c}/plan/{plan.pk}/publier/",
        f"/crises/{c}/appel-du-jour/",
        f"/crises/{c}/affectations/{plan.assignments.get().pk}/retrait/",
        f"/crises/{c}/mes-creneaux/",
        f"/crises/{c}/cloture/",
        f"/crises/{c}/retour/",
        f"/crises/{c}/retex/",
    ]:
        assert client.get(url).status_code == 404, url
        assert client.post(url).status_code == 404, url
    assert world.crisis.plans.get().status == "published"


def test_the_agent_withdraws_from_their_page(world, client_for):
    a = world.volunteer("Alice", "A")
    plan = published(world, [(a.pk, world.need().pk)])
    url = f"/crises/{world.crisis.pk}/affectations/{plan.assignments.get().pk}/retrait/"
    client = client_for(a.agent.user)
    assert "Confirmer le retrait" in client.get(url).content.decode()
    assert client.post(url, {"motif": "empêchement"}).status_code == 302
    assert client.post(url).status_code == 400  # already withdrawn: said, nothing changes
    other = client_for(world.volunteer("Bruno", "B").agent.user)
    assert other.get(url).status_code == 404


def test_closing_page_confirms_then_closes(world, client_for):
    client = client_for(world.cast.users[Role.SIGNATORY])
    url = f"/crises/{world.crisis.pk}/cloture/"
    assert "Oui, clore la crise" in client.get(url).content.decode()
    assert client_for(world.cast.users["agent"]).get(url).status_code == 403
    assert client.post(url).status_code == 302
    world.crisis.refresh_from_db()
    assert world.crisis.status == CrisisStatus.CLOSED
    # the closed crisis's page speaks of its needs in the past, no longer as open ones
    page = client.get(f"/crises/{world.crisis.pk}/").content.decode()
    assert "Crise close :" in page and "ouvert" not in page.split("data-need-count", 1)[1].split("</p>", 1)[0]
