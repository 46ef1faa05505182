"""Use cases of the facilitators' pool: each takes the acting user, checks the right (policies.py), runs in a
transaction and refuses with a French sentence (``Refused``) before writing anything.

Who hears what: the volunteer hears of a call; the organiser hears « accepté » or only « indisponible » (no
reason is asked); once accepted, the volunteer's manager is informed of the date and duration — it is work
time — and the volunteer receives the calendar invitation (ICS).
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from passerelles.engagements import calendar
from passerelles.facilitation import policies, rules
from passerelles.facilitation.models import CallState, FacilitationCall, Facilitator
from passerelles.notifications.models import NotificationKind
from passerelles.notifications.services import in_language_of, notify


class Refused(Exception):
    """A use case refused, with the French sentence to show."""


def _url(call) -> str:
    return reverse("facilitation:call_detail", kwargs={"facilitation_call_id": call.pk})


def _when(call) -> str:
    return timezone.localtime(call.starts_at).strftime("%d/%m/%Y à %H:%M")


def _committed(facilitator, *, excluding=None) -> list[rules.Slot]:
    calls = facilitator.calls.filter(state__in=[CallState.ACCEPTED, CallState.HELD])
    if excluding is not None:
        calls = calls.exclude(pk=excluding.pk)
    return [rules.Slot(timezone.localtime(c.starts_at), c.duration_minutes) for c in calls]


def _refusal(facilitator, slot: rules.Slot, now, *, excluding=None) -> str:
    local = rules.Slot(timezone.localtime(slot.starts_at), slot.minutes)
    return rules.call_refusal(
        slot=local,
        now=timezone.localtime(now),
        hours_per_month=facilitator.hours_per_month,
        committed=_committed(facilitator, excluding=excluding),
    )


@transaction.atomic
def facilitator_join(*, by, topics: list[str], hours_per_month: int, share_with_network: bool) -> Facilitator:
    """Join the pool, or change one's offer; joining again after leaving is a new consent (from now)."""
    if not policies.can_volunteer(by):
        raise Refused(_("Seul un agent peut rejoindre le vivier d'animateurs."))
    if not 1 <= hours_per_month <= rules.MAX_HOURS_PER_MONTH:
        raise Refused(_("Indiquez de 1 à 40 heures par mois."))
    agent = by.agent
    facilitator = Facilitator.objects.select_for_update().filter(agent=agent).first()
    now = timezone.now()
    if facilitator is None:
        facilitator = Facilitator(agent=agent, joined_at=now, hours_per_month=hours_per_month)
    elif facilitator.left_at is not None:
        facilitator.joined_at, facilitator.left_at = now, None
    facilitator.topics = rules.parse_topics(",".join(topics))
    facilitator.hours_per_month = hours_per_month
    facilitator.share_with_network = share_with_network
    facilitator.save()
    return facilitator


@transaction.atomic
def facilitator_leave(*, by) -> None:
    """Leave at any time: nobody sees the volunteer any more; the calls still waiting for an answer close as
    « indisponible » (the organisers hear nothing more). Accepted calls stay: the volunteer said yes to them."""
    agent = getattr(by, "agent", None)
    facilitator = Facilitator.objects.select_for_update().filter(agent=agent, left_at__isnull=True).first()
    if facilitator is None:
        return
    now = timezone.now()
    facilitator.left_at = now
    facilitator.save(update_fields=["left_at"])
    facilitator.calls.filter(state=CallState.PROPOSED).update(state=CallState.DECLINED, answered_at=now)


@transaction.atomic
def call_send(
    *,
    by,
    facilitator: Facilitator,
    subject: str,
    starts_at: datetime.datetime,
    minutes: int,
    place: str = "",
    visio_url: str = "",
    note: str = "",
    now: datetime.datetime | None = None,
) -> FacilitationCall:
    facilitator = (
        Facilitator.objects.select_for_update(of=("self",))
        .select_related("agent__user")
        .get(pk=facilitator.pk)
    )
    if not policies.can_send_call(by, facilitator):
        raise Refused(_("Vous ne pouvez pas solliciter cette personne."))
    if not (place.strip() or visio_url.strip()):
        raise Refused(_("Indiquez un lieu ou un lien de visioconférence."))
    refusal = _refusal(facilitator, rules.Slot(starts_at, minutes), now or timezone.now())
    if refusal:
        raise Refused(refusal)
    call = FacilitationCall.objects.create(
        facilitator=facilitator,
        organiser=by,
        subject=subject.strip()[:200],
        starts_at=starts_at,
        duration_minutes=minutes,
        place=place.strip()[:200],
        visio_url=visio_url.strip(),
        note=note.strip()[:1000],
    )
    user = facilitator.agent.user
    with in_language_of(user):
        notify(
            user=user,
            subject=_("Une animation vous est proposée : « %(subject)s »") % {"subject": call.subject},
            message=_(
                "%(who)s vous propose d'animer « %(subject)s » le %(when)s (%(duration)s, %(where)s). Vous êtes "
                "libre d'accepter ou de dire que vous êtes indisponible, sans avoir à vous justifier."
            )
            % {
                "who": by,
                "subject": call.subject,
                "when": _when(call),
                "duration": call.duration_display,
                "where": call.place or call.visio_url,
            },
            url=_url(call),
            action_needed=True,
            kind=NotificationKind.GENERAL,
        )
    return call


def _lock(call) -> FacilitationCall:
    return (
        FacilitationCall.objects.select_for_update(of=("self",))
        .select_related("facilitator__agent__user", "facilitator__agent__manager__user", "organiser")
        .get(pk=call.pk)
    )


def _move(call, action: str) -> None:
    target = rules.next_state(call.state, action)
    if target is None:
        raise Refused(
            _("Cet appel n'attend plus cette réponse (état : %(state)s).")
            % {"state": call.get_state_display()}
        )
    call.state = target


def _ics(call, organiser) -> str:
    token = salted_hmac("passerelles.facilitation.uid", str(call.pk)).hexdigest()[:20]
    volunteer = call.facilitator.agent.user
    return calendar.meeting_message(
        method=calendar.REQUEST,
        uid=f"facilitation-{call.pk}-{token}@{calendar.installation_host()}",
        sequence=0,
        starts_at=call.starts_at,
        minutes=call.duration_minutes,
        summary=_("Animation : %(subject)s") % {"subject": call.subject},
        description=call.note or call.subject,
        location=call.place or call.visio_url,
        organiser=calendar.Person(name=organiser.get_full_name().strip(), email=organiser.email or "")
        if organiser is not None
        else calendar.Person(name="Passerelles", email=settings.DEFAULT_FROM_EMAIL),
        attendees=[calendar.Person(name=volunteer.get_full_name().strip(), email=volunteer.email or "")],
    )


@transaction.atomic
def call_answer(
    *, by, call: FacilitationCall, accept: bool, now: datetime.datetime | None = None
) -> FacilitationCall:
    """The volunteer accepts or declines, privately: a decline tells the organiser only « indisponible »."""
    call = _lock(call)
    if not policies.is_volunteer(by, call):
        raise Refused(_("Seule la personne sollicitée répond à cet appel."))
    _move(call, "accept" if accept else "decline")
    now = now or timezone.now()
    if accept:
        refusal = _refusal(call.facilitator, call.slot, now, excluding=call)
        if refusal:
            raise Refused(refusal)
    call.answered_at = now
    call.save(update_fields=["state", "answered_at"])
    agent = call.facilitator.agent
    facts = {
        "name": agent.full_name,
        "subject": call.subject,
        "when": _when(call),
        "duration": call.duration_display,
    }
    if call.organiser is not None:
        with in_language_of(call.organiser):
            notify(
                user=call.organiser,
                subject=(
                    _("%(name)s animera « %(subject)s »") if accept else _("« %(subject)s » : indisponible")
                )
                % facts,
                message=(
                    _("%(name)s accepte d'animer « %(subject)s » le %(when)s (%(duration)s).")
                    if accept
                    else _("%(name)s est indisponible pour « %(subject)s » le %(when)s.")
                )
                % facts,
                url=_url(call),
                kind=NotificationKind.GENERAL,
            )
    if accept:
        _tell_accepted(call, facts)
    return call


def _tell_accepted(call, facts) -> None:
    """The volunteer's calendar, and their manager: the date and duration, nothing else — it is work time."""
    agent = call.facilitator.agent
    with in_language_of(agent.user):
        notify(
            user=agent.user,
            subject=_("Animation le %(when)s : « %(subject)s »") % facts,
            message=_("Vous animez « %(subject)s » le %(when)s (%(duration)s). L'invitation est jointe.")
            % facts,
            url=_url(call),
            attachments=[
                ("animation.ics", _ics(call, call.organiser), calendar.content_type(calendar.REQUEST))
            ],
            kind=NotificationKind.MEETING,
        )
    manager = agent.manager.user if agent.manager_id and agent.manager.user_id else None
    if manager is not None:
        with in_language_of(manager):
            notify(
                user=manager,
                subject=_("%(name)s anime une séance le %(when)s") % facts,
                message=_(
                    "Pour information : %(name)s, volontaire du vivier d'animateurs, anime une séance le "
                    "%(when)s (%(duration)s). C'est du temps de travail."
                )
                % facts,
                kind=NotificationKind.GENERAL,
            )


@transaction.atomic
def call_confirm(
    *, by, call: FacilitationCall, held: bool, now: datetime.datetime | None = None
) -> FacilitationCall:
    """After it began, the organiser says whether it took place: the time held is recognised."""
    call = _lock(call)
    if not policies.can_confirm(by, call):
        raise Refused(_("Seul·e l'organisateur·rice dit si l'animation a eu lieu."))
    now = now or timezone.now()
    if call.state == CallState.ACCEPTED and not rules.can_confirm(call.slot, now):
        raise Refused(
            _("L'animation n'a pas encore commencé : revenez après le %(when)s.") % {"when": _when(call)}
        )
    _move(call, "held" if held else "not_held")
    call.confirmed_at = now
    call.save(update_fields=["state", "confirmed_at"])
    if held:
        user = call.facilitator.agent.user
        with in_language_of(user):
            notify(
                user=user,
                subject=_("Merci pour « %(subject)s »") % {"subject": call.subject},
                message=_("Votre animation est reconnue : %(duration)s apparaissent dans votre passeport.")
                % {"duration": call.duration_display},
                url=reverse("passport"),
                kind=NotificationKind.GENERAL,
            )
    return call
