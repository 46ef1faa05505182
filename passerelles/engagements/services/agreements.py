"""The agreement round: one party's answer, what still stands between the engagement and `ready`, and the
move to `ready` once nothing does (caps and places checked, the last place closing the mission).
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelles.engagements import stages
from passerelles.engagements.capacity import check_capacity
from passerelles.engagements.lifecycle import AGREE_KINDS, State, TransitionRefused
from passerelles.engagements.models import Agreement, Decision, Engagement, Party
from passerelles.engagements.services.dates import past_start_message, start_has_passed
from passerelles.engagements.services.parties import _hosts, parties_of, party_users, required_parties
from passerelles.engagements.services.steps import _summary, _url, lock, move, note
from passerelles.missions.services import close_if_filled
from passerelles.notifications.models import NotificationKind
from passerelles.notifications.services import in_language_of, notify


@transaction.atomic
def engagement_decide(
    *,
    engagement: Engagement,
    by,
    party: str,
    decision: str,
    reason: str = "",
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
) -> Engagement:
    """One party's answer at the agreements step. A manager may agree on other dates (the others are asked
    again). When every party agrees, the engagement is ready — if the caps and places allow it."""
    engagement = lock(engagement)
    extension = engagement.state == State.ACTIVE and engagement.extension_end_date is not None
    if engagement.state != State.AGREEMENTS and not extension:
        raise TransitionRefused(_("Les accords ne sont plus attendus pour cet engagement."))
    if party not in parties_of(by, engagement):
        raise TransitionRefused(_("Cet accord ne vous revient pas."))
    agreement = Agreement.objects.filter(
        engagement=engagement, round=engagement.agreement_round, party=party
    ).first()
    if agreement is None:
        raise TransitionRefused(_("Cet accord n'est pas demandé pour cet engagement."))
    if agreement.decision != Decision.PENDING:
        raise TransitionRefused(_("Vous avez déjà répondu."))
    reason = reason.strip()[:2000]
    kinds = {"manager"} if party == Party.MANAGER else {"broker"}
    if decision == Decision.DECLINED:
        if not reason:
            raise TransitionRefused(_("Indiquez la raison du refus."))
        agreement.decision, agreement.reason = Decision.DECLINED, reason
        agreement.decided_by, agreement.decided_at = by, timezone.now()
        agreement.save()
        if extension:  # the mission goes on until its current end date
            note(engagement, "extension_declined", by=by, comment=reason)
            engagement.extension_end_date = None
            Agreement.objects.filter(
                engagement=engagement, round=engagement.agreement_round, decision=Decision.PENDING
            ).update(decision=Decision.CANCELLED)
            engagement.save()
            return engagement
        move(engagement, action="decline", by=by, kinds=kinds, comment=reason)
        engagement.save()
        with in_language_of(engagement.agent.user):
            notify(
                user=engagement.agent.user,
                subject=_("« %(title)s » : un accord n'a pas été donné")
                % {"title": engagement.mission.title},
                message=_(
                    "La mission ne pourra pas se faire à ces conditions : %(reason)s\nLa RH peut en parler avec vous."
                )
                % {"reason": reason},
                url=_url(engagement),
                kind=NotificationKind.ENGAGEMENT,
            )
        return engagement
    if decision != Decision.AGREED:
        raise TransitionRefused(_("Décision inconnue."))
    if party == Party.MANAGER and (start_date or end_date) and not extension:
        start, end = start_date or engagement.start_date, end_date or engagement.end_date
        if end < start:
            raise TransitionRefused(_("La date de fin doit suivre la date de début."))
        if start < engagement.mission.start_date or end > engagement.mission.end_date:
            raise TransitionRefused(_("Les dates proposées doivent rester dans celles de la mission."))
        if start != engagement.start_date and start < timezone.localdate() and not engagement.regularisation:
            raise TransitionRefused(
                _(
                    "La date de début proposée est passée : proposez une date à partir d'aujourd'hui (%(today)s)."
                )
                % {"today": f"{timezone.localdate():%d/%m/%Y}"}
            )
        if (start, end) != (engagement.start_date, engagement.end_date):
            engagement.start_date, engagement.end_date = start, end
            note(engagement, "propose_dates", by=by, comment=f"{start:%d/%m/%Y} → {end:%d/%m/%Y}")
            Agreement.objects.filter(engagement=engagement, round=engagement.agreement_round).exclude(
                party=Party.MANAGER
            ).update(decision=Decision.PENDING, decided_by=None, decided_at=None)
            for user in _hosts(engagement.mission):
                with in_language_of(user):
                    notify(
                        user=user,
                        subject=_("Nouvelles dates proposées : « %(title)s »")
                        % {"title": engagement.mission.title},
                        message=_(
                            "L'encadrant·e propose du %(start)s au %(end)s. Votre accord est demandé à nouveau."
                        )
                        % {"start": f"{start:%d/%m/%Y}", "end": f"{end:%d/%m/%Y}"},
                        url=_url(engagement),
                        action_needed=True,
                        kind=NotificationKind.AGREEMENT,
                    )
    if not extension and start_has_passed(engagement):
        raise TransitionRefused(past_start_message(engagement))
    agreement.decision, agreement.reason = Decision.AGREED, reason
    agreement.decided_by, agreement.decided_at = by, timezone.now()
    agreement.save()
    note(engagement, AGREE_KINDS[party], by=by, comment=reason)
    pending = Agreement.objects.filter(engagement=engagement, round=engagement.agreement_round).exclude(
        decision=Decision.AGREED
    )
    if not pending.exists() and extension:
        previous_end = engagement.end_date
        engagement.end_date, engagement.extension_end_date = engagement.extension_end_date, None
        check_capacity(engagement)
        note(
            engagement, "extended", by=by, comment=f"{previous_end:%d/%m/%Y} → {engagement.end_date:%d/%m/%Y}"
        )
        for step in stages.ON_EXTENDED:  # the documents stage writes the avenant
            step(engagement, previous_end, by)
        with in_language_of(engagement.agent.user):
            notify(
                user=engagement.agent.user,
                subject=_("« %(title)s » est prolongée jusqu'au %(end)s")
                % {"title": engagement.mission.title, "end": f"{engagement.end_date:%d/%m/%Y}"},
                message=_summary(engagement),
                url=_url(engagement),
                kind=NotificationKind.ENGAGEMENT,
            )
    elif not pending.exists():
        try_ready(engagement, by=by)
    engagement.save()
    return engagement


def ask_required_parties(engagement: Engagement, *, by) -> list[str]:
    """The current round asks exactly the parties required now (after HR confirmed or changed the framework):
    the missing ones are asked and told, pending ones no longer required are dropped, and an agreement given
    by someone who no longer speaks for that party (the host's HR for « RH » once both employers are parties)
    is asked again of the right people. An agreement given by its own party is never dropped."""
    required = required_parties(engagement)
    current = Agreement.objects.filter(engagement=engagement, round=engagement.agreement_round)
    current.filter(decision=Decision.PENDING).exclude(party__in=required).delete()
    asked = set()
    for agreement in current.filter(decision=Decision.AGREED, decided_by__isnull=False).select_related(
        "decided_by"
    ):
        if agreement.party not in parties_of(agreement.decided_by, engagement, required):
            agreement.decision, agreement.decided_by, agreement.decided_at = Decision.PENDING, None, None
            agreement.save()
            asked.add(agreement.party)
    present = set(current.values_list("party", flat=True))
    for party in required:
        if party not in present:
            Agreement.objects.create(engagement=engagement, round=engagement.agreement_round, party=party)
            asked.add(party)
    for party in asked:
        for user in party_users(engagement, party, required) - {by}:
            with in_language_of(user):
                notify(
                    user=user,
                    subject=_("Votre accord est demandé : « %(title)s »")
                    % {"title": engagement.mission.title},
                    message=_("Les accords sont demandés pour %(name)s.\n\n%(summary)s")
                    % {"name": engagement.agent.full_name, "summary": _summary(engagement)},
                    url=_url(engagement),
                    action_needed=True,
                    kind=NotificationKind.AGREEMENT,
                )
    return required


def missing_for_ready(engagement: Engagement) -> list[str]:
    """What still stands between an engagement at the agreement step and `ready`, in words."""
    missing = []
    if start_has_passed(engagement):
        missing.append(_("des dates à venir (la date de début est passée) ou une régularisation par la RH"))
    if Agreement.objects.filter(engagement=engagement, round=engagement.agreement_round).exclude(
        decision=Decision.AGREED
    ):
        missing.append(_("tous les accords"))
    for condition in stages.READINESS:  # the framework chosen, then the documents accepted
        missing += condition(engagement)
    return missing


def try_ready(engagement: Engagement, *, by) -> bool:
    """`ready` once every party agreed and HR confirmed the framework — and if the caps and places allow it.
    Called by the locked use cases that complete one of those (the caller saves the engagement)."""
    if engagement.state != State.AGREEMENTS or engagement.extension_end_date or missing_for_ready(engagement):
        return False
    check_capacity(engagement)
    move(engagement, action="all_agreed", by=by, kinds={"broker"})
    for step in stages.ON_READY:  # the follow-up schedules the pact's points d'étape
        step(engagement)
    for user in {engagement.agent.user, *_hosts(engagement.mission)}:
        with in_language_of(user):
            notify(
                user=user,
                subject=_("C'est prêt : « %(title)s » commence le %(start)s")
                % {"title": engagement.mission.title, "start": f"{engagement.start_date:%d/%m/%Y}"},
                message=_summary(engagement),
                url=_url(engagement),
                kind=NotificationKind.ENGAGEMENT,
            )
    # The last place taken closes the mission, and whoever still waits is told at once (issue 13).
    engagement.save()  # counted among the places taken
    close_if_filled(engagement.mission)
    return True
