"""The documentation's promises of who sees what — a reason, an evaluation, a profile, a story — tested one by
one. Each test is named after the promise and quotes the line of the documentation it holds to.

When a promise and the code disagree, the code is fixed (issue 11, item 3), not the test.
"""

import datetime
import json

import pytest
from django.core import mail

from passerelles.access.models import Role
from passerelles.engagements.lifecycle import State
from passerelles.engagements.models import Engagement
from passerelles.engagements.services import (
    engagement_meeting_feedback,
    engagement_schedule_meeting,
    engagement_transition,
)
from passerelles.missions.models import MissionStatus
from passerelles.notifications.models import Notification
from passerelles.people.models import ProfileView, Visibility
from tests.cast import (
    grant,
    make_agent,
    make_engagement,
    make_mission,
    make_workshop_mission,
    meeting_held,
)
from tests.test_engagement_flow import SOON, agree_all, at_agreements
from tests.test_suggestions import with_profile

pytestmark = pytest.mark.django_db

WITHDRAW_REASON = "Mon chef me met la pression, je préfère arrêter"
PRIVATE_REASON = "Trop de retards sur ses dossiers actuels selon son service"
NEUTRAL = "La mission ne pourra pas se faire cette fois-ci."


@pytest.fixture
def mission(cast):
    return make_workshop_mission(cast, skills="animation d'ateliers")


@pytest.fixture
def clients(cast, client_for):
    return {
        role: client_for(cast.users[role])
        for role in (Role.AGENT, Role.HOST, Role.HR, Role.MANAGER, Role.SIGNATORY)
    }


def everything_sent_to(user) -> str:
    """Every notification and every e-mail this person received, as one text."""
    notes = Notification.objects.filter(user=user)
    texts = [f"{n.subject}\n{n.message}" for n in notes]
    texts += [f"{m.subject}\n{m.body}" for m in mail.outbox if user.email in m.to]
    return "\n".join(texts)


def page(client, url) -> str:
    response = client.get(url)
    return response.content.decode() if response.status_code == 200 else ""


# --- Reasons -------------------------------------------------------------------------------------------------


def test_the_agents_withdrawal_reason_stays_between_the_agent_and_hr(
    cast, mission, clients, django_capture_on_commit_callbacks
):
    """docs/missions.md:107-108 — « L'agent peut se retirer à tout moment depuis « Mes missions : où j'en
    suis » ; sa raison reste entre lui ou elle et la RH (jamais montrée à l'accueil, à l'encadrant·e ni au ou à la signataire :
    page, historique, notifications, courriels). »"""
    engagement = agree_all(
        cast, at_agreements(cast, make_engagement(cast.agents["agent"], mission, State.INTEREST))
    )
    assert engagement.state == State.READY  # the manager and the signatory see the engagement at this step
    url = f"/engagements/{engagement.pk}/"
    assert "Ateliers" in page(clients[Role.MANAGER], url)
    with django_capture_on_commit_callbacks(execute=True):
        clients[Role.AGENT].post(f"{url}action/", {"action": "withdraw", "comment": WITHDRAW_REASON})
    engagement.refresh_from_db()
    assert engagement.state == State.WITHDRAWN
    escaped = WITHDRAW_REASON.replace("'", "&#x27;")
    assert escaped in page(clients[Role.AGENT], url) and escaped in page(clients[Role.HR], url)
    for role in (Role.HOST, Role.MANAGER, Role.SIGNATORY):
        for seen in (url, f"/missions/{mission.pk}/", "/", "/notifications/"):
            assert "la pression" not in page(clients[role], seen), (role, seen)
        assert "la pression" not in everything_sent_to(cast.users[role]), role
    host_page = page(clients[Role.HOST], url)
    assert "Retirée par l&#x27;agent" in host_page  # the host knows the step, not the reason


def test_after_the_meeting_an_agent_who_stops_keeps_the_reason_between_them_and_hr(
    cast, mission, clients, django_capture_on_commit_callbacks
):
    """docs/missions.md:106 — « si l'agent dit non, il se retire (sa raison reste entre lui ou elle et la
    RH) »."""
    engagement = make_engagement(cast.agents["agent"], mission, State.INTEREST)
    engagement_schedule_meeting(
        engagement=engagement, by=cast.users[Role.HR], starts_at=SOON, place="Salle 2"
    )
    meeting_held(engagement)
    with django_capture_on_commit_callbacks(execute=True):
        clients[Role.AGENT].post(
            f"/engagements/{engagement.pk}/suite/", {"continues": "non", "notes": WITHDRAW_REASON}
        )
    engagement.refresh_from_db()
    assert engagement.state == State.WITHDRAWN and engagement.withdraw_reason == WITHDRAW_REASON
    assert "la pression" in page(clients[Role.HR], f"/engagements/{engagement.pk}/")
    assert "la pression" not in page(clients[Role.HOST], f"/engagements/{engagement.pk}/")
    assert "la pression" not in everything_sent_to(cast.users[Role.HOST])


def test_when_the_host_says_no_after_the_meeting_the_agent_is_told_why(cast, mission, clients):
    """docs/missions.md:107 — « si l'accueil dit non, il l'explique et l'agent est prévenu »."""
    engagement = make_engagement(cast.agents["agent"], mission, State.INTEREST)
    engagement_schedule_meeting(
        engagement=engagement, by=cast.users[Role.HR], starts_at=SOON, place="Salle 2"
    )
    meeting_held(engagement)
    engagement_meeting_feedback(
        engagement=engagement, by=cast.users[Role.HOST], continues=False, notes="Le poste demande le permis C"
    )
    assert "permis C" in everything_sent_to(cast.users[Role.AGENT])


def test_a_decline_reason_kept_for_hr_never_reaches_the_agent(
    cast, mission, clients, django_capture_on_commit_callbacks
):
    """docs/missions.md:75 — « avec « Garder la raison pour la RH », lue par la RH (et par qui l'a écrite)
    seulement : l'agent est prévenu·e par une phrase neutre […] et ne la retrouve ni sur la page de
    l'engagement, ni dans son historique, ni dans ses notifications et courriels, ni dans « Mes données ». »"""
    engagement = make_engagement(cast.agents["agent"], mission, State.INTEREST)
    url = f"/engagements/{engagement.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        response = clients[Role.HR].post(
            f"{url}action/", {"action": "decline", "comment": PRIVATE_REASON, "share_reason": "0"}
        )
    assert response.status_code == 302
    engagement.refresh_from_db()
    assert engagement.state == State.DECLINED and engagement.decline_reason_private
    agent = clients[Role.AGENT]
    for seen in (url, "/engagements/", "/notifications/", "/mes-donnees/", "/"):
        assert "retards" not in page(agent, seen), seen
    assert NEUTRAL in page(agent, url)
    export = agent.get("/mes-donnees/export.json")
    assert export.status_code == 200
    raw = b"".join(export) if export.streaming else export.content
    assert "retards" not in raw.decode() and "retards" not in json.dumps(json.loads(raw))
    sent = everything_sent_to(cast.users[Role.AGENT])
    assert NEUTRAL in sent and "retards" not in sent
    # HR reads it; so does the host who sees the engagement… only if they wrote it: here HR did
    assert "retards" in page(clients[Role.HR], url)
    assert "retards" not in page(clients[Role.HOST], url)


def test_a_decline_reason_given_to_the_agent_reaches_them(
    cast, mission, clients, django_capture_on_commit_callbacks
):
    """docs/missions.md:212-213 — « Les personnes non retenues sont prévenues avec la raison (sauf si elle a été
    gardée pour la RH : une phrase neutre). »"""
    engagement = make_engagement(cast.agents["agent"], mission, State.INTEREST)
    with django_capture_on_commit_callbacks(execute=True):
        clients[Role.HOST].post(
            f"/engagements/{engagement.pk}/action/",
            {"action": "decline", "comment": "La mission est annulée", "share_reason": "1"},
        )
    assert "La mission est annulée" in everything_sent_to(cast.users[Role.AGENT])
    assert "La mission est annulée" in page(clients[Role.AGENT], f"/engagements/{engagement.pk}/")


def test_a_proposal_and_its_refusal_stay_private(cast, mission, clients, django_capture_on_commit_callbacks):
    """docs/missions.md:97 — « il accepte une rencontre ou se retire, et sa réponse reste privée. L'accueil ne
    voit la proposition qu'une fois acceptée ; une proposition déclinée ne lui parvient jamais »."""
    agent = cast.agents["agent"]
    clients[Role.HR].post(f"/agents/{agent.pk}/proposer/", {"mission": mission.pk})
    proposal = Engagement.objects.get(agent=agent, mission=mission)
    assert proposal.state == State.PROPOSAL
    assert clients[Role.HOST].get(f"/engagements/{proposal.pk}/").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        engagement_transition(engagement=proposal, action="withdraw", by=agent.user, comment="Pas pour moi")
    assert clients[Role.HOST].get(f"/engagements/{proposal.pk}/").status_code == 404
    assert "Paul" not in page(clients[Role.HOST], f"/missions/{mission.pk}/")
    assert "Paul" not in everything_sent_to(cast.users[Role.HOST])
    assert "Pas pour moi" in page(clients[Role.HR], f"/engagements/{proposal.pk}/")


def test_a_proposal_ended_by_the_closing_of_its_mission_stays_private(cast, mission, clients):
    """docs/missions.md:166-168 — « L'accueil et la RH reçoivent une notification chacun, avec les noms qu'ils
    peuvent voir (l'accueil n'apprend jamais une proposition de gré à gré que l'agent n'avait pas
    acceptée) »."""
    from passerelles.missions.services import mission_close

    agent = cast.agents["agent"]
    clients[Role.HR].post(f"/agents/{agent.pk}/proposer/", {"mission": mission.pk})
    proposal = Engagement.objects.get(agent=agent, mission=mission)
    mission_close(mission=mission, by=cast.users[Role.HR], reason="Le projet s'arrête")
    proposal.refresh_from_db()
    assert proposal.state == State.DECLINED and proposal.decline_reason == "la mission est close"
    assert clients[Role.HOST].get(f"/engagements/{proposal.pk}/").status_code == 404
    assert "Paul" not in page(clients[Role.HOST], f"/missions/{mission.pk}/")
    assert "Paul" not in everything_sent_to(cast.users[Role.HOST])
    assert "la mission est close" in page(clients[Role.AGENT], f"/engagements/{proposal.pk}/")


def test_the_reason_for_closing_a_mission_is_read_by_the_host_and_hr_only(cast, mission, clients):
    """docs/missions.md:156-157 — « la raison écrite par l'accueil ou la RH n'est montrée qu'à l'accueil et à
    la RH »."""
    from passerelles.missions.services import mission_close

    engagement = make_engagement(cast.agents["agent"], mission, State.INTEREST)
    reason = "Le chef de projet part en congé long"
    mission_close(mission=mission, by=cast.users[Role.HOST], reason=reason)
    url = f"/missions/{mission.pk}/"
    assert reason in page(clients[Role.HOST], url) and reason in page(clients[Role.HR], url)
    for role in (Role.AGENT, Role.MANAGER, Role.SIGNATORY):
        text = page(clients[role], url)
        assert "Mission clôturée" in text and reason not in text
    assert reason not in page(clients[Role.AGENT], f"/engagements/{engagement.pk}/")
    assert reason not in everything_sent_to(cast.users[Role.AGENT])
    assert reason in everything_sent_to(cast.users[Role.HR])


# --- Who sees the engagement ---------------------------------------------------------------------------------


def test_the_host_and_hr_see_who_is_interested_and_the_manager_nothing_before_the_agreements(
    cast, mission, clients
):
    """docs/missions.md:70-71 — « La personne qui accueille et la RH voient les personnes intéressées ;
    l'encadrant·e n'en voit rien avant l'étape des accords. » — and docs/acces.md:156 (engagements: « l'encadrant·e
    de l'agent à partir de l'étape des accords seulement »)."""
    engagement = make_engagement(cast.agents["agent"], mission, State.INTEREST)
    url = f"/engagements/{engagement.pk}/"
    assert "Paul Agent" in page(clients[Role.HOST], f"/missions/{mission.pk}/")
    assert clients[Role.HR].get(url).status_code == 200
    assert clients[Role.MANAGER].get(url).status_code == 404
    assert clients[Role.SIGNATORY].get(url).status_code == 404
    assert "Ateliers" not in page(clients[Role.MANAGER], "/equipe/")
    at_agreements(cast, engagement)
    assert clients[Role.MANAGER].get(url).status_code == 200


def test_the_manager_is_told_at_the_agreements_step_and_only_then(
    cast, mission, django_capture_on_commit_callbacks
):
    """docs/missions.md:111 — « À l'étape des accords — et seulement alors — l'encadrant·e de l'agent est
    prévenu·e »."""
    manager = cast.users[Role.MANAGER]
    with django_capture_on_commit_callbacks(execute=True):
        engagement = make_engagement(cast.agents["agent"], mission, State.INTEREST)
        engagement_schedule_meeting(
            engagement=engagement, by=cast.users[Role.HR], starts_at=SOON, place="Salle"
        )
    assert "Ateliers" not in everything_sent_to(manager)
    with django_capture_on_commit_callbacks(execute=True):
        at_agreements(cast, engagement, framework=False)
    assert "Votre accord est demandé" in everything_sent_to(manager)


def test_favourites_are_a_list_nobody_else_sees(cast, mission, clients):
    """docs/missions.md:62 — « « Garder de côté » l'ajoute à Mes favoris (une liste que personne d'autre ne
    voit) »."""
    clients[Role.AGENT].post(f"/missions/{mission.pk}/favori/")
    assert "Ateliers numériques" in page(clients[Role.AGENT], "/missions/favoris/")
    for role in (Role.HOST, Role.HR, Role.MANAGER):
        assert "Ateliers numériques" not in page(clients[role], "/missions/favoris/")


# --- Profiles ------------------------------------------------------------------------------------------------


def test_by_default_the_profile_is_seen_by_the_hr_of_the_agents_organisation(cast, clients, client_for):
    """docs/profils-et-donnees.md:32 — « Les référent·es RH de mon organisation (par défaut) | la RH de son
    organisation »."""
    paul = with_profile(cast.agents["agent"], ("skill", "Couture"))
    assert "Couture" in page(clients[Role.HR], f"/agents/{paul.pk}/")
    partner_hr = make_agent(cast.partner, "Pat", "Partenaire")
    grant(partner_hr, cast.partner, Role.HR)
    assert "Couture" not in page(client_for(partner_hr.user), f"/agents/{paul.pk}/")


def test_a_profile_opened_to_the_network_is_seen_by_the_partners_hr(cast, client_for):
    """docs/profils-et-donnees.md:33 — « Aussi les référent·es RH des organisations partenaires | la RH de son
    organisation et celle des organisations du même réseau »."""
    paul = with_profile(cast.agents["agent"], ("skill", "Couture"), visibility=Visibility.NETWORK)
    partner_hr = make_agent(cast.partner, "Pat", "Partenaire")
    grant(partner_hr, cast.partner, Role.HR)
    assert "Couture" in page(client_for(partner_hr.user), f"/agents/{paul.pk}/")
    outsider_hr = client_for(cast.outsider_agent.manager.user)
    assert outsider_hr.get(f"/agents/{paul.pk}/").status_code == 404


def test_an_agent_who_chose_personne_appears_in_no_search(cast, mission, clients):
    """docs/profils-et-donnees.md:34 — « Personne | personne : l'agent n'apparaît dans aucune recherche (ni
    l'annuaire, ni le vivier, ni la recherche du ou de la porteur·se de projet d'une mission) ; il peut toujours
    se manifester lui-même pour une mission » — and docs/suggestions.md:54 (« Jamais les personnes qui ont
    choisi « personne » »)."""
    paul = with_profile(cast.agents["agent"], ("skill", "Animation d'ateliers"), visibility=Visibility.NOBODY)
    slug = cast.home.slug
    for seen in (
        f"/organisations/{slug}/agents/?q=Paul",
        f"/organisations/{slug}/vivier/?q=Animation",
        f"/missions/{mission.pk}/suggestions/",
    ):
        html = page(clients[Role.HR], seen)
        assert html and "Paul Agent" not in html and f"/agents/{paul.pk}/" not in html, seen
    assert "Couture" not in page(clients[Role.HR], f"/agents/{paul.pk}/")
    for role in (Role.HOST, Role.HR, Role.MANAGER):
        assert clients[role].get(f"/organisations/{slug}/personnes/recherche/", {"q": "Paul"}).json() == {
            "suggestions": []
        }
    clients[Role.AGENT].post(f"/missions/{mission.pk}/interet/", {"message": "Je me manifeste"})
    assert Engagement.objects.filter(agent=paul, mission=mission).exists()


def test_managers_never_browse_profiles_nor_a_directory(cast, clients):
    """docs/profils-et-donnees.md:36 — « Les encadrant·es ne parcourent jamais les profils. » — and
    docs/acces.md:30-32 (profils : « jamais l'encadrant·e » ; « Les encadrant·es ne parcourent jamais
    d'annuaire »)."""
    paul = with_profile(cast.agents["agent"], ("skill", "Couture"))
    manager = clients[Role.MANAGER]
    detail = page(manager, f"/agents/{paul.pk}/")  # their own report: the record, never the profile
    assert "Couture" not in detail
    assert manager.get(f"/organisations/{cast.home.slug}/agents/").status_code == 403
    assert manager.get(f"/organisations/{cast.home.slug}/vivier/").status_code == 403
    assert not ProfileView.objects.filter(agent=paul).exists()


def test_every_view_of_a_full_profile_by_someone_else_is_logged_and_shown_to_the_agent(cast, clients):
    """docs/profils-et-donnees.md:36-37 — « Chaque consultation d'un profil complet par quelqu'un d'autre que
    l'agent est journalisée ; l'agent voit la liste (« Qui a consulté mon profil ») »."""
    paul = with_profile(cast.agents["agent"], ("skill", "Couture"))
    page(clients[Role.AGENT], "/profil/")
    page(clients[Role.AGENT], f"/agents/{paul.pk}/")
    assert not ProfileView.objects.filter(agent=paul).exists()  # the agent's own visits are not logged
    page(clients[Role.HR], f"/agents/{paul.pk}/")
    assert ProfileView.objects.filter(agent=paul, viewer=cast.users[Role.HR]).count() == 1
    own = page(clients[Role.AGENT], "/profil/").split("Qui a consulté mon profil", 1)[1]
    assert "Rita Ressources" in own


def test_the_host_sees_why_but_never_who(cast, mission, clients):
    """docs/suggestions.md:28 — « Les agents ont ouvert leur profil à la RH, pas à l'accueil : l'accueil voit
    pourquoi quelqu'un pourrait correspondre, jamais qui. »"""
    paul = with_profile(cast.agents["agent"], ("skill", "Animation d'ateliers"))
    host_page = page(clients[Role.HOST], f"/missions/{mission.pk}/suggestions/")
    assert "Profil 1" in host_page and "animation d&#x27;ateliers" in host_page
    main = host_page.split("<main", 1)[1]
    assert paul.first_name not in main and paul.last_name not in main and f"/agents/{paul.pk}/" not in main
    assert str(paul.pk) not in "".join(main.split('value="')[1:]).split('"')[0]


# --- Follow-up, return, evaluation ---------------------------------------------------------------------------


@pytest.fixture
def active(cast, mission):
    today = datetime.date.today()
    engagement = make_engagement(cast.agents["agent"], mission, State.ACTIVE, agreement_round=1)
    engagement.start_date, engagement.end_date = (
        today - datetime.timedelta(days=40),
        today + datetime.timedelta(days=40),
    )
    engagement.save()
    return engagement


@pytest.fixture
def ended(active):
    active.state = State.ENDED
    active.end_date = datetime.date.today() - datetime.timedelta(days=1)
    active.save()
    return active


def test_the_home_manager_does_not_see_the_checkin_answers(cast, active, clients):
    """docs/suivi.md:11-12 — « L'encadrant·e d'origine ne voit pas ces réponses : l'aide, pas le contrôle. »"""
    from passerelles.followup.models import CheckIn
    from passerelles.followup.services import answer_checkin, schedule_checkins

    schedule_checkins(active)
    due = CheckIn.objects.filter(engagement=active, due_on__lte=datetime.date.today()).first()
    answer_checkin(
        checkin=due,
        party="agent",
        by=cast.users[Role.AGENT],
        mood="difficile",
        workload="trop_lourde",
        relationship="ok",
        help_needed="Besoin d'un tuteur",
    )
    assert "tuteur" in page(clients[Role.HR], f"/engagements/{active.pk}/suivi/")
    manager = clients[Role.MANAGER]
    assert manager.get(f"/engagements/{active.pk}/suivi/").status_code == 403
    for seen in (f"/engagements/{active.pk}/", "/equipe/calendrier/", "/"):
        assert "tuteur" not in page(manager, seen), seen


def test_the_team_calendar_shows_missions_from_the_agreement_never_the_exploration_nor_notes(
    cast, active, clients
):
    """docs/suivi.md:33-34 — « pour chaque personne de l'équipe en mission (à partir de l'accord donné,
    jamais pendant l'exploration), la période de la mission et les jours saisis […]. Ni notes ni réponses
    aux points d'étape. »"""
    exploring = make_engagement(
        cast.agents["agent"],
        make_mission(
            cast.home,
            active.mission.host_unit,
            cast.agents[Role.HOST],
            status=MissionStatus.PUBLISHED,
            title="Autre",
        ),
        State.MEETING,
    )
    clients[Role.AGENT].post(
        f"/engagements/{active.pk}/temps/",
        {"day": datetime.date.today().isoformat(), "half_days": "1", "note": "Note confidentielle"},
    )
    calendar = page(clients[Role.MANAGER], "/equipe/calendrier/")
    assert f'data-calendar-engagement="{active.pk}"' in calendar
    assert f'data-calendar-engagement="{exploring.pk}"' not in calendar
    assert "Note confidentielle" not in calendar


def test_the_return_conversation_is_read_by_the_agent_and_hr(cast, ended, clients):
    """docs/suivi.md:46-47 — « Entretien de retour : l'encadrant·e d'origine note […] ce qui change au retour.
    L'agent et la RH le lisent. »"""
    clients[Role.MANAGER].post(
        f"/engagements/{ended.pk}/retour/",
        {"held_on": datetime.date.today().isoformat(), "notes": "Devient référent numérique"},
    )
    url = f"/engagements/{ended.pk}/evaluation/"
    assert "référent numérique" in page(clients[Role.AGENT], url)
    assert "référent numérique" in page(clients[Role.HR], url)
    assert "référent numérique" not in page(clients[Role.HOST], url)
    assert "référent numérique" not in page(clients[Role.SIGNATORY], url)


def test_each_sees_their_own_evaluation_and_hr_of_both_organisations_reads_all(
    cast, ended, clients, client_for
):
    """docs/suivi.md:51-52 — « Chacun voit ses propres réponses ; la RH (des deux organisations) les lit
    toutes. »"""
    from passerelles.evaluations.services import questions_for, submit
    from tests.test_evaluations import answers_for

    texts = {
        "agent": "Réponse de l'agent",
        "host": "Réponse de l'accueil",
        "manager": "Réponse de l'encadrante",
    }
    by = {"agent": cast.users[Role.AGENT], "host": cast.users[Role.HOST], "manager": cast.users[Role.MANAGER]}
    for respondent, text in texts.items():
        qs = questions_for(ended, respondent)
        data = answers_for(qs)
        data.update({f"q{i}": text for i, q in enumerate(qs) if q["kind"] == "text"})
        submit(engagement=ended, respondent=respondent, by=by[respondent], data=data)
    url = f"/engagements/{ended.pk}/evaluation/"
    readers = {"agent": Role.AGENT, "host": Role.HOST, "manager": Role.MANAGER}
    for respondent, role in readers.items():
        seen = page(clients[role], url).replace("&#x27;", "'")
        for other, text in texts.items():
            assert (text in seen) is (other == respondent), (role, other)
    hr = page(clients[Role.HR], url).replace("&#x27;", "'")
    assert all(text in hr for text in texts.values())


def test_strengths_reach_the_passport_only_if_the_agent_accepted(cast, ended, clients):
    """docs/recits-et-passeport.md:27 — « seulement si l'agent l'a accepté en remplissant son évaluation, ses
    points forts » — and docs/suivi.md:52 (« L'agent peut accepter que les points forts figurent dans son
    passeport »)."""
    from passerelles.evaluations.services import questions_for
    from tests.test_evaluations import answers_for

    url = f"/engagements/{ended.pk}/evaluation/"
    data = {"respondent": "agent", **answers_for(questions_for(ended, "agent"), likert="5")}
    clients[Role.AGENT].post(url, data)
    passport = page(clients[Role.AGENT], "/passeport/")
    assert "Ateliers numériques" in passport and "5 / 5" not in passport and "5,0" not in passport
    from passerelles.evaluations.models import Evaluation

    Evaluation.objects.filter(engagement=ended, respondent="agent").update(share_in_passport=True)
    shared = page(clients[Role.AGENT], "/passeport/")
    assert shared != passport


# --- Stories -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "audience, line, partner_reads, anonymous_reads",
    [
        ("organisation", 13, False, False),
        ("network", 14, True, False),
        ("public", 15, True, True),
    ],
)
def test_a_story_is_read_by_the_audience_the_agent_chose(
    cast, ended, client_for, client, audience, line, partner_reads, anonymous_reads
):
    """docs/recits-et-passeport.md:13-15 — « dans mon organisation | les personnes de l'organisation de
    l'agent » ; « dans tout le réseau | aussi les organisations partenaires du réseau » ; « publiquement | tout
    le monde, même sans compte »."""
    from tests.test_stories import published

    story = published(cast, ended, audience)
    partner = make_agent(cast.partner, "Léa", "Partenaire")
    assert client_for(cast.users[Role.SIGNATORY]).get(f"/recits/{story.pk}/").status_code == 200, line
    assert (client_for(partner.user).get(f"/recits/{story.pk}/").status_code == 200) is partner_reads
    assert (client.get(f"/recits/{story.pk}/").status_code == 200) is anonymous_reads
    assert client_for(cast.outsider_agent.user).get(f"/recits/{story.pk}/").status_code == (
        200 if anonymous_reads else 404
    )


def test_a_story_stays_a_draft_until_the_agent_sends_it(cast, ended, client_for):
    """docs/recits-et-passeport.md:7-9 — « Le récit reste un brouillon tant que l'agent lui-même ne l'a pas
    envoyé, en choisissant qui pourra le lire et en cochant son consentement »."""
    from passerelles.stories.models import Story
    from passerelles.stories.services import save_draft

    story = save_draft(
        story=Story(agent=ended.agent, engagement=ended, title="Brouillon", text="Pas encore"),
        by=cast.users[Role.HR],
    )
    assert client_for(cast.users[Role.SIGNATORY]).get(f"/recits/{story.pk}/").status_code == 404
    assert client_for(cast.users[Role.HOST]).get(f"/recits/{story.pk}/").status_code == 404
    assert f'data-story="{story.pk}"' not in page(client_for(cast.users[Role.SIGNATORY]), "/recits/")


def test_a_withdrawn_story_disappears_for_everyone_hr_included(cast, ended, client_for, client):
    """docs/recits-et-passeport.md:20-21 — « Retirer son récit […] le fait disparaître à l'instant de la
    galerie et de toutes les pages, pour tout le monde (RH comprise) »."""
    from passerelles.stories.services import withdraw
    from tests.test_stories import published

    story = published(cast, ended, "public")
    withdraw(story=story, by=cast.users[Role.AGENT])
    for reader in (client, client_for(cast.users[Role.HR]), client_for(cast.users[Role.HOST])):
        assert reader.get(f"/recits/{story.pk}/").status_code == 404
        assert f'data-story="{story.pk}"' not in reader.get("/recits/").content.decode()
    assert "Trois mois" not in page(client_for(cast.users[Role.AGENT]), "/passeport/")


# --- « À faire » and the engagements list (issue 13) ----------------------------------------------------------


def test_the_manager_who_refused_keeps_reading_the_engagement_but_cannot_act(cast, client_for):
    """docs/missions.md:121-123 — « Un refus à l'étape des accords (ou après) arrête l'engagement, mais
    l'encadrant·e et le ou la signataire, sollicités à cette étape, continuent de le lire (sans pouvoir agir) :
    l'encadrant·e qui a refusé voit ce qu'il ou elle a refusé. »"""
    from passerelles.engagements.models import Agreement, Decision, Party
    from passerelles.engagements.services import engagement_decide

    lead = cast.agents[Role.HOST]
    mission = make_mission(
        cast.home, lead.unit, lead, status=MissionStatus.PUBLISHED, title="Club de lecture"
    )
    engagement = at_agreements(
        cast, make_engagement(cast.agents["agent"], mission, State.INTEREST), framework=False
    )
    manager = cast.users[Role.MANAGER]
    engagement_decide(
        engagement=engagement, by=manager, party=Party.MANAGER, decision="declined", reason="Période chargée"
    )
    engagement.refresh_from_db()
    assert engagement.state == State.DECLINED
    client = client_for(manager)
    page = client.get(f"/engagements/{engagement.pk}/").content.decode()
    assert 'data-state="declined"' in page and "Club de lecture" in page
    assert "Je donne mon accord" not in page and 'name="action"' not in page
    assert "Historique" not in page  # reasons and the timeline stay for the agent and the brokers
    before = list(Agreement.objects.filter(engagement=engagement).values_list("party", "decision"))
    response = client.post(
        f"/engagements/{engagement.pk}/accord/", {"party": "manager", "decision": "agreed"}, follow=True
    )
    assert "Les accords ne sont plus attendus" in response.content.decode()
    for action in ("withdraw", "decline"):
        client.post(f"/engagements/{engagement.pk}/action/", {"action": action, "comment": "x"})
    engagement.refresh_from_db()
    assert engagement.state == State.DECLINED
    assert list(Agreement.objects.filter(engagement=engagement).values_list("party", "decision")) == before
    assert (Party.MANAGER, Decision.DECLINED) in before
    # the signatory of the agent's organisation, asked at the same step, keeps reading it too
    assert client_for(cast.users[Role.SIGNATORY]).get(f"/engagements/{engagement.pk}/").status_code == 200


def test_a_written_besoin_daide_stays_between_its_author_and_hr(cast, active, client_for):
    """docs/suivi.md:14-15 — « L'agent et l'accueil voient chacun les trois réponses de l'autre, mais un besoin
    d'aide écrit reste entre son auteur·e et la RH : l'accueil ne lit jamais celui de l'agent, l'agent jamais
    celui de l'accueil. »"""
    from passerelles.followup.models import CheckIn
    from passerelles.followup.services import answer_checkin, schedule_checkins

    schedule_checkins(active)
    first = CheckIn.objects.filter(engagement=active).first()
    answer_checkin(
        checkin=first,
        party="agent",
        by=cast.users[Role.AGENT],
        mood="difficile",
        workload="lourde",
        relationship="ok",
        help_needed="Mon équipe d'origine m'appelle le mardi",
    )
    answer_checkin(
        checkin=first,
        party="host",
        by=cast.users[Role.HOST],
        mood="bien",
        workload="ok",
        relationship="ok",
        help_needed="Il faudrait un second binôme",
    )
    url = f"/engagements/{active.pk}/suivi/"

    def read(role):
        return client_for(cast.users[role]).get(url).content.decode().replace("&#x27;", "'")

    host, agent, hr = read(Role.HOST), read(Role.AGENT), read(Role.HR)
    assert "m'appelle le mardi" not in host and "second binôme" in host and "Lourde" in host.title()
    assert "m'appelle le mardi" in agent and "second binôme" not in agent
    assert "m'appelle le mardi" in hr and "second binôme" in hr
    assert "La difficulté est traitée" in hr and "La difficulté est traitée" not in host


# --- Dates and regularisations -------------------------------------------------------------------------------

REGULARISATION_REASON = "Renfort commencé pendant la crue"


def test_a_missions_regularisation_is_shown_to_all_and_its_reason_to_the_host_and_hr(cast, clients):
    """docs/missions.md:180-181 — « la page de la mission affiche « Régularisation : mission déjà commencée »,
    et la raison à l'accueil et à la RH »."""
    mission = make_workshop_mission(
        cast,
        start_date=datetime.date.today() - datetime.timedelta(days=5),
        regularisation=True,
        regularisation_reason=REGULARISATION_REASON,
    )
    url = f"/missions/{mission.pk}/"
    for role in (Role.HOST, Role.HR):
        assert REGULARISATION_REASON in page(clients[role], url), role
    seen = page(clients[Role.AGENT], url)
    assert "Régularisation : mission déjà commencée" in seen and REGULARISATION_REASON not in seen


def test_an_engagements_regularisation_and_its_reason_are_seen_by_every_party(cast, mission, clients):
    """docs/missions.md:214-215 — « « Régularisation : démarrage antérieur à l'accord » et sa raison, visibles
    par chacune des parties sur sa page »."""
    engagement = make_engagement(
        cast.agents["agent"],
        mission,
        State.AGREEMENTS,
        agreement_round=1,
        regularisation=True,
        regularisation_reason=REGULARISATION_REASON,
    )
    cast.home.requires_signatory = True
    cast.home.save()
    for role in (Role.AGENT, Role.MANAGER, Role.HOST, Role.HR, Role.SIGNATORY):
        seen = page(clients[role], f"/engagements/{engagement.pk}/")
        assert "Régularisation : démarrage antérieur à l'accord" in seen and REGULARISATION_REASON in seen, (
            role
        )
