"""What an event tells people, sent by a task after the commit (never in the request), each person once.

``send_notices(encounter_id, purpose)`` walks the people concerned by batches; each notification is written in
the same transaction as its ``Notice`` row (unique per event × person × purpose), so a task run twice, or two
workers at once, tells nobody twice. Each message goes through ``notify`` (the person's own channel), written in
their language.
"""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django_tasks import task

from passerelles.accounts.models import User
from passerelles.encounters import agenda
from passerelles.encounters.models import Encounter, Notice, NoticePurpose
from passerelles.encounters.personal_agenda import agenda_lines, agenda_slots
from passerelles.notifications.models import NotificationKind
from passerelles.notifications.services import in_language_of, notify

BATCH = 200


def _url(encounter) -> str:
    return reverse("encounters:encounter_detail", kwargs={"encounter_id": encounter.pk})


def announce_recipients(encounter):
    return User.objects.filter(
        is_active=True, agent__is_active=True, agent__organisation__in=encounter.organisations.all()
    )


def host_recipients(encounter):
    from passerelles.missions.models import Mission, MissionStatus

    missions = Mission.objects.filter(
        status=MissionStatus.PUBLISHED, organisation__in=encounter.organisations.all()
    )
    return User.objects.filter(is_active=True).filter(
        Q(pk__in=missions.values("created_by_id")) | Q(pk__in=missions.values("project_lead__user_id"))
    )


def agenda_recipients(encounter):
    return User.objects.filter(is_active=True).filter(
        Q(agent__encounter_conversations__encounter=encounter) | Q(pitches__encounter=encounter)
    )


def cancel_recipients(encounter):
    return User.objects.filter(is_active=True).filter(
        Q(agent__encounter_registrations__encounter=encounter) | Q(pitches__encounter=encounter)
    )


RECIPIENTS = {
    NoticePurpose.ANNOUNCE: announce_recipients,
    NoticePurpose.INVITE_HOST: host_recipients,
    NoticePurpose.AGENDA: agenda_recipients,
    NoticePurpose.CANCELLED: cancel_recipients,
}


def _when(encounter) -> str:
    return _("le %(day)s à %(time)s") % {
        "day": formats.date_format(encounter.date, "l j F Y"),
        "time": encounter.start_time.strftime("%H:%M"),
    }


def _announce(user, encounter) -> None:
    notify(
        user=user,
        subject=_("%(kind)s : « %(title)s », %(when)s")
        % {"kind": encounter.get_kind_display(), "title": encounter.title, "when": _when(encounter)},
        message=_(
            "Des porteurs de projets présentent leurs missions en courtes conversations (%(minutes)s minutes), "
            "%(when)s (%(where)s). Parcourez les présentations et choisissez jusqu'à cinq conversations : "
            "personne ne vous y oblige, et votre encadrant·e n'en est pas informé·e."
        )
        % {"minutes": encounter.conversation_minutes, "when": _when(encounter), "where": encounter.where},
        url=_url(encounter),
        kind=NotificationKind.NEW_MISSION,
    )


def _invite_host(user, encounter) -> None:
    notify(
        user=user,
        subject=_("Présentez votre mission au %(kind)s « %(title)s »")
        % {"kind": encounter.get_kind_display().lower(), "title": encounter.title},
        message=_(
            "Un %(kind)s a lieu %(when)s. Vous portez une mission publiée : présentez-la en quelques lignes "
            "(600 caractères au plus, une photo si vous le souhaitez) et rencontrez les agents qui la choisiront."
        )
        % {"kind": encounter.get_kind_display().lower(), "when": _when(encounter)},
        url=_url(encounter),
        action_needed=True,
        kind=NotificationKind.GENERAL,
    )


def _agenda(user, encounter) -> None:
    slots = agenda_slots(user, encounter)
    if not slots:
        return
    ics = agenda.agenda_ics(slots)
    notify(
        user=user,
        subject=_("Votre agenda : « %(title)s », %(when)s")
        % {"title": encounter.title, "when": _when(encounter)},
        message=_(
            "Voici vos conversations (%(where)s) :\n\n%(lines)s\n\nLe fichier joint les ajoute à votre agenda."
        )
        % {"where": encounter.where, "lines": "\n".join(agenda_lines(user, encounter))},
        url=reverse("encounters:my_agenda", kwargs={"encounter_id": encounter.pk}),
        attachments=[(agenda.FILENAME, ics, agenda.content_type())],
        kind=NotificationKind.MEETING,
    )


def _cancelled(user, encounter) -> None:
    notify(
        user=user,
        subject=_("Annulé : « %(title)s »") % {"title": encounter.title},
        message=_("L'événement prévu %(when)s n'aura pas lieu.") % {"when": _when(encounter)}
        + (f"\n\n{encounter.cancel_reason}" if encounter.cancel_reason else ""),
        url=_url(encounter),
        kind=NotificationKind.GENERAL,
    )


WRITERS = {
    NoticePurpose.ANNOUNCE: _announce,
    NoticePurpose.INVITE_HOST: _invite_host,
    NoticePurpose.AGENDA: _agenda,
    NoticePurpose.CANCELLED: _cancelled,
}


def notify_all(encounter, purpose: str) -> int:
    """Tell each person concerned who was not told yet; returns how many were told now."""
    told = 0
    done = Notice.objects.filter(encounter=encounter, purpose=purpose).values("user_id")
    while True:
        batch = list(RECIPIENTS[purpose](encounter).exclude(pk__in=done).distinct().order_by("pk")[:BATCH])
        if not batch:
            return told
        for user in batch:
            try:
                with transaction.atomic():
                    Notice.objects.create(encounter=encounter, user=user, purpose=purpose)
                    with in_language_of(user):
                        WRITERS[purpose](user, encounter)
            except IntegrityError:  # another worker told them first
                continue
            told += 1


@task()
def send_notices(encounter_id: int, purpose: str) -> int:
    encounter = Encounter.objects.select_related("organisation", "network").filter(pk=encounter_id).first()
    if encounter is None:
        return 0
    return notify_all(encounter, NoticePurpose(purpose))
