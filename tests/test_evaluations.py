"""The return and the three-sided evaluation: questions an organisation edits, each of the three answers once,
`evaluated` when all are in or after the deadline, reminders at most twice."""

import datetime

import pytest

from passerelles.access.models import Role
from passerelles.engagements.lifecycle import State, TransitionRefused
from passerelles.evaluations import questions
from passerelles.evaluations.models import Evaluation, QuestionSet, ReturnNote
from passerelles.evaluations.services import (
    EVALUATION_DAYS,
    close_overdue,
    questions_for,
    save_return_note,
    send_evaluation_reminders,
    submit,
)
from passerelles.missions.models import MissionStatus
from tests.cast import make_engagement, make_mission


def test_question_sets_are_plain_text_with_three_kinds():
    parsed = questions.parse("La mission avait du sens.\n\n[oui/non] Je le referais.\n[texte] À améliorer ?")
    assert [q.kind for q in parsed] == ["likert", "yesno", "text"] and parsed[1].text == "Je le referais."
    for respondent in questions.DEFAULTS:
        assert len(questions.parse(questions.DEFAULTS[respondent])) >= 5
    with pytest.raises(questions.QuestionError, match="Ligne 2 : la question est vide"):
        questions.parse("Une vraie question ?\n[texte]")
    with pytest.raises(questions.QuestionError, match="Vingt questions au plus"):
        questions.parse("\n".join(f"Question numéro {i} ?" for i in range(21)))
    with pytest.raises(questions.QuestionError, match="au moins une question"):
        questions.parse("  \n ")


def answers_for(qs, likert="4"):
    return {
        f"q{i}": {"likert": likert, "yesno": "oui", "text": "Très utile"}[q["kind"]] for i, q in enumerate(qs)
    }


@pytest.fixture
def ended(cast):
    lead = cast.agents[Role.HOST]
    mission = make_mission(
        cast.home, lead.unit, lead, status=MissionStatus.PUBLISHED, title="Ateliers numériques"
    )
    engagement = make_engagement(cast.agents["agent"], mission, State.ENDED, agreement_round=1)
    engagement.end_date = datetime.date.today() - datetime.timedelta(days=1)
    engagement.start_date = engagement.end_date - datetime.timedelta(days=60)
    engagement.save()
    return engagement


@pytest.mark.django_db
def test_the_three_answer_and_the_engagement_is_evaluated(cast, ended):
    users = {
        "agent": cast.users[Role.AGENT],
        "host": cast.users[Role.HOST],
        "manager": cast.users[Role.MANAGER],
    }
    for respondent in ("agent", "host"):
        submit(
            engagement=ended,
            respondent=respondent,
            by=users[respondent],
            data=answers_for(questions_for(ended, respondent)),
        )
        ended.refresh_from_db()
        assert ended.state == State.ENDED
    submit(
        engagement=ended,
        respondent="manager",
        by=users["manager"],
        data=answers_for(questions_for(ended, "manager")),
    )
    ended.refresh_from_db()
    assert ended.state == State.EVALUATED


@pytest.mark.django_db
def test_bad_or_foreign_answers_change_nothing(cast, ended):
    qs = questions_for(ended, "agent")
    incomplete = answers_for(qs)
    incomplete["q0"] = "6"
    with pytest.raises(TransitionRefused, match="de 1 à 5"):
        submit(engagement=ended, respondent="agent", by=cast.users[Role.AGENT], data=incomplete)
    with pytest.raises(TransitionRefused, match="ne vous est pas demandée"):
        submit(engagement=ended, respondent="agent", by=cast.users[Role.HOST], data=answers_for(qs))
    assert not Evaluation.objects.filter(engagement=ended).exists()
    submit(engagement=ended, respondent="agent", by=cast.users[Role.AGENT], data=answers_for(qs))
    with pytest.raises(TransitionRefused, match="déjà remplie"):
        submit(engagement=ended, respondent="agent", by=cast.users[Role.AGENT], data=answers_for(qs))


@pytest.mark.django_db
def test_an_organisations_questions_apply_to_the_next_evaluations_only(cast, ended):
    submit(
        engagement=ended,
        respondent="agent",
        by=cast.users[Role.AGENT],
        data=answers_for(questions_for(ended, "agent")),
    )
    QuestionSet.objects.create(
        organisation=cast.home, respondent="agent", text="[texte] Une seule question, libre."
    )
    assert questions_for(ended, "agent") == [{"kind": "text", "text": "Une seule question, libre."}]
    kept = Evaluation.objects.get(engagement=ended, respondent="agent")
    assert len(kept.questions) > 1 and kept.questions[0]["text"] == "La mission avait du sens pour moi."


@pytest.mark.django_db
def test_the_deadline_closes_the_evaluation_and_reminders_stop_after_two(cast, ended):
    today = datetime.date.today()
    assert send_evaluation_reminders(today=today) == 3  # agent, host, manager
    assert send_evaluation_reminders(today=today) == 0  # the same day: nothing more
    assert send_evaluation_reminders(today=today + datetime.timedelta(days=3)) == 0  # not before a week
    assert send_evaluation_reminders(today=today + datetime.timedelta(days=7)) == 3
    assert send_evaluation_reminders(today=today + datetime.timedelta(days=14)) == 0  # never more than twice
    assert close_overdue(today=today) == 0
    later = ended.end_date + datetime.timedelta(days=EVALUATION_DAYS + 1)
    assert close_overdue(today=later) == 1 and close_overdue(today=later) == 0
    ended.refresh_from_db()
    assert ended.state == State.EVALUATED


@pytest.mark.django_db
def test_the_return_conversation_is_the_home_managers(cast, ended):
    day = datetime.date.today()
    with pytest.raises(TransitionRefused, match="encadrant·e d'origine"):
        save_return_note(engagement=ended, by=cast.users[Role.HOST], held_on=day, notes="x")
    with pytest.raises(TransitionRefused, match="quelques mots"):
        save_return_note(engagement=ended, by=cast.users[Role.MANAGER], held_on=day, notes="  ")
    save_return_note(
        engagement=ended, by=cast.users[Role.MANAGER], held_on=day, notes="Référent numérique du service"
    )
    assert ReturnNote.objects.get(engagement=ended).notes == "Référent numérique du service"


@pytest.mark.django_db
def test_evaluation_pages_each_sees_their_own_and_hr_all(cast, client_for, ended):
    agent = client_for(cast.users[Role.AGENT])
    url = f"/engagements/{ended.pk}/evaluation/"
    page = agent.get(url).content.decode()
    assert "La mission avait du sens pour moi." in page and "Pas du tout d&#x27;accord" in page
    data = {"respondent": "agent", "partage": "1", **answers_for(questions_for(ended, "agent"), likert="5")}
    assert agent.post(url, data).status_code == 302
    assert Evaluation.objects.get(engagement=ended, respondent="agent").share_in_passport
    host = client_for(cast.users[Role.HOST])
    host_page = host.get(url).content.decode()
    assert 'data-evaluation="agent"' not in host_page  # the host does not read the agent's answers
    bad = host.post(url, {"respondent": "host"}).content.decode()
    assert "Répondez à la question" in bad
    hr_page = client_for(cast.users[Role.HR]).get(url).content.decode()
    assert 'data-evaluation="agent"' in hr_page and "5 / 5" in hr_page
    assert client_for(cast.users[Role.SIGNATORY]).get(url).status_code == 403  # sees the engagement, not this


@pytest.mark.django_db
def test_hr_edits_the_questionnaires_and_a_bad_one_changes_nothing(cast, client_for):
    hr = client_for(cast.users[Role.HR])
    url = "/organisations/ville-alpha/evaluation/"
    assert "La mission avait du sens pour moi." in hr.get(url).content.decode()
    texts = {r: questions.DEFAULTS[r] for r in questions.DEFAULTS}
    bad = hr.post(url, {**texts, "host": "Oui\n"}).content.decode()
    assert (
        "Ligne 1 : la question est vide ou trop courte." in bad
        and not QuestionSet.objects.filter(organisation=cast.home).exists()
    )
    assert hr.post(url, {**texts, "host": "[texte] Qu'a apporté la mission ?"}).status_code == 302
    assert (
        QuestionSet.objects.get(organisation=cast.home, respondent="host").text
        == "[texte] Qu'a apporté la mission ?"
    )
    assert client_for(cast.users[Role.AGENT]).get(url).status_code == 403
