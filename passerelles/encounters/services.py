"""Use cases of forums and café-missions up to the registrations: each takes the acting user, checks the right
(``policies``), runs in a transaction and refuses with a French sentence (``Refused``) before writing anything.

Announcements leave through a task (``tasks.send_notices``) after the commit, never in the request: opening a
network forum tells every agent of several employers, each by their own channel.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelles.access.actor import get_actor
from passerelles.encounters import policies, rules
from passerelles.encounters.models import Encounter, NoticePurpose, Pitch, Registration, Wish
from passerelles.encounters.rules import Status
from passerelles.encounters.tasks import send_notices


class Refused(Exception):
    """A use case refused, with the French sentence to show."""


def _lock(encounter) -> Encounter:
    return (
        Encounter.objects.select_for_update(of=("self",))
        .select_related("organisation", "network")
        .get(pk=encounter.pk)
    )


def _enqueue(encounter, purpose: str) -> None:
    encounter_id = encounter.pk
    transaction.on_commit(lambda: send_notices.enqueue(encounter_id=encounter_id, purpose=purpose))


def scope_candidates(*, organisation=None, network=None) -> set[int]:
    """The organisations an event may invite: its own organisation, or the network's members."""
    if network is not None:
        return set(network.memberships.values_list("organisation_id", flat=True))
    return {organisation.pk}


def _check_details(details: dict, *, today: datetime.date) -> None:
    refusals = rules.format_refusals(
        rules.Format(
            minutes=details["conversation_minutes"],
            pause=details["pause_minutes"],
            rounds=details["rounds"],
            tables=details["tables"],
            seats=details["seats"],
        )
    )
    refusal = rules.date_refusal(details["date"], today)
    if refusal:
        refusals.insert(0, refusal)
    if not (details.get("place", "").strip() or details.get("visio_url", "").strip()):
        refusals.append(_("Indiquez un lieu, un lien de visioconférence, ou les deux."))
    if refusals:
        raise Refused(" ".join(refusals))


FIELDS = (
    "kind",
    "title",
    "date",
    "start_time",
    "place",
    "visio_url",
    "conversation_minutes",
    "pause_minutes",
    "rounds",
    "tables",
    "seats",
)


@transaction.atomic
def encounter_create(*, by, organisation=None, network=None, organisations, **details) -> Encounter:
    """A new event in draft. ``organisations``: the invited ones (the organisation itself, or a subset of the
    network's members)."""
    if network is not None:
        if not policies.can_organise_for_network(by, network):
            raise Refused(_("Seule la coordination du réseau organise un événement pour le réseau."))
        organisation = network.lead_organisation
    elif organisation is None or not policies.can_organise_in(by, organisation):
        raise Refused(_("Seule la RH de l'organisation organise un événement pour son personnel."))
    invited = {o.pk if hasattr(o, "pk") else int(o) for o in organisations} or (
        {organisation.pk} if network is None else set()
    )
    if not invited:
        raise Refused(_("Choisissez au moins une organisation invitée."))
    if invited - scope_candidates(organisation=organisation, network=network):
        raise Refused(_("Seules les organisations membres du réseau peuvent être invitées."))
    _check_details(details, today=timezone.localdate())
    encounter = Encounter.objects.create(
        organisation=organisation,
        network=network,
        created_by=by,
        **{name: details[name] for name in FIELDS if name in details},
    )
    encounter.organisations.set(invited)
    return encounter


@transaction.atomic
def encounter_update(*, by, encounter, organisations=None, **details) -> Encounter:
    encounter = _lock(encounter)
    if not policies.is_organiser(by, encounter):
        raise Refused(_("Seuls les organisateurs modifient l'événement."))
    if encounter.status not in rules.EDITABLE:
        raise Refused(_("Le planning est parti : l'événement ne se modifie plus."))
    _check_details(details, today=timezone.localdate())
    for name in FIELDS:
        if name in details:
            setattr(encounter, name, details[name])
    encounter.save()
    if organisations is not None and encounter.status == Status.DRAFT:
        invited = {o.pk for o in organisations}
        allowed = scope_candidates(organisation=encounter.organisation, network=encounter.network)
        if not invited or invited - allowed:
            raise Refused(_("Choisissez les organisations invitées parmi les membres du réseau."))
        encounter.organisations.set(invited)
    return encounter


@transaction.atomic
def encounter_invite_hosts(*, by, encounter) -> Encounter:
    """Invite the hosts of the scope (who lead or created a published mission there) to pitch it."""
    encounter = _lock(encounter)
    if not policies.is_organiser(by, encounter):
        raise Refused(_("Seuls les organisateurs invitent les porteurs de missions."))
    if not encounter.is_pitching:
        raise Refused(_("Les présentations sont closes : le planning est parti."))
    encounter.hosts_invited_at = timezone.now()
    encounter.save(update_fields=["hosts_invited_at"])
    _enqueue(encounter, NoticePurpose.INVITE_HOST)
    return encounter


def _move(encounter, action: str) -> None:
    refusal = rules.transition_refusal(encounter.status, action)
    if refusal:
        raise Refused(refusal)
    encounter.status = rules.target(action)


@transaction.atomic
def encounter_open(*, by, encounter) -> Encounter:
    """Open registration: every agent of the scope hears of it through their own channel (a task)."""
    encounter = _lock(encounter)
    if not policies.is_organiser(by, encounter):
        raise Refused(_("Seuls les organisateurs ouvrent les inscriptions."))
    _move(encounter, "open")
    if not encounter.pitches.exists():
        raise Refused(_("Ajoutez au moins une présentation de mission avant d'ouvrir les inscriptions."))
    refusal = rules.date_refusal(encounter.date, timezone.localdate())
    if refusal:
        raise Refused(refusal)
    encounter.opened_at = timezone.now()
    encounter.save(update_fields=["status", "opened_at"])
    _enqueue(encounter, NoticePurpose.ANNOUNCE)
    return encounter


@transaction.atomic
def encounter_cancel(*, by, encounter, reason: str = "") -> Encounter:
    encounter = _lock(encounter)
    if not policies.is_organiser(by, encounter):
        raise Refused(_("Seuls les organisateurs annulent l'événement."))
    _move(encounter, "cancel")
    encounter.cancelled_at = timezone.now()
    encounter.cancel_reason = reason.strip()[:300]
    encounter.save(update_fields=["status", "cancelled_at", "cancel_reason"])
    if encounter.opened_at is not None:
        _enqueue(encounter, "cancelled")
    return encounter


@transaction.atomic
def pitch_save(*, by, encounter, mission, text: str, photo=None, photo_alt: str = "", pitch=None) -> Pitch:
    """A host presents one of their missions (or rewrites their presentation)."""
    encounter = _lock(encounter)
    text = text.strip()
    if pitch is not None:
        if not policies.can_edit_pitch(by, pitch):
            raise Refused(
                _("Seul l'accueil de la mission modifie sa présentation, avant l'envoi du planning.")
            )
    else:
        if not encounter.is_pitching:
            raise Refused(_("Les présentations sont closes : le planning est parti."))
        if not policies.pitchable_missions(by, encounter).filter(pk=mission.pk).exists():
            raise Refused(
                _("Vous ne pouvez présenter que les missions publiées que vous portez, ouvertes à ce public.")
            )
        if encounter.pitches.filter(mission=mission).exists():
            raise Refused(_("Cette mission est déjà présentée à cet événement."))
        agent = get_actor(by).agent
        if agent is not None and encounter.registrations.filter(agent=agent).exists():
            raise Refused(_("Vous êtes inscrit·e comme participant·e : retirez d'abord votre inscription."))
    if not text or len(text) > rules.PITCH_MAX_CHARS:
        raise Refused(_("La présentation tient en 1 à %(max)s caractères.") % {"max": rules.PITCH_MAX_CHARS})
    if photo and not photo_alt.strip():
        raise Refused(_("Décrivez la photo en quelques mots, pour les personnes qui ne la voient pas."))
    if pitch is None:
        pitch = Pitch(encounter=encounter, mission=mission, presenter=by)
    pitch.text, pitch.photo_alt = text, photo_alt.strip()[:200]
    if photo:
        pitch.photo = photo
    pitch.save()
    return pitch


@transaction.atomic
def registration_save(*, by, encounter, ranks: dict[int, int]) -> Registration:
    """Register (or change one's ranking): ``ranks`` maps pitch ids to ranks 1..5. The host's marks on
    pitches still ranked are kept."""
    encounter = _lock(encounter)
    if not policies.can_register(by, encounter):
        raise Refused(_("Les inscriptions ne sont pas ouvertes pour vous à cet événement."))
    agent = get_actor(by).agent
    if encounter.pitches.filter(presenter=by).exists():
        raise Refused(
            _("Vous présentez une mission à cet événement : vous ne pouvez pas aussi vous y inscrire.")
        )
    pitches = {p.pk: p for p in encounter.pitches.select_related("mission")}
    if set(ranks) - set(pitches):
        raise Refused(_("Choisissez parmi les présentations de cet événement."))
    if any(pitches[p].mission.project_lead_id == agent.pk for p in ranks):
        raise Refused(_("Vous portez l'une de ces missions : choisissez-en d'autres."))
    refusals = rules.wish_refusals(ranks)
    if refusals:
        raise Refused(" ".join(refusals))
    registration, _created = Registration.objects.get_or_create(encounter=encounter, agent=agent)
    marked = set(registration.wishes.filter(host_marked=True).values_list("pitch_id", flat=True))
    registration.wishes.all().delete()
    Wish.objects.bulk_create(
        Wish(registration=registration, pitch_id=p, rank=r, host_marked=p in marked) for p, r in ranks.items()
    )
    return registration


@transaction.atomic
def registration_cancel(*, by, encounter) -> None:
    encounter = _lock(encounter)
    if encounter.status != Status.OPEN:
        raise Refused(_("Le planning est calculé à partir des inscriptions : elles ne se retirent plus ici."))
    agent = get_actor(by).agent
    Registration.objects.filter(encounter=encounter, agent=agent).delete()


@transaction.atomic
def wish_mark(*, by, wish, marked: bool) -> Wish:
    """The host would like to meet this registered agent (it raises the pair's priority, never forces it)."""
    wish = (
        Wish.objects.select_for_update(of=("self",))
        .select_related("pitch__encounter", "pitch__mission")
        .get(pk=wish.pk)
    )
    if not policies.is_pitch_host(by, wish.pitch) or wish.pitch.encounter.status != Status.OPEN:
        raise Refused(
            _("Seul l'accueil de la mission marque les personnes inscrites, tant que l'événement est ouvert.")
        )
    wish.host_marked = marked
    wish.save(update_fields=["host_marked"])
    return wish
