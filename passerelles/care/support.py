"""Support around an exceptional mission (issue 22, 2): the seeds ask, for such a mission, « un parrain ou une
marraine et un·e psychologue du travail … protocole co-construit d'appui ».

- The HR of the agent's organisation sets the support on an engagement, from the rencontre to the end: a sponsor
  (an agent of the same organisation, found by name — never from a list of staff), the psychologue du travail's
  name and telephone (a numéro vert, often), an optional e-mail, and the protocol. The pact states all of it
  (the ``soutien`` placeholder), so every party knows whom to call. The sponsor is a party of the pact that
  names them (``named_sponsor``): they read and accept it on the support page — they never read the engagement
  itself — and the engagement is ready only once they have. A sponsor set or changed after the pact was
  written leaves it to be written again (documents' ``missing_acceptances`` says so).
- A difficulty said at a point d'étape is the agent's. It reaches the sponsor and the psychologue only with
  the agent's yes: the agent passes it on themself, or HR proposes and the agent agrees or declines. Declined,
  HR cannot propose it again (asking twice is pressing); the agent may still pass it on later.

Each use case checks who acts, runs in one transaction, and refuses in French with nothing written.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from passerelles.access.actor import get_actor
from passerelles.care import policies
from passerelles.care.models import Escalation, MissionSupport
from passerelles.care.rules import SUPPORT_STATES, EscalationState
from passerelles.care.services import Refused, tell
from passerelles.documents import acceptances
from passerelles.documents.models import EngagementDocument
from passerelles.engagements.lifecycle import State, TransitionRefused
from passerelles.outbox.services import queue_email

PACT_STATES = (State.AGREEMENTS, State.READY, State.ACTIVE)


def support_url(engagement) -> str:
    return reverse("care:support", kwargs={"engagement_id": engagement.pk})


def _tell(user, engagement, *, subject, message, action_needed=False) -> None:
    tell(user, subject=subject, message=message, url=support_url(engagement), action_needed=action_needed)


def set_support(
    *, by, engagement, sponsor, psychologist, psychologist_phone, psychologist_email="", protocol
) -> MissionSupport:
    if not policies.is_agents_hr(by, engagement):
        raise Refused(_("Seule la RH de l'organisation de l'agent organise le soutien de la mission."))
    if engagement.state not in SUPPORT_STATES:
        raise Refused(_("Le soutien s'organise de la rencontre à la fin de la mission, pas à cette étape."))
    if sponsor.pk == engagement.agent_id:
        raise Refused(_("Le parrain ou la marraine est une autre personne que l'agent."))
    if sponsor.organisation_id != engagement.agent.organisation_id or not sponsor.is_active:
        raise Refused(_("Le parrain ou la marraine est un agent actif de l'organisation de l'agent."))
    if sponsor.user_id is None:  # a party of the pact, who accepts it in Passerelles
        raise Refused(
            _(
                "Le parrain ou la marraine accepte le pacte dans Passerelles : choisissez un agent qui a un compte."
            )
        )
    with transaction.atomic():
        support = MissionSupport.objects.select_for_update().filter(engagement=engagement).first()
        new_sponsor = support is None or support.sponsor_id != sponsor.pk
        support = support or MissionSupport(engagement=engagement)
        support.sponsor = sponsor
        support.psychologist = psychologist.strip()
        support.psychologist_phone = psychologist_phone.strip()
        support.psychologist_email = (psychologist_email or "").strip()
        support.protocol = protocol.strip()
        support.set_by = by
        support.save()
    if new_sponsor:
        _tell(
            sponsor.user,
            engagement,
            subject=gettext_lazy("Vous êtes parrain ou marraine d'une mission"),
            message=gettext_lazy(
                "La RH vous propose d'accompagner un·e collègue pendant sa mission : vous êtes partie de son "
                "pacte, que vous lirez et accepterez sur la page du soutien, avec le protocole d'appui."
            ),
        )
    _tell(
        engagement.agent.user,
        engagement,
        subject=gettext_lazy("Le soutien de votre mission"),
        message=gettext_lazy(
            "Un parrain ou une marraine et le contact d'un·e psychologue du travail sont prévus pour votre "
            "mission ; votre pacte les nomme."
        ),
    )
    return support


def _support_for_answer(answer) -> MissionSupport:
    support = MissionSupport.objects.filter(engagement_id=answer.checkin.engagement_id).first()
    if support is None:
        raise Refused(_("Cette mission n'a pas de soutien : la RH l'organise d'abord."))
    if answer.party != "agent" or not answer.alarming:
        raise Refused(_("Seule une difficulté dite par l'agent à un point d'étape peut être transmise."))
    return support


def escalate(*, by, answer) -> Escalation:
    """The agent passes their difficulty on (agreed at once); HR proposes it to the agent (to be agreed)."""
    engagement = answer.checkin.engagement
    by_agent = policies.is_engagement_agent(by, engagement)
    if not by_agent and not policies.is_agents_hr(by, engagement):
        raise Refused(_("Seuls l'agent et sa RH peuvent transmettre une difficulté."))
    with transaction.atomic():
        support = _support_for_answer(answer)
        escalation = Escalation.objects.select_for_update().filter(answer=answer).first()
        if escalation is not None and escalation.state == EscalationState.AGREED:
            raise Refused(_("Cette difficulté a déjà été transmise."))
        if escalation is not None and not by_agent:
            raise Refused(
                _("Cette transmission a déjà été proposée à l'agent : c'est à lui ou elle de répondre.")
                if escalation.state == EscalationState.PROPOSED
                else _("L'agent a refusé cette transmission : elle ne lui est pas proposée à nouveau.")
            )
        escalation = escalation or Escalation(support=support, answer=answer, proposed_by=by)
        escalation.state = EscalationState.AGREED if by_agent else EscalationState.PROPOSED
        escalation.decided_at = timezone.now() if by_agent else None
        escalation.save()
        if by_agent:
            transaction.on_commit(lambda: _pass_on(escalation))
    if not by_agent:
        _tell(
            engagement.agent.user,
            engagement,
            subject=gettext_lazy("Transmettre votre difficulté ? À vous de dire"),
            message=gettext_lazy(
                "Votre RH propose de transmettre la difficulté de votre point d'étape à votre parrain ou "
                "marraine et à la ou au psychologue du travail. Rien ne leur est envoyé sans votre accord."
            ),
            action_needed=True,
        )
    return escalation


def answer_escalation(*, by, escalation, agree: bool) -> Escalation:
    """The agent's yes or no to HR's proposal."""
    engagement = escalation.support.engagement
    if not policies.is_engagement_agent(by, engagement):
        raise Refused(_("Seul·e l'agent décide de transmettre sa difficulté."))
    with transaction.atomic():
        escalation = Escalation.objects.select_for_update().get(pk=escalation.pk)
        if escalation.state != EscalationState.PROPOSED:
            raise Refused(_("Vous avez déjà répondu à cette proposition."))
        escalation.state = EscalationState.AGREED if agree else EscalationState.DECLINED
        escalation.decided_at = timezone.now()
        escalation.save(update_fields=["state", "decided_at"])
        if agree:
            transaction.on_commit(lambda: _pass_on(escalation))
    return escalation


def _pass_on(escalation: Escalation) -> None:
    """The difficulty, with the agent's words, to the sponsor (in the app and by e-mail as they chose) and to
    the psychologue's e-mail when HR gave one — through the outbox, with its retries."""
    support = escalation.support
    engagement, answer = support.engagement, escalation.answer
    agent = engagement.agent
    words = answer.help_needed.strip() or _(
        "(pas de texte : une charge ou une relation de travail difficile)"
    )
    _tell(
        support.sponsor.user,
        engagement,
        subject=gettext_lazy("Une difficulté à accompagner"),
        message=_("%(agent)s a accepté de vous transmettre sa difficulté : « %(words)s »")
        % {"agent": agent.full_name, "words": words},
        action_needed=True,
    )
    if support.psychologist_email:
        queue_email(
            to=[support.psychologist_email],
            subject=_("Passerelles : une difficulté transmise avec l'accord de l'agent"),
            body=_(
                "Bonjour %(psychologist)s,\n\n%(agent)s (%(organisation)s), en mission « %(mission)s », a "
                "accepté que sa difficulté vous soit transmise :\n\n« %(words)s »\n\nSon parrain ou sa marraine : "
                "%(sponsor)s. Contact de l'agent : %(contact)s.\n"
            )
            % {
                "psychologist": support.psychologist,
                "agent": agent.full_name,
                "organisation": agent.organisation.name,
                "mission": engagement.mission.title,
                "words": words,
                "sponsor": support.sponsor.full_name,
                "contact": agent.email or (agent.user.email if agent.user_id else "") or "—",
            },
            organisation=agent.organisation,
        )


def support_details(engagement) -> dict:
    """What the pact says under « Le soutien » (documents' ``soutien`` placeholder)."""
    support = (
        MissionSupport.objects.filter(engagement=engagement)
        .select_related("sponsor", "sponsor__unit")
        .first()
    )
    if support is None:
        return {
            "soutien": "L'encadrant·e et la RH de l'agent restent ses interlocuteurs pendant la mission et "
            "pour toute difficulté."
        }
    sponsor = support.sponsor
    where = f" ({sponsor.unit.name})" if sponsor.unit_id else ""
    email = f", {support.psychologist_email}" if support.psychologist_email else ""
    return {
        "soutien": (
            f"Parrain ou marraine : {sponsor.full_name}{where}, qui accompagne l'agent pendant la mission. "
            f"Psychologue du travail : {support.psychologist}, {support.psychologist_phone}{email}. Protocole d'appui : {support.protocol} "
            "Une difficulté dite à un point d'étape ne leur est transmise qu'avec l'accord de l'agent."
        ),
        "parrain": sponsor.full_name,
    }


def named_sponsor(engagement, kind: str) -> dict:
    """The sponsor, a party of the pact (documents' ``sources.named_parties``)."""
    if kind != "pacte":
        return {}
    sponsor_id = (
        MissionSupport.objects.filter(engagement=engagement).values_list("sponsor_id", flat=True).first()
    )
    return {"sponsor": sponsor_id} if sponsor_id else {}


def current_pact(engagement) -> EngagementDocument | None:
    return (
        EngagementDocument.objects.filter(engagement=engagement, kind="pacte", superseded_at__isnull=True)
        .prefetch_related("acceptances")
        .first()
    )


def pact_state(support) -> dict:
    """The pact as the support page shows it: the current version, whether it names this sponsor, and their
    acceptance (None while waiting)."""
    pact = current_pact(support.engagement)
    names = pact is not None and (pact.named or {}).get("sponsor") == support.sponsor_id
    accepted = next((a for a in pact.acceptances.all() if a.party == "sponsor"), None) if names else None
    return {"pact": pact, "names_sponsor": names, "acceptance": accepted}


def saved_message(support) -> str:
    """What HR reads once the support is saved: what the pact now needs, as it stands."""
    pact = pact_state(support)
    if pact["pact"] is None:
        return _(
            "Soutien enregistré : le pacte, une fois établi, le dira et nommera le parrain ou la marraine."
        )
    if not pact["names_sponsor"]:
        return _(
            "Soutien enregistré. Le parrain ou la marraine est partie du pacte : établissez-en une nouvelle "
            "version qui le ou la nomme, depuis la page des documents."
        )
    return _("Soutien enregistré : le pacte le dira à sa prochaine version.")


def accept_pact(*, by, support) -> None:
    """The sponsor accepts the current pact that names them (documents' acceptance: its checks, its record)."""
    pact = current_pact(support.engagement)
    if pact is None or (pact.named or {}).get("sponsor") != support.sponsor_id:
        raise Refused(
            _("Le pacte en vigueur ne vous nomme pas encore : la RH en établit une nouvelle version.")
        )
    try:
        acceptances.accept(document=pact, party="sponsor", by=by)
    except TransitionRefused as refusal:
        raise Refused(str(refusal)) from refusal


def page_link(user, engagement) -> bool:
    """Whether the engagement page links to the support page: the readers of a support, and the HR of the
    agent's organisation while one can be set."""
    if policies.is_agents_hr(user, engagement):
        return (
            engagement.state in SUPPORT_STATES
            or MissionSupport.objects.filter(engagement=engagement).exists()
        )
    return MissionSupport.objects.for_actor(user).filter(engagement=engagement).exists()


def sponsor_todo_group(user) -> tuple[str, str, list[tuple[str, str]]]:
    """« À faire » for a sponsor: the current pacts that name them, not yet accepted (they read and accept them
    on the support page: documents' list is of the engagements one reads)."""
    agent = get_actor(user).agent
    pacts = (
        EngagementDocument.objects.filter(
            kind="pacte",
            superseded_at__isnull=True,
            named__sponsor=agent.pk,
            engagement__support__sponsor=agent,
            engagement__state__in=PACT_STATES,  # after the end, a version no longer asks anyone
        )
        .exclude(acceptances__party="sponsor")
        .select_related("engagement__mission")
        .order_by("created_at")[:20]
        if agent is not None
        else []
    )
    return (
        "sponsor_pacts",
        _("Pactes à accepter comme parrain ou marraine"),
        [(p.engagement.mission.title, support_url(p.engagement)) for p in pacts],
    )


def todo_group(user) -> tuple[str, str, list[tuple[str, str]]]:
    """« À faire » for the agent: the difficulties HR proposes to pass on, waiting for their yes or no."""
    agent = get_actor(user).agent
    waiting = (
        Escalation.objects.filter(state=EscalationState.PROPOSED, support__engagement__agent=agent)
        .select_related("support__engagement__mission")
        .order_by("proposed_at")[:20]
        if agent is not None
        else []
    )
    return (
        "support_answers",
        _("Transmettre une difficulté : à vous de dire"),
        [(e.support.engagement.mission.title, support_url(e.support.engagement)) for e in waiting],
    )
