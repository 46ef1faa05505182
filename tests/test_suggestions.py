"""Suggestions in the application: consent and tenancy first, reasons shown, exposure logged."""

import pytest

from passerelles.access.models import Role
from passerelles.matching.models import Exposure, Shortlist
from passerelles.matching.queries import suggest_agents, suggest_missions
from passerelles.missions.models import MissionStatus
from passerelles.people.models import Visibility
from passerelles.people.services import profile_add_tag, profile_of
from tests.cast import grant, make_agent, make_mission, make_workshop_mission

pytestmark = pytest.mark.django_db


def with_profile(agent, *tags, visibility=Visibility.HR, available=False):
    profile = profile_of(agent)
    profile.visibility, profile.available = visibility, available
    profile.save()
    for kind, label in tags:
        profile_add_tag(agent=agent, by=agent.user, kind=kind, text=label)
    return agent


@pytest.fixture
def mission(cast):
    return make_workshop_mission(cast, visibility="network")


def ids(suggestions):
    return [s.agent_id for s in suggestions]


def test_relevant_people_with_reasons_and_exposure(cast, mission):
    paul = with_profile(cast.agents["agent"], ("appetence", "Animation d'ateliers"), available=True)
    with_profile(cast.agents[Role.SIGNATORY], ("skill", "Comptabilité publique"))  # not relevant
    suggestions = suggest_agents(cast.users[Role.HR], mission)
    assert ids(suggestions) == [paul.pk]
    assert "aime : animation d'ateliers" in suggestions[0].reasons
    assert "n'a encore jamais participé" in suggestions[0].reasons
    assert Exposure.objects.filter(agent=paul, mission=mission).count() == 1
    suggest_agents(cast.users[Role.HR], mission)  # looking again does not count twice
    assert Exposure.objects.filter(agent=paul).count() == 1


def test_nobody_never_appears_and_tenancy_holds(cast, mission):
    hidden = with_profile(
        cast.agents["agent"], ("skill", "Animation d'ateliers"), visibility=Visibility.NOBODY
    )
    partner_agent = with_profile(make_agent(cast.partner, "Léa", "Partenaire"), ("skill", "Numérique"))
    network_agent = with_profile(
        make_agent(cast.partner, "Max", "Réseau"), ("skill", "Numérique"), visibility=Visibility.NETWORK
    )
    with_profile(cast.outsider_agent, ("skill", "Numérique"), visibility=Visibility.NETWORK)
    found = ids(suggest_agents(cast.users[Role.HR], mission))
    assert hidden.pk not in found and cast.outsider_agent.pk not in found
    assert partner_agent.pk not in found  # opened to their own HR only
    assert network_agent.pk in found  # opened to the network: our HR may think of them
    assert suggest_agents(cast.users[Role.MANAGER], mission) == []  # managers get no suggestions


def test_a_full_cap_or_an_open_engagement_removes_someone(cast, mission):
    from passerelles.engagements.lifecycle import State
    from tests.cast import make_engagement

    paul = with_profile(cast.agents["agent"], ("skill", "Animation d'ateliers"))
    make_engagement(paul, mission, State.INTEREST)
    assert paul.pk not in ids(suggest_agents(cast.users[Role.HR], mission))


def test_suggestions_page_shortlist_and_proposal(cast, client_for, mission):
    paul = with_profile(cast.agents["agent"], ("appetence", "Animation d'ateliers"))
    hr = client_for(cast.users[Role.HR])
    assert "Voir les suggestions" in hr.get(f"/missions/{mission.pk}/").content.decode()
    page = hr.get(f"/missions/{mission.pk}/suggestions/").content.decode()
    assert "Paul Agent" in page and "aime : animation d&#x27;ateliers" in page
    hr.post(f"/missions/{mission.pk}/preselection/{paul.pk}/")
    assert Shortlist.objects.filter(mission=mission, agent=paul).exists()
    assert client_for(cast.users[Role.MANAGER]).get(f"/missions/{mission.pk}/suggestions/").status_code == 403
    filtered = hr.get(f"/missions/{mission.pk}/suggestions/", {"categorie": "A", "unite": "x"})
    assert f'data-suggested="{paul.pk}"' not in filtered.content.decode()  # Paul is category C
    hr.post(f"/agents/{paul.pk}/proposer/", {"mission": mission.pk})
    after = hr.get(f"/missions/{mission.pk}/suggestions/").content.decode()
    assert f'data-suggested="{paul.pk}"' not in after  # now engaged


def test_missions_that_could_please_an_agent(cast, client_for, mission):
    with_profile(cast.agents["agent"], ("appetence", "Numérique"), ("skill", "Animation d'ateliers"))
    suggestions = suggest_missions(cast.users[Role.AGENT])
    assert [s.mission for s in suggestions] == [mission]
    assert suggestions[0].reasons == [
        "correspond à votre envie : numérique",
        "utilise votre compétence : animation d'ateliers",
    ]
    page = client_for(cast.users[Role.AGENT]).get("/missions/").content.decode()
    assert "Des missions qui pourraient vous plaire" in page


def _ended(mission, days_ago: int = 2):
    """A published mission whose end date has passed and that the daily job has not closed yet."""
    import datetime

    from django.utils import timezone

    from passerelles.matching.index import index_mission

    end = timezone.localdate() - datetime.timedelta(days=days_ago)
    type(mission).objects.filter(pk=mission.pk).update(
        start_date=end - datetime.timedelta(days=30), end_date=end
    )
    mission.refresh_from_db()
    index_mission(mission)
    return mission


def test_a_published_mission_past_its_end_date_is_not_suggested(cast, mission):
    """The end date is checked after the ranking (queries.still_running), not in the terms' index."""
    with_profile(cast.agents["agent"], ("appetence", "Numérique"), ("skill", "Animation d'ateliers"))
    lead = cast.agents["host"]
    other = make_mission(
        cast.home,
        lead.unit,
        lead,
        title="Numérique au quotidien",
        status=MissionStatus.PUBLISHED,
        skills="numérique",
    )
    assert {s.mission for s in suggest_missions(cast.users[Role.AGENT])} == {mission, other}
    _ended(mission)  # the better match (both tags) has ended
    assert [s.mission for s in suggest_missions(cast.users[Role.AGENT])] == [other]


def test_still_running_reads_past_pages_of_ended_missions(cast):
    """The ranking's first page may hold only ended missions: the next pages are read, in order, until the
    count is found — the same missions as a ranking that filtered the end date itself."""
    import datetime

    from django.utils import timezone

    from passerelles.matching.queries import still_running
    from passerelles.missions.models import Mission

    lead = cast.agents["host"]
    made = [
        make_mission(cast.home, lead.unit, lead, title=f"Mission {n}", status=MissionStatus.PUBLISHED)
        for n in range(16)
    ]
    for ended in made[:12]:  # more than a page (10 for a count of 3)
        _ended(ended)
    _ended(made[13], days_ago=0)  # ends today: still running
    ranked = Mission.objects.filter(pk__in=[m.pk for m in made]).order_by("pk").values_list("pk", flat=True)
    today = timezone.localdate()
    assert still_running(ranked, today, 3) == [m.pk for m in made[12:15]]
    assert still_running(ranked, today, 10) == [m.pk for m in made[12:]]  # fewer than asked: all there are
    assert still_running(ranked, today + datetime.timedelta(days=500), 3) == []
    assert still_running(ranked.none(), today, 3) == []


def test_partner_hr_sees_suggestions_of_its_own_agents_for_a_network_mission(cast, mission):
    partner_hr = make_agent(cast.partner, "Pat", "Partenaire")
    grant(partner_hr, cast.partner, Role.HR)
    lea = with_profile(make_agent(cast.partner, "Léa", "Partenaire"), ("skill", "Numérique"))
    paul = with_profile(cast.agents["agent"], ("skill", "Numérique"))  # HR of home only
    found = ids(suggest_agents(partner_hr.user, mission))
    assert lea.pk in found and paul.pk not in found


def test_changing_visibility_or_leaving_applies_to_suggestions_at_once(cast, client_for, mission):
    from passerelles.matching.index import set_agents_active

    paul = with_profile(cast.agents["agent"], ("skill", "Animation d'ateliers"))
    assert paul.pk in ids(suggest_agents(cast.users[Role.HR], mission, limit=20))
    client_for(cast.users[Role.AGENT]).post("/profil/", {"visibility": "nobody"})
    assert paul.pk not in ids(suggest_agents(cast.users[Role.HR], mission))
    client_for(cast.users[Role.AGENT]).post("/profil/", {"visibility": "hr"})
    assert paul.pk in ids(suggest_agents(cast.users[Role.HR], mission))
    set_agents_active([paul.pk], False)  # what an SIRH import does for someone who left
    assert paul.pk not in ids(suggest_agents(cast.users[Role.HR], mission))


def test_site_reasons_from_the_profile(cast):
    from passerelles.organisations.models import WorkSite

    lead = cast.agents[Role.HOST]
    site = WorkSite.objects.create(organisation=cast.home, name="Médiathèque")
    mission = make_mission(
        cast.home, lead.unit, lead, status=MissionStatus.PUBLISHED, skills="couture", site=site
    )
    paul = with_profile(cast.agents["agent"], ("skill", "Couture"))
    paul.profile.sites.add(site)
    assert "peut se rendre sur ce site" in suggest_agents(cast.users[Role.HR], mission)[0].reasons


def test_the_host_sees_why_but_not_who_and_asks_hr_to_make_the_contact(
    cast, client_for, mission, django_capture_on_commit_callbacks
):
    from django.core import mail

    from passerelles.notifications.models import Notification

    paul = with_profile(cast.agents["agent"], ("appetence", "Animation d'ateliers"), available=True)
    host = client_for(cast.users[Role.HOST])
    assert "Voir les suggestions" in host.get(f"/missions/{mission.pk}/").content.decode()
    page = host.get(f"/missions/{mission.pk}/suggestions/").content.decode()
    assert "Profil 1" in page and "aime : animation d&#x27;ateliers" in page
    assert "Paul" not in page and "Agent" not in page.split("<main", 1)[1].split("Profil 1")[1]
    assert f'data-suggested="{paul.pk}"' not in page and f"/agents/{paul.pk}/" not in page
    assert not Exposure.objects.exists()  # nobody was named to anyone
    token = page.split('name="profil" value="', 1)[1].split('"', 1)[0]
    with django_capture_on_commit_callbacks(execute=True):
        response = host.post(f"/missions/{mission.pk}/suggestions/demande-rh/", {"profil": token})
    assert response.status_code == 302
    entry = Shortlist.objects.get(mission=mission)
    assert entry.agent == paul and entry.by == cast.users[Role.HOST]
    asked = Notification.objects.filter(user=cast.users[Role.HR], action_needed=True)
    assert asked.count() == 1 and "faire le lien" in asked.get().subject
    assert not Notification.objects.filter(user=paul.user).exists()  # the person hears from HR, if at all
    assert cast.users[Role.HR].email in {m.to[0] for m in mail.outbox}
    host.post(f"/missions/{mission.pk}/suggestions/demande-rh/", {"profil": token})
    assert asked.count() == 1  # asking twice sends nothing more
    assert "Demande transmise à la RH" in host.get(f"/missions/{mission.pk}/suggestions/").content.decode()
    # HR finds the person in the shortlist, with who asked
    hr_page = client_for(cast.users[Role.HR]).get(f"/missions/{mission.pk}/suggestions/").content.decode()
    assert f'data-shortlisted="{paul.pk}"' in hr_page and "Hugo Accueil" in hr_page


def test_a_host_request_with_a_bad_or_stale_reference_changes_nothing(cast, client_for, mission):
    from passerelles.matching.services import host_refs

    paul = with_profile(cast.agents["agent"], ("skill", "Animation d'ateliers"))
    host_user = cast.users[Role.HOST]
    host = client_for(host_user)
    url = f"/missions/{mission.pk}/suggestions/demande-rh/"
    page = host.post(url, {"profil": "falsifié"}, follow=True).content.decode()
    assert "n&#x27;est plus valable" in page
    other = make_mission(cast.home, mission.host_unit, cast.agents[Role.HOST], status=MissionStatus.PUBLISHED)
    other_ref = host_refs(mission=other, host=host_user, agent_ids=[paul.pk])[paul.pk]
    page = host.post(url, {"profil": other_ref}, follow=True).content.decode()
    assert "une autre mission" in page
    stale = host_refs(mission=mission, host=host_user, agent_ids=[paul.pk])[paul.pk]
    with_profile(paul, visibility=Visibility.NOBODY)  # Paul closed his profile since
    page = host.post(url, {"profil": stale}, follow=True).content.decode()
    assert "n&#x27;est plus proposé" in page
    assert not Shortlist.objects.exists()
    # someone who is not the host cannot ask, even with a valid reference
    with_profile(paul, visibility=Visibility.HR)
    manager = client_for(cast.users[Role.MANAGER])
    assert manager.post(url, {"profil": stale}).status_code == 403
    assert not Shortlist.objects.exists()


def test_the_quick_ranking_weighs_an_appetence_above_the_same_skill(cast, mission, monkeypatch):
    """The database keeps only the best CANDIDATES by weighted terms in common before the full scoring; each
    index row carries its kind's weight (AgentTerm.weight), so at equal terms the appétence comes first even
    when the skill's holder has the smaller id (the ties' order)."""
    from passerelles.matching import queries
    from passerelles.matching.index import QUICK_WEIGHT
    from passerelles.matching.models import AgentTerm

    first, second = sorted([cast.agents[Role.SIGNATORY], cast.agents["agent"]], key=lambda a: a.pk)
    knows = with_profile(first, ("skill", "Animation d'ateliers"))
    loves = with_profile(second, ("appetence", "Animation d'ateliers"))
    assert set(AgentTerm.objects.filter(agent=loves).values_list("weight", flat=True)) == {
        QUICK_WEIGHT["appetence"]
    }
    assert set(AgentTerm.objects.filter(agent=knows).values_list("weight", flat=True)) == {
        QUICK_WEIGHT["skill"]
    }
    monkeypatch.setattr(queries, "CANDIDATES", 1)
    assert ids(suggest_agents(cast.users[Role.HR], mission, record=False)) == [loves.pk]


@pytest.mark.django_db(transaction=True)
def test_exposures_skip_the_disk_wait_only_in_their_own_transaction(cast, mission):
    """On PostgreSQL the exposure write of a suggestion page does not wait for the journal's flush — never when
    a caller's transaction is open around it: its own writes must stay durable."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    with_profile(cast.agents["agent"], ("appetence", "Animation d'ateliers"))
    hr = cast.users[Role.HR]
    with CaptureQueriesContext(connection) as alone:
        assert suggest_agents(hr, mission)
    with CaptureQueriesContext(connection) as inside, transaction.atomic():
        Exposure.objects.all().delete()
        assert suggest_agents(hr, mission)
    asynchronous = [q["sql"] for q in alone.captured_queries if "synchronous_commit" in q["sql"]]
    assert asynchronous == (
        ["SET LOCAL synchronous_commit TO OFF"] if connection.vendor == "postgresql" else []
    )
    assert not [q for q in inside.captured_queries if "synchronous_commit" in q["sql"]]
    assert Exposure.objects.filter(mission=mission).count() == 1


def test_people_of_equal_weight_are_weighed_in_turn_from_one_mission_to_the_next(cast, monkeypatch):
    """When more people tie than the database keeps for the full scoring, each mission keeps another part of
    them (not always the smallest ids), and the same part each time it is asked."""
    from passerelles.matching import queries
    from tests.cast import make_agent

    tied = [
        with_profile(make_agent(cast.home, "Egal", f"N{i}"), ("skill", "Animation d'ateliers"))
        for i in range(6)
    ]
    missions = [make_workshop_mission(cast, title=f"Atelier {i}") for i in range(8)]
    monkeypatch.setattr(queries, "CANDIDATES", 1)
    kept = [ids(suggest_agents(cast.users[Role.HR], m, record=False)) for m in missions]
    assert all(len(k) == 1 and k[0] in {a.pk for a in tied} for k in kept)
    assert len({k[0] for k in kept}) > 1, kept
    assert ids(suggest_agents(cast.users[Role.HR], missions[0], record=False)) == kept[0]


def test_the_shortlist_shows_only_the_people_hr_may_see(cast, client_for, mission):
    """An entry for someone HR may not think of (another organisation's agent, whatever put it there; a
    colleague who closed their profile since) is not on the page; the others are, newest first."""
    paul = with_profile(cast.agents["agent"])
    colleague = with_profile(make_agent(cast.home, "Inès", "Collègue", unit=paul.unit))
    closed = with_profile(make_agent(cast.home, "Noé", "Ferme", unit=paul.unit), visibility=Visibility.NOBODY)
    Shortlist.objects.create(mission=mission, agent=paul, by=cast.users[Role.HR])
    Shortlist.objects.create(mission=mission, agent=colleague, by=cast.users[Role.HR])
    Shortlist.objects.create(mission=mission, agent=closed, by=cast.users[Role.HR])
    Shortlist.objects.create(mission=mission, agent=cast.outsider_agent, by=cast.users[Role.HR])
    page = client_for(cast.users[Role.HR]).get(f"/missions/{mission.pk}/suggestions/").content.decode()
    shortlist = page.split('id="shortlist-title"', 1)[1]
    assert shortlist.index(f'data-shortlisted="{colleague.pk}"') < shortlist.index(
        f'data-shortlisted="{paul.pk}"'
    )
    assert f'data-shortlisted="{cast.outsider_agent.pk}"' not in page
    assert cast.outsider_agent.last_name not in page
    assert f'data-shortlisted="{closed.pk}"' not in page and "Ferme" not in page


def test_hr_shortlists_only_people_of_the_pool(cast, client_for, mission):
    """The toggle takes the people HR may think of, as each chose: not a colleague who closed their profile."""
    closed = with_profile(make_agent(cast.home, "Noé", "Ferme"), visibility=Visibility.NOBODY)
    paul = with_profile(cast.agents["agent"])
    client = client_for(cast.users[Role.HR])
    assert client.post(f"/missions/{mission.pk}/preselection/{closed.pk}/").status_code == 404
    assert client.post(f"/missions/{mission.pk}/preselection/{paul.pk}/").status_code == 302
    assert list(Shortlist.objects.filter(mission=mission).values_list("agent_id", flat=True)) == [paul.pk]


def test_the_cards_escape_what_people_wrote_and_their_forms_work(cast, client_for, mission):
    """The cards are drawn in Python (matching/cards.py): a name, a job title or a reason that looks like HTML
    is shown as text, each form carries the page's CSRF token, and the proposal returns to this page."""
    import re

    from django.test import Client

    paul = with_profile(cast.agents["agent"], ("skill", "Animation d'ateliers"))
    type(paul).objects.filter(pk=paul.pk).update(
        first_name='<script>alert("x")</script>', job_title="<b>Chef</b> & co"
    )
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.users[Role.HR])
    address = f"/missions/{mission.pk}/suggestions/?disponibles="
    page = client.get(address).content.decode()
    card = page.split(f'data-suggested="{paul.pk}"', 1)[1].split("</li>\n", 1)[0]
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in card  # the name, and the proposals' labels
    assert "&lt;b&gt;Chef&lt;/b&gt; &amp; co · " in card
    assert card.count('name="csrfmiddlewaretoken"') == 2  # the shortlist toggle and the proposal
    assert f'name="retour" value="{address}"' in card
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', card).group(1)
    toggle = client.post(f"/missions/{mission.pk}/preselection/{paul.pk}/", {"csrfmiddlewaretoken": token})
    assert toggle.status_code == 302
    page = client.get(address).content.decode()
    assert "Retirer de la présélection" in page.split(f'data-suggested="{paul.pk}"', 1)[1]
    assert f'data-shortlisted="{paul.pk}"' in page


def test_the_filters_show_what_was_chosen(cast, client_for, mission):
    """The filters' lists are drawn at once (foundation/quick_select.py): the chosen unit, category and site
    stay selected, an unknown value selects nothing and breaks nothing."""
    from django.utils.html import escape

    from passerelles.organisations.models import WorkSite

    unit = cast.agents["agent"].unit
    site = WorkSite.objects.create(organisation=cast.home, name="Hôtel <de> ville", city="Lyon")
    hr = client_for(cast.users[Role.HR])
    page = hr.get(
        f"/missions/{mission.pk}/suggestions/", {"unite": unit.pk, "categorie": "B", "site": site.pk}
    ).content.decode()
    assert f'<option value="{unit.pk}" selected>{escape(unit.name)}</option>' in page
    assert '<option value="B" selected>' in page and '<option value="A">' in page
    assert f'<option value="{site.pk}" selected>Hôtel &lt;de&gt; ville (Lyon)</option>' in page
    assert f'<option value="{cast.home.pk}">{escape(cast.home.name)}</option>' in page
    odd = hr.get(f"/missions/{mission.pk}/suggestions/", {"unite": "x'y", "categorie": "Z", "site": "-1"})
    assert (
        odd.status_code == 200
        and " selected>" not in odd.content.decode().split('<ol class="suggestions">')[0]
    )


def test_nobody_is_suggested_beyond_their_employer_s_cap_for_the_purpose(cast, mission):
    """Already engaged 30 % on these dates, a 20 % mission would bring Paul to 50 %: above his employer's cap of
    40 % for this purpose he is not suggested; with the cap raised to 60 %, he is."""
    from passerelles.engagements.lifecycle import State
    from passerelles.missions.models import PurposeCap
    from tests.cast import make_engagement

    paul = with_profile(cast.agents["agent"], ("skill", "Animation d'ateliers"))
    other = make_mission(cast.home, paul.unit, cast.agents["host"], title="Autre")
    engagement = make_engagement(paul, other, State.ACTIVE)
    type(engagement).objects.filter(pk=engagement.pk).update(
        percent=30, start_date=mission.start_date, end_date=mission.end_date
    )
    cap = PurposeCap.objects.create(organisation=cast.home, purpose=mission.purpose, max_percent=40)
    assert mission.effective_percent == 20
    assert paul.pk not in ids(suggest_agents(cast.users[Role.HR], mission, record=False))
    cap.max_percent = 60
    cap.save()
    assert paul.pk in ids(suggest_agents(cast.users[Role.HR], mission, record=False))


def test_a_card_offers_a_proposal_only_to_whom_hr_may_propose(cast, client_for, mission):
    """HR proposes a mission to the people of its own organisation who have an account: a partner's agent
    suggested through the network, or someone without an account, gets a line saying who can — not a button
    leading to a refusal (the proposal page answers 404 to them)."""
    from django.utils.html import escape

    from tests.cast import make_agent

    paul = with_profile(cast.agents["agent"], ("skill", "Animation d'ateliers"))
    max_ = with_profile(
        make_agent(cast.partner, "Max", "Réseau"),
        ("skill", "Animation d'ateliers"),
        visibility=Visibility.NETWORK,
    )
    ana = with_profile(make_agent(cast.home, "Ana", "Sanscompte"), ("skill", "Animation d'ateliers"))
    type(ana).objects.filter(pk=ana.pk).update(user=None)
    client = client_for(cast.users[Role.HR])
    page = client.get(f"/missions/{mission.pk}/suggestions/").content.decode()

    def card(agent):
        return page.split(f'data-suggested="{agent.pk}"', 1)[1].split("</li>\n", 1)[0]

    assert f'action="/agents/{paul.pk}/proposer/"' in card(paul) and "Proposer la mission à Paul" in card(
        paul
    )
    assert "/proposer/" not in card(max_)
    note = f"Agent·e de {escape(cast.partner.display_name)} : la mission lui est proposée par sa RH."
    assert note in card(max_)
    assert "/proposer/" not in card(ana) and "Pas encore de compte Passerelles" in card(ana)
    assert client.get(f"/agents/{max_.pk}/proposer/?mission={mission.pk}").status_code == 404
