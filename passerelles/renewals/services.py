"""Use cases of renewals: the daily alerts, starting a renewal, the hand-over note and the key-post mark.

A renewal reuses the engagement's extension (``engagement_request_extension``): a new round of agreements in
which the agent is asked again (each renewal of a MAD needs their agreement, FRAMEWORKS.md §2), both
employers' HR and authorities sign, and the documents stage writes the avenant when the round completes.
"""

import datetime

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelles.access.models import Role, RoleMembership
from passerelles.engagements.lifecycle import TransitionRefused
from passerelles.engagements.models import Engagement
from passerelles.engagements.services import engagement_request_extension
from passerelles.notifications.models import NotificationKind
from passerelles.notifications.services import in_language_of, notify
from passerelles.renewals import rules
from passerelles.renewals.models import HandoverNote, KeyPost, RenewalAlert


class Refused(Exception):
    """A use case refused, with the French sentence to show."""


def _url(engagement) -> str:
    return reverse("renewals:deadline", kwargs={"engagement_id": engagement.pk})


def followed(queryset):
    """Engagements followed for their end: between two employers, or marked as a key post."""
    key = Exists(KeyPost.objects.filter(engagement=OuterRef("pk")))
    return queryset.annotate(is_key_post=key).filter(
        ~Q(agent__organisation_id=F("mission__organisation_id")) | Q(is_key_post=True)
    )


def recipients(engagement) -> list:
    """Both employers' HR and the host's project lead (whoever would be left « sans pilote »)."""
    orgs = sorted({engagement.agent.organisation_id, engagement.mission.organisation_id})
    users = list(RoleMembership.objects.users_with(Role.HR, orgs))
    lead = engagement.mission.project_lead
    if lead is not None and lead.user_id:
        users.append(lead.user)
    return list({u.pk: u for u in users if u.is_active}.values())


def send_renewal_alerts(*, today: datetime.date) -> int:
    """Run daily: the alert due for each followed engagement ending within 90 days, once per threshold and end
    date (running it twice the same day, or every day, sends nothing more)."""
    candidates = followed(
        Engagement.objects.filter(
            state__in=rules.FOLLOWED_STATES,
            end_date__gte=today,
            end_date__lte=today + datetime.timedelta(days=rules.HORIZON_DAYS),
        )
    ).select_related(
        "agent", "agent__organisation", "mission", "mission__organisation", "mission__project_lead__user"
    )
    sent = 0
    for engagement in candidates.order_by("end_date", "pk"):
        threshold = rules.due_threshold(engagement.end_date, today)
        if threshold is None:
            continue
        with transaction.atomic():
            alert, created = RenewalAlert.objects.get_or_create(
                engagement=engagement,
                threshold=threshold,
                end_date=engagement.end_date,
                defaults={"sent_at": timezone.now()},
            )
            if not created:
                continue
            people = recipients(engagement)
            for user in people:
                with in_language_of(user):
                    notify(
                        user=user,
                        subject=_("Fin dans %(days)s jours : « %(title)s » (%(name)s)")
                        % {
                            "days": (engagement.end_date - today).days,
                            "title": engagement.mission.title,
                            "name": engagement.agent.full_name,
                        },
                        message=_(
                            "La mission se termine le %(end)s. Pour que l'accueil ne reste pas sans pilote : "
                            "engagez un renouvellement (nouvel accord de chacun, l'agent compris, puis avenant) ou "
                            "faites écrire une note de passation."
                        )
                        % {"end": f"{engagement.end_date:%d/%m/%Y}"},
                        url=_url(engagement),
                        action_needed=True,
                        kind=NotificationKind.ENGAGEMENT,
                    )
            alert.recipients = len(people)
            alert.save(update_fields=["recipients"])
            sent += 1
    return sent


def renewal_start(*, engagement, by, end_date: datetime.date) -> Engagement:
    """A renewal: a new period of three years at most, then the extension round of the engagement core (the
    agent's agreement asked again; the framework's own maximum re-checked there; the avenant on completion)."""
    if not rules.can_act(by, engagement):
        raise Refused(_("Seule la RH de l'un des deux employeurs engage un renouvellement."))
    refusal = rules.renewal_period_refusal(engagement.end_date, end_date)
    if refusal:
        raise Refused(refusal)
    try:
        return engagement_request_extension(engagement=engagement, by=by, end_date=end_date)
    except TransitionRefused as refused:
        raise Refused(str(refused)) from refused


@transaction.atomic
def handover_save(
    *, engagement, by, ongoing: str, contacts: str = "", resources: str = "", next_steps: str = ""
) -> HandoverNote:
    if not rules.can_write_note(by, engagement):
        raise Refused(_("L'agent et la RH des deux employeurs écrivent la note de passation."))
    if not ongoing.strip():
        raise Refused(_("Décrivez au moins les dossiers en cours."))
    note, created = HandoverNote.objects.update_or_create(
        engagement=engagement,
        defaults={
            "ongoing": ongoing.strip(),
            "contacts": contacts.strip(),
            "resources": resources.strip(),
            "next_steps": next_steps.strip(),
            "written_by": by,
        },
    )
    if created:
        lead = engagement.mission.project_lead
        hosts = {engagement.mission.created_by, lead.user if lead is not None and lead.user_id else None}
        for user in [u for u in hosts if u is not None and u != by]:
            with in_language_of(user):
                notify(
                    user=user,
                    subject=_("Note de passation pour « %(title)s »") % {"title": engagement.mission.title},
                    message=_("Ce qu'il faut savoir pour continuer après le %(end)s est écrit.")
                    % {"end": f"{engagement.end_date:%d/%m/%Y}"},
                    url=reverse("renewals:handover", kwargs={"engagement_id": engagement.pk}),
                    kind=NotificationKind.ENGAGEMENT,
                )
    return note


@transaction.atomic
def key_post_set(*, engagement, by, marked: bool) -> bool:
    if not rules.can_act(by, engagement):
        raise Refused(_("Seule la RH de l'un des deux employeurs marque un poste clé."))
    if marked:
        KeyPost.objects.get_or_create(engagement=engagement, defaults={"marked_by": by})
    else:
        KeyPost.objects.filter(engagement=engagement).delete()
    return marked
