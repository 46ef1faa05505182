"""What the demo's engagements lived through after the agreements: the pact accepted, the points d'étape
answered, the evaluations and the return conversation, the stories told — and who, in the demo, gave each
agreement. Kept apart from the missions and engagements themselves (``demo.missions``), which call it.
"""

import datetime

from django.utils import timezone

from passerelles.access.models import Role, RoleMembership
from passerelles.engagements.models import Party
from passerelles.engagements.services.parties import origin_hr_only, party_users, required_parties


def _party_user(engagement, party):
    """Who gave a demo agreement: the agent's manager, the mission's lead, or an HR coordinator."""
    if party == Party.MANAGER:
        return engagement.agent.manager.user if engagement.agent.manager else None
    if party == Party.HOST:
        return engagement.mission.project_lead.user
    if party == Party.SIGNATORY:
        signatories = RoleMembership.objects.users_with(Role.SIGNATORY, [engagement.agent.organisation_id])
        return signatories[0] if signatories else None
    if party in (Party.AGENT, Party.HOST_HR, Party.HOST_SIGNATORY) or (
        party == Party.HR and origin_hr_only(required_parties(engagement))
    ):  # the agent, the host employer's HR and authority; « RH » the origin's once both employers are parties
        speakers = sorted(party_users(engagement, party), key=lambda user: user.pk)
        return speakers[0] if speakers else None
    hr = RoleMembership.objects.users_with(
        Role.HR, [engagement.mission.organisation_id, engagement.agent.organisation_id]
    )
    return hr[0] if hr else None


def _demo_stories(ended) -> None:
    """Stories in every state: published for the network and publicly, one awaiting HR, one draft."""
    from passerelles.stories.models import Audience, Story, StoryStatus

    texts = [
        ("Mes semaines : « {} »", Audience.NETWORK, StoryStatus.PUBLISHED),
        ("Ce que m'a appris « {} »", Audience.PUBLIC, StoryStatus.PUBLISHED),
        ("« {} », un renfort qui a changé mon regard", Audience.ORGANISATION, StoryStatus.SUBMITTED),
    ]
    for engagement, (title, audience, status) in zip(ended, texts, strict=False):
        Story.objects.create(
            agent=engagement.agent, engagement=engagement, title=title.format(engagement.mission.title)[:160],
            audience=audience, status=status,
            text="Au début, je ne savais pas trop à quoi m'attendre. L'équipe m'a accueilli·e simplement, et j'ai "
            "découvert un autre métier, d'autres façons de faire. De retour dans mon service, je partage ce que "
            "j'ai appris et j'ai envie de recommencer.",
            consent_at=timezone.now(), published_at=timezone.now() if status == StoryStatus.PUBLISHED else None,
            written_by=engagement.agent.user,
        )  # fmt: skip


def _demo_story_to_review(agent) -> None:
    """A story the Département's HR has to read (« Récits à relire »)."""
    from passerelles.stories.models import Audience, Story, StoryStatus

    Story.objects.create(
        agent=agent, title="Pourquoi j'ai dit oui", audience=Audience.ORGANISATION, status=StoryStatus.SUBMITTED,
        text="Je n'avais jamais quitté mon service. Trois semaines plus tard, je raconte ce que j'ai découvert.",
        consent_at=timezone.now(), written_by=agent.user,
    )  # fmt: skip


def _demo_evaluations(ended) -> None:
    """One mission evaluated by all three, one by the agent alone (with the return conversation), one not yet."""
    from passerelles.evaluations.services import questions_for, required_respondents, save_return_note, submit

    answers = {"likert": "4", "yesno": "oui", "text": "Une belle découverte, à refaire avec plus de temps."}
    for engagement, respondents in zip(ended, (["agent", "host", "manager"], ["agent"]), strict=False):
        engagement.refresh_from_db()
        users = {
            "agent": engagement.agent.user,
            "host": engagement.mission.project_lead.user,
            "manager": engagement.agent.manager.user if engagement.agent.manager else None,
        }
        for respondent in respondents:
            if respondent in required_respondents(engagement) and users[respondent]:
                data = {
                    f"q{i}": answers[q["kind"]] for i, q in enumerate(questions_for(engagement, respondent))
                }
                submit(engagement=engagement, respondent=respondent, by=users[respondent], data=data,
                       share_in_passport=True)  # fmt: skip
        if users["manager"] and respondents == ["agent"]:
            save_return_note(
                engagement=engagement, by=users["manager"], held_on=engagement.end_date + datetime.timedelta(days=3),
                notes="Devient la personne ressource du service sur le sujet ; une demi-journée par mois pour "
                "partager ce qui a été appris.",
            )  # fmt: skip


def _demo_followup(engagement) -> None:
    """Three weeks in: the first point d'étape answered (the agent finds the load heavy), a few days logged."""
    from passerelles.followup.models import CheckIn, CheckInAnswer, TimeEntry
    from passerelles.followup.services import schedule_checkins

    schedule_checkins(engagement)
    first = CheckIn.objects.filter(engagement=engagement).order_by("due_on").first()
    if first and first.due_on <= timezone.localdate():
        CheckInAnswer.objects.create(
            checkin=first, party="agent", mood="bien", workload="lourde", relationship="ok",
            answered_by=engagement.agent.user,
        )  # fmt: skip
        CheckInAnswer.objects.create(
            checkin=first, party="host", mood="tres_bien", workload="ok", relationship="ok",
            answered_by=engagement.mission.project_lead.user,
        )  # fmt: skip
    for weeks_ago in (3, 2, 1):
        day = timezone.localdate() - datetime.timedelta(weeks=weeks_ago) + datetime.timedelta(days=1)
        day -= datetime.timedelta(days=max(0, day.weekday() - 4))  # a working day
        if engagement.start_date <= day:
            TimeEntry.objects.get_or_create(
                engagement=engagement, day=day, defaults={"half_days": 1, "by": engagement.agent.user}
            )


def _demo_pact(engagement, hr) -> None:
    """The pact as HR wrote it with the three of them, accepted by each."""
    from passerelles.documents.acceptances import accept
    from passerelles.documents.services import accepting_parties, generate

    engagement.refresh_from_db()
    pact = generate(
        engagement=engagement,
        kind="pacte",
        by=hr,
        details={
            "intention": f"Apporter un renfort à « {engagement.mission.title} » et découvrir un autre métier.",
            "attentes_agent": "Mettre mes savoir-faire au service d'un projet utile et apprendre.",
            "attentes_accueil": "Un coup de main sur la durée prévue, un accueil et un point chaque semaine.",
            "organisation_equipe": "Les jours de mission sont connus d'avance ; l'équipe se répartit les tâches urgentes.",
            "conditions_retour": "Un entretien de retour avec l'encadrant·e la semaine de la fin.",
        },
    )
    users = {
        "agent": engagement.agent.user,
        Party.MANAGER: _party_user(engagement, Party.MANAGER),
        Party.HOST: _party_user(engagement, Party.HOST),
        Party.HR: hr,
    }
    for party in accepting_parties(pact):
        if users.get(party) is not None:
            accept(document=pact, party=party, by=users[party])
    _demo_acts(engagement, hr)


def _demo_acts(engagement, hr) -> None:
    """The other acts required before `ready` (the MATP's fiche de mission signed by the DGS, a convention and
    its arrêté…), written by HR and accepted by each of their parties, as the engagement went through them."""
    from passerelles.documents.acceptances import accept
    from passerelles.documents.services import accepting_parties, generate, required_kinds
    from passerelles.engagements.services import parties_of

    for kind in required_kinds(engagement):
        if kind == "pacte":
            continue
        document = generate(engagement=engagement, kind=kind, by=hr)
        for party in accepting_parties(document):
            # « RH » is the origin's alone once both employers are parties: the HR who wrote may not be it
            speaks = party == Party.HR and party in parties_of(hr, engagement)
            user = engagement.agent.user if party == "agent" else hr if speaks else None
            user = user or _party_user(engagement, party)
            if user is not None:
                accept(document=document, party=party, by=user)
