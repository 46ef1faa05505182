"""HR sets an engagement's dates before it is ready, and regularises a start already made; nobody agrees
to dates already gone (``start_has_passed``, read by the agreements).
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelles.access import policies
from passerelles.engagements.lifecycle import State, TransitionRefused
from passerelles.engagements.models import Agreement, Decision, Engagement
from passerelles.engagements.services.parties import party_users
from passerelles.engagements.services.steps import _summary, _url, lock, note
from passerelles.notifications.models import NotificationKind
from passerelles.notifications.services import in_language_of, notify


def start_has_passed(engagement: Engagement) -> bool:
    """Nobody agrees to a start already gone — unless HR regularised it (engagement_set_dates)."""
    return engagement.start_date < timezone.localdate() and not engagement.regularisation


def past_start_message(engagement: Engagement) -> str:
    return _(
        "La date de début (%(start)s) est passée : on ne donne pas son accord pour des dates déjà écoulées. "
        "La RH choisit de nouvelles dates (l'encadrant·e peut aussi en proposer avec son accord) ou, si la "
        "mission a réellement commencé, régularise ce démarrage."
    ) % {"start": f"{engagement.start_date:%d/%m/%Y}"}


# Before `ready`, HR may set the engagement's dates (and regularise a start already made).
DATES_STATES = (State.INTEREST, State.MEETING, State.AGREEMENTS)


@transaction.atomic
def engagement_set_dates(
    *,
    engagement: Engagement,
    by,
    start_date: datetime.date,
    end_date: datetime.date,
    regularisation: bool = False,
    reason: str = "",
) -> Engagement:
    """HR sets the engagement's dates before it is ready: new dates to come when the start has passed during
    the agreements, or — with the « régularisation » flag and its reason — the real start of a mission that
    began before every agreement was given. The flag is shown on the page and written in the documents.

    At the agreements step, the agreements already given were given for other dates: they are asked again.
    """
    engagement = lock(engagement)
    if not policies.can_regularise_engagement(by, engagement):
        raise TransitionRefused(_("Seule la RH change les dates d'un engagement ou régularise un démarrage."))
    if engagement.state not in DATES_STATES:
        raise TransitionRefused(
            _(
                "Les dates ne se changent plus à cette étape : une prolongation passe par une nouvelle série "
                "d'accords."
            )
        )
    today, mission = timezone.localdate(), engagement.mission
    reason = " ".join(reason.split())[:500] if regularisation else ""  # one line: it is printed in documents
    if end_date < start_date:
        raise TransitionRefused(_("La date de fin doit suivre la date de début."))
    if start_date < mission.start_date or end_date > mission.end_date:
        raise TransitionRefused(
            _("Les dates doivent rester dans celles de la mission (du %(start)s au %(end)s).")
            % {"start": f"{mission.start_date:%d/%m/%Y}", "end": f"{mission.end_date:%d/%m/%Y}"}
        )
    if end_date < today:
        raise TransitionRefused(_("La date de fin est passée : indiquez une date à partir d'aujourd'hui."))
    if regularisation and start_date > today:
        raise TransitionRefused(
            _(
                "Une régularisation concerne un démarrage déjà fait : la date de début est aujourd'hui ou "
                "passée. Pour des dates à venir, décochez la régularisation."
            )
        )
    if regularisation and not reason:
        raise TransitionRefused(
            _(
                "Indiquez pourquoi la mission a commencé avant les accords : cette raison figure dans les documents."
            )
        )
    if start_date < today and not regularisation:
        raise TransitionRefused(
            _(
                "La date de début est passée : choisissez une date à partir d'aujourd'hui (%(today)s), ou cochez "
                "« Régularisation » si la mission a réellement commencé avant les accords, avec sa raison."
            )
            % {"today": f"{today:%d/%m/%Y}"}
        )
    before = (
        engagement.start_date,
        engagement.end_date,
        engagement.regularisation,
        engagement.regularisation_reason,
    )
    if before == (start_date, end_date, regularisation, reason):
        return engagement
    engagement.start_date, engagement.end_date = start_date, end_date
    engagement.regularisation, engagement.regularisation_reason = regularisation, reason
    comment = f"{start_date:%d/%m/%Y} → {end_date:%d/%m/%Y}"
    if regularisation:
        comment = _("%(dates)s · régularisation : %(reason)s") % {"dates": comment, "reason": reason}
    note(engagement, "regularise" if regularisation else "set_dates", by=by, comment=comment)
    asked_again = set()
    if engagement.state == State.AGREEMENTS:
        given = Agreement.objects.filter(engagement=engagement, round=engagement.agreement_round).exclude(
            decision=Decision.PENDING
        )
        for party in given.values_list("party", flat=True):
            asked_again |= party_users(engagement, party)
        given.update(decision=Decision.PENDING, decided_by=None, decided_at=None)
    engagement.save()
    told = {engagement.agent.user} if engagement.agent.user_id else set()
    for user in (told | asked_again) - {by}:
        with in_language_of(user):
            notify(
                user=user,
                subject=(
                    _("Régularisation : « %(title)s »")
                    if regularisation
                    else _("Nouvelles dates : « %(title)s »")
                )
                % {"title": mission.title},
                message=(
                    _("La RH enregistre un démarrage antérieur à l'accord : %(reason)s\n\n%(summary)s")
                    if regularisation
                    else _("La RH a fixé de nouvelles dates.\n\n%(summary)s")
                )
                % {"reason": reason, "summary": _summary(engagement)}
                + ("\n\n" + _("Votre accord est demandé à nouveau.") if user in asked_again else ""),
                url=_url(engagement),
                action_needed=user in asked_again,
                kind=NotificationKind.AGREEMENT,
            )
    return engagement
