"""Missions: drafting, HR review, discovery and interest, as each role meets them."""

import datetime

import pytest
from django.utils.html import escape

from passerelles.access.models import Role
from passerelles.engagements.lifecycle import State
from passerelles.engagements.models import Engagement
from passerelles.missions import fulltext
from passerelles.missions.models import Mission, MissionEvent, MissionStatus, PurposeCap, Visibility
from tests.cast import make_engagement, make_mission

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def form_data(cast, **changes):
    data = {
        "title": "Animation d'ateliers numériques",
        "description": "Accompagner les seniors dans leurs premiers pas sur internet.",
        "host_unit": cast.agents[Role.HOST].unit_id,
        "project_lead": cast.agents[Role.HOST].pk,
        "project_name": "Inclusion numérique",
        "purpose": "appui_projet",
        "time_share_kind": "percent",
        "time_share_percent": "20",
        "start_date": (TODAY + datetime.timedelta(days=20)).isoformat(),
        "end_date": (TODAY + datetime.timedelta(days=100)).isoformat(),
        "place": "site",
        "skills": "animation, numérique",
        "expertise": "decouverte",
        "places": "1",
        "visibility": "organisation",
    }
    data.update(changes)
    return data


def test_host_drafts_submits_and_hr_publishes(cast, client_for):
    host = client_for(cast.users[Role.HOST])
    response = host.post("/missions/nouvelle/", form_data(cast))
    mission = Mission.objects.get(title="Animation d'ateliers numériques")
    assert response["Location"] == f"/missions/{mission.pk}/"
    assert mission.status == MissionStatus.DRAFT and mission.organisation == cast.home
    assert fulltext.matching(Mission.objects.filter(pk=mission.pk), "animer").exists()  # indexed as drafted
    host.post(f"/missions/{mission.pk}/soumettre/")
    mission.refresh_from_db()
    assert mission.status == MissionStatus.SUBMITTED
    queue = client_for(cast.users[Role.HR]).get(f"/organisations/{cast.home.slug}/relecture/")
    assert escape(mission.title) in queue.content.decode()
    client_for(cast.users[Role.HR]).post(f"/missions/{mission.pk}/relecture/", {"decision": "published"})
    mission.refresh_from_db()
    assert mission.status == MissionStatus.PUBLISHED and mission.published_at
    assert list(mission.events.values_list("to_status", flat=True)) == ["draft", "submitted", "published"]
    # the agent now finds it with a stemmed search
    found = client_for(cast.users[Role.AGENT]).get("/missions/", {"q": "animer"})
    assert mission in found.context["page"].object_list


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"end_date": ""}, "une mission a toujours une fin prévue"),
        (
            {"end_date": (TODAY - datetime.timedelta(days=1)).isoformat()},
            "La date de fin doit suivre la date de début",
        ),
        ({"time_share_percent": "0"}, "Indiquez la quotité, entre 1 et 100 %"),
        ({"time_share_percent": "101"}, "inférieure ou égale à 100"),
        ({"time_share_percent": ""}, "Indiquez la quotité"),
        ({"time_share_kind": "days", "days_per_month": ""}, "Indiquez le nombre de jours par mois"),
        ({"title": ""}, "Ce champ est obligatoire"),
        ({"host_unit": str(10**6)}, "Sélectionnez un choix valide"),
    ],
)
def test_bad_mission_input_changes_nothing(cast, client_for, changes, message):
    response = client_for(cast.users[Role.HOST]).post("/missions/nouvelle/", form_data(cast, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Mission.objects.filter(organisation=cast.home).exists()


def test_a_unit_of_another_organisation_cannot_be_chosen(cast, client_for):
    response = client_for(cast.users[Role.HOST]).post(
        "/missions/nouvelle/", form_data(cast, host_unit=cast.outsider_unit.pk)
    )
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not Mission.objects.filter(organisation=cast.home).exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.AGENT, 403), (Role.SIGNATORY, 403), (Role.MANAGER, 200), (Role.HOST, 200), (Role.HR, 200)],
)
def test_who_may_draft(cast, client_for, role, status):
    assert client_for(cast.users[role]).get("/missions/nouvelle/").status_code == status


def test_review_needs_a_comment_to_ask_for_changes_or_decline(cast, client_for):
    mission = make_mission(
        cast.home, cast.agents[Role.HOST].unit, cast.agents[Role.HOST], status=MissionStatus.SUBMITTED
    )
    hr = client_for(cast.users[Role.HR])
    for decision in ("changes_requested", "declined"):
        response = hr.post(
            f"/missions/{mission.pk}/relecture/", {"decision": decision, "comment": "  "}, follow=True
        )
        assert "Expliquez" in response.content.decode() or "Indiquez la raison" in response.content.decode()
        mission.refresh_from_db()
        assert mission.status == MissionStatus.SUBMITTED
    hr.post(
        f"/missions/{mission.pk}/relecture/",
        {"decision": "changes_requested", "comment": "Précisez le projet."},
    )
    mission.refresh_from_db()
    assert (
        mission.status == MissionStatus.CHANGES_REQUESTED and mission.review_comment == "Précisez le projet."
    )


def test_only_hr_reviews_and_a_double_click_publishes_once(cast, client_for):
    mission = make_mission(
        cast.home, cast.agents[Role.HOST].unit, cast.agents[Role.HOST], status=MissionStatus.SUBMITTED
    )
    host = client_for(cast.users[Role.HOST])
    assert host.post(f"/missions/{mission.pk}/relecture/", {"decision": "published"}).status_code == 403
    hr = client_for(cast.users[Role.HR])
    hr.post(f"/missions/{mission.pk}/relecture/", {"decision": "published"})
    second = hr.post(f"/missions/{mission.pk}/relecture/", {"decision": "published"}, follow=True)
    assert "cette étape n&#x27;est plus possible" in second.content.decode()
    assert MissionEvent.objects.filter(mission=mission, to_status=MissionStatus.PUBLISHED).count() == 1


def _flags_one_by_one(mission):
    """The review flags as they were computed for one mission at a time (two queries each): the queue's flags,
    computed for the whole page at once, must be the same."""
    from passerelles.missions.models import cap_for
    from passerelles.missions.review import review_flags

    year_ago = mission.start_date - datetime.timedelta(days=365)
    similar = (
        Mission.objects.filter(host_unit=mission.host_unit, purpose=mission.purpose, start_date__gte=year_ago)
        .exclude(pk=mission.pk)
        .exclude(status__in=[MissionStatus.DRAFT, MissionStatus.DECLINED])
        .count()
    )
    return review_flags(
        purpose=mission.purpose,
        duration_months=mission.duration_months,
        percent=mission.effective_percent,
        expertise=mission.expertise,
        project_name=mission.project_name,
        cap_percent=cap_for(mission.organisation, mission.purpose),
        similar_in_unit=similar,
    )


def test_the_review_queue_flags_each_mission_as_if_alone(cast, client_for):
    from passerelles.missions.services import flags_for, flags_for_each

    PurposeCap.objects.create(organisation=cast.home, purpose="renfort_ponctuel", max_percent=30)
    host = cast.agents[Role.HOST]
    other_unit = cast.agents["agent"].unit
    assert other_unit != host.unit

    def mission(title, status, start_days, unit=host.unit, purpose="renfort_ponctuel", **extra):
        start = TODAY + datetime.timedelta(days=start_days)
        values = {"purpose": purpose, "start_date": start, "end_date": start + datetime.timedelta(days=60)}
        return make_mission(cast.home, unit, host, title=title, status=status, **values, **extra)

    early = mission("Renfort d'hiver", MissionStatus.SUBMITTED, -100, time_share_percent=50)
    late = mission("Renfort de printemps", MissionStatus.SUBMITTED, 30, project_name="Écoles")
    elsewhere = mission(
        "Appui au projet", MissionStatus.SUBMITTED, 30, unit=other_unit, purpose="appui_projet"
    )
    mission("Renfort publié", MissionStatus.PUBLISHED, 10)
    mission("Renfort de l'an passé", MissionStatus.PUBLISHED, -300)  # within a year before both
    mission("Renfort ancien", MissionStatus.PUBLISHED, -400)  # within a year of « early » only
    mission("Renfort en brouillon", MissionStatus.DRAFT, 20)  # drafts and declined missions never count
    mission("Renfort refusé", MissionStatus.DECLINED, 20, review_comment="Doublon")
    queue = [early, late, elsewhere]

    flags = flags_for_each(Mission.objects.filter(pk__in=[m.pk for m in queue]))
    assert flags == {m.pk: _flags_one_by_one(m) for m in queue}
    assert {m.pk: flags_for(m) for m in queue} == flags
    reasons = {m.pk: " ".join(f.reason for f in flags[m.pk]) for m in queue}
    assert "déjà proposé 4 missions" in reasons[early.pk]  # late, published, last year's, the old one
    assert "déjà proposé 3 missions" in reasons[late.pk]  # early, published, last year's
    assert "déjà proposé" not in reasons[elsewhere.pk]
    assert [f.code for f in flags[early.pk]] == ["structural", "cap"]  # 50 % over the 30 % cap
    assert flags_for_each([]) == {}

    page = client_for(cast.users[Role.HR]).get(f"/organisations/{cast.home.slug}/relecture/").content.decode()
    for m in queue:
        row = page[page.index(escape(m.title)) :].split("</tr>")[0]
        assert row.count("data-flag=") == len(flags[m.pk]), m.title
        for flag in flags[m.pk]:
            assert f'data-flag="{flag.code}"' in row


def test_flags_are_shown_to_the_reviewer(cast, client_for):
    PurposeCap.objects.create(organisation=cast.home, purpose="renfort_ponctuel", max_percent=30)
    mission = make_mission(
        cast.home,
        cast.agents[Role.HOST].unit,
        cast.agents[Role.HOST],
        status=MissionStatus.SUBMITTED,
        purpose="renfort_ponctuel",
        time_share_percent=50,
        project_name="",
        end_date=TODAY + datetime.timedelta(days=300),
    )
    content = client_for(cast.users[Role.HR]).get(f"/missions/{mission.pk}/").content.decode()
    assert 'data-flag="structural"' in content and 'data-flag="cap"' in content
    assert "plafonne cet objet à 30 %" in content
    # the agent never sees the review flags
    assert client_for(cast.users[Role.AGENT]).get(f"/missions/{mission.pk}/").status_code == 404


def test_visibility_unit_organisation_network(cast, client_for):
    unit = cast.agents["agent"].unit
    lead = cast.agents[Role.HOST]
    in_unit = make_mission(
        cast.home, unit, lead, title="Unité", status=MissionStatus.PUBLISHED, visibility=Visibility.UNIT
    )
    other_unit = make_mission(
        cast.home,
        lead.unit,
        lead,
        title="Autre unité",
        status=MissionStatus.PUBLISHED,
        visibility=Visibility.UNIT,
    )
    partner_unit = cast.partner.units.create(name="Service social")
    partner_lead = __import__("tests.cast", fromlist=["make_agent"]).make_agent(
        cast.partner, "Pia", "Partenaire"
    )
    network_wide = make_mission(
        cast.partner,
        partner_unit,
        partner_lead,
        title="Réseau",
        status=MissionStatus.PUBLISHED,
        visibility=Visibility.NETWORK,
    )
    partner_only = make_mission(
        cast.partner,
        partner_unit,
        partner_lead,
        title="Partenaire seul",
        status=MissionStatus.PUBLISHED,
        visibility=Visibility.ORGANISATION,
    )
    draft = make_mission(cast.home, unit, lead, title="Brouillon")
    seen = set(client_for(cast.users[Role.AGENT]).get("/missions/").context["page"].object_list)
    assert in_unit in seen and network_wide in seen
    assert not {other_unit, partner_only, draft, cast.outsider_mission} & seen


def test_search_filters_and_bad_parameters(cast, client_for):
    lead = cast.agents[Role.HOST]
    short = make_mission(
        cast.home,
        lead.unit,
        lead,
        title="Jardinage",
        skills="jardinage, animation d'ateliers",
        status=MissionStatus.PUBLISHED,
        place="remote",
        time_share_percent=10,
    )
    long = make_mission(
        cast.home,
        lead.unit,
        lead,
        title="Comptabilité",
        skills="comptabilité publique",
        status=MissionStatus.PUBLISHED,
        purpose="renfort_ponctuel",
        time_share_percent=40,
        end_date=TODAY + datetime.timedelta(days=400),
    )
    agent = client_for(cast.users[Role.AGENT])

    def found(**params):
        return set(agent.get("/missions/", params).context["page"].object_list)

    assert found(q="jardiner") == {short}
    assert found(competence="animer") == {short}  # its skills say "animation d'ateliers"
    assert found(competence="comptable") == {long}
    assert found(competence="cuisine") == set()
    assert found(q="jardin comptable") == set()
    assert found(lieu="remote") == {short}
    assert found(objet="renfort_ponctuel") == {long}
    assert found(quotite_max="20") == {short}
    assert found(duree="long") == {long}
    assert found(duree="court") == {short}
    assert found(tri="debut", quotite_max="abc", duree="x", debut_apres="pas-une-date", objet="?") == {
        short,
        long,
    }
    assert "Aucune mission ne correspond" in agent.get("/missions/", {"q": "astronomie"}).content.decode()


def test_interest_once_private_from_the_manager_and_withdrawable(cast, client_for):
    lead = cast.agents[Role.HOST]
    mission = make_mission(cast.home, lead.unit, lead, status=MissionStatus.PUBLISHED)
    agent = client_for(cast.users[Role.AGENT])
    agent.post(f"/missions/{mission.pk}/interet/", {"message": "J'adore animer."})
    agent.post(f"/missions/{mission.pk}/interet/", {"message": "double clic"})
    engagement = Engagement.objects.get(mission=mission)
    assert engagement.state == State.INTEREST and engagement.message == "J'adore animer."
    # the host and HR see the interested person; the manager sees nothing yet
    assert (
        engagement in client_for(cast.users[Role.HOST]).get(f"/missions/{mission.pk}/").context["engagements"]
    )
    manager = client_for(cast.users[Role.MANAGER])
    assert manager.get(f"/engagements/{engagement.pk}/").status_code == 404
    assert not Engagement.objects.for_actor(cast.users[Role.MANAGER]).exists()
    # withdrawing keeps the reason between the agent and HR
    agent.post(
        f"/engagements/{engagement.pk}/action/", {"action": "withdraw", "comment": "Trop de travail chez moi"}
    )
    engagement.refresh_from_db()
    assert engagement.state == State.WITHDRAWN and engagement.withdraw_reason == "Trop de travail chez moi"
    assert manager.get(f"/engagements/{engagement.pk}/").status_code == 404
    # a new interest is possible after withdrawing
    agent.post(f"/missions/{mission.pk}/interet/")
    assert Engagement.objects.filter(mission=mission, state=State.INTEREST).count() == 1


def test_the_manager_sees_the_engagement_from_the_agreements_step(cast, client_for):
    lead = cast.agents[Role.HOST]
    mission = make_mission(cast.home, lead.unit, lead, status=MissionStatus.PUBLISHED)
    engagement = make_engagement(
        cast.agents["agent"], mission, State.AGREEMENTS, message="motivation personnelle"
    )
    response = client_for(cast.users[Role.MANAGER]).get(f"/engagements/{engagement.pk}/")
    assert response.status_code == 200
    content = response.content.decode()
    assert mission.title in content and "motivation personnelle" not in content


def test_interest_refused_for_drafts_and_own_missions(cast, client_for):
    lead = cast.agents[Role.HOST]
    own = make_mission(cast.home, lead.unit, lead, status=MissionStatus.PUBLISHED)
    response = client_for(cast.users[Role.HOST]).post(f"/missions/{own.pk}/interet/", follow=True)
    assert "Vous ne pouvez pas vous proposer" in response.content.decode()
    draft = make_mission(cast.home, lead.unit, lead)
    assert client_for(cast.users[Role.AGENT]).post(f"/missions/{draft.pk}/interet/").status_code == 404
    assert not Engagement.objects.filter(mission__organisation=cast.home).exists()


def test_decline_needs_a_reason_and_only_brokers_decline(cast, client_for):
    lead = cast.agents[Role.HOST]
    mission = make_mission(cast.home, lead.unit, lead, status=MissionStatus.PUBLISHED)
    engagement = make_engagement(cast.agents["agent"], mission, State.INTEREST)
    hr = client_for(cast.users[Role.HR])
    response = hr.post(
        f"/engagements/{engagement.pk}/action/", {"action": "decline", "comment": ""}, follow=True
    )
    assert "Indiquez la raison" in response.content.decode()
    agent = client_for(cast.users[Role.AGENT])
    response = agent.post(
        f"/engagements/{engagement.pk}/action/", {"action": "decline", "comment": "x"}, follow=True
    )
    assert "ne vous revient pas" in response.content.decode()
    engagement.refresh_from_db()
    assert engagement.state == State.INTEREST
    hr.post(f"/engagements/{engagement.pk}/action/", {"action": "decline", "comment": "Profil trop éloigné"})
    engagement.refresh_from_db()
    assert engagement.state == State.DECLINED and engagement.events.last().by == cast.users[Role.HR]


def test_bookmarks_are_private(cast, client_for):
    lead = cast.agents[Role.HOST]
    mission = make_mission(cast.home, lead.unit, lead, status=MissionStatus.PUBLISHED)
    agent = client_for(cast.users[Role.AGENT])
    agent.post(f"/missions/{mission.pk}/favori/")
    assert mission in [b.mission for b in agent.get("/missions/favoris/").context["bookmarks"]]
    assert not client_for(cast.users[Role.HR]).get("/missions/favoris/").context["bookmarks"]
    agent.post(f"/missions/{mission.pk}/favori/")  # a second click removes it
    assert not agent.get("/missions/favoris/").context["bookmarks"]


def test_saved_search_alerts_on_publication_only_those_who_match_and_see(
    cast, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    from passerelles.missions.models import SavedSearch
    from passerelles.notifications.models import Notification

    agent = client_for(cast.users[Role.AGENT])
    agent.post("/missions/recherches/", {"name": "Ateliers", "query": "q=animer", "alert": "1"})
    agent_search = SavedSearch.objects.get(user=cast.users[Role.AGENT])
    assert agent_search.query == "q=animer"
    SavedSearch.objects.create(user=cast.users[Role.SIGNATORY], name="Compta", query="q=comptabilité")
    SavedSearch.objects.create(user=cast.outsider_agent.user, name="Tout", query="")  # cannot see the mission
    refused = agent.post("/missions/recherches/", {"name": " ", "query": "q=x"}, follow=True)
    assert "Donnez un nom" in refused.content.decode()
    lead = cast.agents[Role.HOST]
    mission = make_mission(
        cast.home, lead.unit, lead, title="Animation d'ateliers", status=MissionStatus.SUBMITTED
    )
    with django_capture_on_commit_callbacks(execute=True):
        client_for(cast.users[Role.HR]).post(f"/missions/{mission.pk}/relecture/", {"decision": "published"})
    alerted = set(
        Notification.objects.filter(subject__startswith="Nouvelle mission").values_list("user", flat=True)
    )
    assert alerted == {cast.users[Role.AGENT].pk}
    assert any("Animation d'ateliers" in m.body for m in mailoutbox)
    # deleting asks for confirmation first
    page = agent.get(f"/missions/recherches/{agent_search.pk}/supprimer/")
    assert "Oui, supprimer" in page.content.decode()
    assert SavedSearch.objects.filter(pk=agent_search.pk).exists()
    agent.post(f"/missions/recherches/{agent_search.pk}/supprimer/")
    assert not SavedSearch.objects.filter(pk=agent_search.pk).exists()


def test_submitting_tells_hr_and_review_tells_the_author(cast, client_for):
    from passerelles.notifications.models import Notification

    lead = cast.agents[Role.HOST]
    mission = make_mission(cast.home, lead.unit, lead)
    client_for(cast.users[Role.HOST]).post(f"/missions/{mission.pk}/soumettre/")
    assert Notification.objects.filter(
        user=cast.users[Role.HR], subject__startswith="Mission à relire"
    ).exists()
    client_for(cast.users[Role.HR]).post(
        f"/missions/{mission.pk}/relecture/",
        {"decision": "changes_requested", "comment": "Précisez les dates."},
    )
    notice = Notification.objects.get(user=cast.users[Role.HOST], subject__contains="modifications demandées")
    assert notice.message == "Précisez les dates." and notice.action_needed
