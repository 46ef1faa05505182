"""Sending a call for volunteers, and reading its counts.

How a long send never times out: the request only writes rows (the call, and one ``CallRecipient`` per
person, in one ``bulk_create``); the notifications leave from a task (``send_call``, django-tasks: the
database backend in production, run by the worker) that walks the recipients by batches of ``BATCH``, marks
each one notified in the same transaction as its notification, and can be run again safely: someone already
notified is skipped. The unique (mission, agent) row is what makes « once per person and mission » hold.
"""

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from passerelles.access import policies
from passerelles.callouts.models import CallRecipient, Criterion, VolunteerCall
from passerelles.callouts.targeting import Group, channel_of, preview, to_reach
from passerelles.engagements.lifecycle import EventKind
from passerelles.engagements.models import Engagement, EngagementEvent
from passerelles.missions.models import Mission, MissionStatus
from passerelles.notifications.models import NotificationKind
from passerelles.notifications.services import in_language_of, notify
from passerelles.people.models import Category

BATCH = 200


class CallRefused(Exception):
    """A call that cannot leave: said in plain French, nothing written, nothing sent."""


def check_group(*, mission, group: Group, by) -> None:
    """Everything wrong with a call before anything is written (the preview says the same)."""
    organisation = group.organisation
    if not policies.can_call_volunteers(by, organisation):
        raise CallRefused(_("Seule la RH de l'organisation peut appeler ses agents à se porter volontaires."))
    if not Mission.objects.for_actor(by).filter(pk=mission.pk).exists():
        raise CallRefused(_("Cette mission n'existe pas ou ne vous est pas visible."))
    if mission.status != MissionStatus.PUBLISHED:
        raise CallRefused(
            _("Seule une mission publiée et ouverte peut faire l'objet d'un appel à volontaires.")
        )
    if group.criterion not in Criterion.values:
        raise CallRefused(_("Choisissez à qui envoyer l'appel."))
    if group.criterion == Criterion.UNITS:
        if not group.units:
            raise CallRefused(_("Choisissez au moins une unité."))
        if any(unit.organisation_id != organisation.pk for unit in group.units):
            raise CallRefused(_("Cette unité n'est pas de votre organisation."))
    if group.criterion == Criterion.SITES:
        if not group.sites:
            raise CallRefused(_("Choisissez au moins un site."))
        if any(site.organisation_id != organisation.pk for site in group.sites):
            raise CallRefused(_("Ce site n'est pas de votre organisation."))
    if group.criterion == Criterion.CATEGORIES:
        if not group.categories:
            raise CallRefused(_("Choisissez au moins une catégorie."))
        if not set(group.categories) <= set(Category.values):
            raise CallRefused(_("Cette catégorie n'existe pas."))


@transaction.atomic
def call_send(*, mission: Mission, group: Group, by, message: str = "") -> VolunteerCall:
    """Write the call and its recipients; the notifications leave from ``send_call`` once committed."""
    mission = Mission.objects.select_for_update().get(pk=mission.pk)  # a closing cannot cross a call
    check_group(mission=mission, group=group, by=by)
    counts = preview(mission=mission, group=group, user=by)
    agents = list(to_reach(mission=mission, group=group, user=by))
    if not agents:
        if counts.total == 0:
            raise CallRefused(_("Personne dans ce groupe ne peut prendre cette mission : rien n'est envoyé."))
        raise CallRefused(
            _(
                "Personne à prévenir dans ce groupe : les personnes avec un compte ont déjà reçu un appel pour "
                "cette mission (personne n'est prévenu deux fois). Pour les personnes sans compte, imprimez "
                "l'affiche ou des lettres."
            )
        )
    call = VolunteerCall.objects.create(
        mission=mission,
        organisation=group.organisation,
        criterion=group.criterion,
        categories=sorted(group.categories),
        message=message.strip()[:1000],
        created_by=by,
        unreachable=counts.unreachable,
        skipped=counts.already,
    )
    call.units.set(group.units)
    call.sites.set(group.sites)
    CallRecipient.objects.bulk_create(
        [CallRecipient(call=call, mission=mission, agent=a, channel=channel_of(a)) for a in agents],
        ignore_conflicts=True,  # a call sent at the same moment reached them first: once only
        batch_size=500,
    )
    call.reached = CallRecipient.objects.filter(call=call).count()
    call.save(update_fields=["reached"])
    call_id = call.pk
    transaction.on_commit(lambda: send_call.enqueue(call_id=call_id))
    return call


def _notify_one(recipient: CallRecipient, call: VolunteerCall) -> None:
    mission = call.mission
    word = f"\n\n« {call.message} »" if call.message else ""
    with in_language_of(recipient.agent.user):
        notify(
            user=recipient.agent.user,
            kind=NotificationKind.VOLUNTEER_CALL,
            subject=_("Appel à volontaires : « %(title)s »") % {"title": mission.title},
            message=_(
                "%(org)s cherche des volontaires pour une mission courte : « %(title)s » (%(host)s).%(word)s\n\n"
                "Temps demandé : %(share)s\nDates : du %(start)s au %(end)s\nLieu : %(place)s\n\n"
                "Elle vous tente ? Dites « Je suis intéressé·e » sur la page de la mission, ou dites-le à votre RH "
                "ou à votre personne relais. Cela n'engage à rien, et votre encadrant·e n'en sait rien avant "
                "l'étape des accords. Elle ne vous tente pas ? Ne faites rien : personne ne vous le reprochera."
            )
            % {
                "org": call.organisation.display_name,
                "title": mission.title,
                "host": mission.host_unit.name,
                "word": word,
                "share": mission.time_share_label,
                "start": mission.start_date.strftime("%d/%m/%Y"),
                "end": mission.end_date.strftime("%d/%m/%Y"),
                "place": mission.get_place_display() + (f" — {mission.site}" if mission.site_id else ""),
            },
            url=reverse("mission_detail", kwargs={"mission_id": mission.pk}),
        )


@task()
def send_call(call_id: int) -> int:
    """Notify the call's recipients not yet notified, by batches; safe to run twice (each is marked in the
    transaction of its notification)."""
    call = VolunteerCall.objects.select_related(
        "mission", "mission__host_unit", "mission__site", "organisation"
    ).get(pk=call_id)
    sent = 0
    while True:
        batch = list(
            CallRecipient.objects.filter(call=call, notified_at__isnull=True)
            .select_related("agent__user")
            .order_by("pk")[:BATCH]
        )
        if not batch:
            break
        for recipient in batch:
            with transaction.atomic():
                taken = CallRecipient.objects.filter(pk=recipient.pk, notified_at__isnull=True).update(
                    notified_at=timezone.now()
                )
                if taken:
                    _notify_one(recipient, call)
                    sent += 1
    VolunteerCall.objects.filter(pk=call.pk, sent_at__isnull=True).update(sent_at=timezone.now())
    return sent


def answers(call: VolunteerCall) -> int:
    """The people reached by this call who then said « ça m'intéresse » for the mission (themselves, or
    through HR or their personne relais) — whatever became of it since."""
    said_it = EngagementEvent.objects.filter(
        engagement=OuterRef("pk"),
        action__in=[EventKind.EXPRESS_INTEREST, EventKind.RECORD_INTEREST_FOR],
        at__gte=call.created_at,
    )
    return (
        Engagement.objects.filter(mission=call.mission, agent_id__in=call.recipients.values("agent_id"))
        .filter(Exists(said_it))
        .values("agent_id")
        .distinct()
        .count()
    )
