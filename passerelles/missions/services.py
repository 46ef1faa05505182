"""Use cases of missions: draft, submit, review (publish, ask for changes, decline), close and reopen.

Each function takes the acting user, checks the rule, runs in a transaction with the mission row locked
(a double click cannot apply the same step twice), and writes the mission's timeline.

A mission closes when its places are taken, when its end date has passed (the daily job), or by its host or HR
with a reason; only a person reopens it. Engagements build on missions: from their AppConfig.ready() they
register here what a closing means for the people still waiting (``on_mission_closed``) and how many places
are taken (``counts_places``) — this module never imports them.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelles.access import policies
from passerelles.access.models import Role, RoleMembership
from passerelles.foundation.statemachine import TransitionRefused
from passerelles.matching.index import index_mission
from passerelles.missions.dates import mission_date_errors
from passerelles.missions.lifecycle import MACHINE, REVIEW_ACTIONS
from passerelles.missions.models import ClosedReason, Mission, MissionEvent, MissionStatus, caps_for
from passerelles.missions.programme_rules import new_mission_refusal, programme_refusal
from passerelles.missions.review import Flag, review_flags
from passerelles.notifications.models import NotificationKind
from passerelles.notifications.services import in_language_of, notify

# A step that cannot be taken now (the machine's refusal); the message is for the person who tried.
MissionStepRefused = TransitionRefused


def _move(mission: Mission, *, action: str, by, comment: str = "") -> Mission:
    """The single writer of a mission's status: the table (missions/lifecycle.py) says whether the step exists
    from here and whose it is; the step is logged with its kind."""
    try:
        step = MACHINE.transition_for(mission.status, action, policies.mission_actor_kinds(by, mission))
    except TransitionRefused:
        raise MissionStepRefused(
            _("Cette mission est « %(status)s » : cette étape n'est plus possible.")
            % {"status": mission.get_status_display()}
        ) from None
    MissionEvent.objects.create(
        mission=mission,
        by=by,
        action=action,
        from_status=mission.status,
        to_status=step.target,
        comment=comment,
    )
    mission.status = step.target
    return mission


def _locked(mission: Mission) -> Mission:
    return Mission.objects.select_for_update().get(pk=mission.pk)


@transaction.atomic
def mission_save(*, form, by) -> Mission:
    """Create or update a draft from a valid MissionForm.

    The dates rule is asked again here (missions/dates.py), with the dates saved before: the form says it
    next to the fields, the service makes sure nothing else saves a past date or a regularisation by anyone
    but HR."""
    mission = form.instance
    previous = None
    if mission.pk:
        previous = _locked(mission)
        if not policies.can_edit_mission(by, previous):
            raise PermissionDenied
    elif not policies.can_draft_mission(by, form.organisation):
        raise PermissionDenied
    mission = form.save(commit=False)
    may_regularise = policies.can_regularise_mission(by, form.organisation)
    regularisation_changed = (mission.regularisation, mission.regularisation_reason) != (
        (previous.regularisation, previous.regularisation_reason) if previous else (False, "")
    )
    if regularisation_changed and not may_regularise:
        raise PermissionDenied
    if mission.regularisation and not mission.regularisation_reason.strip():
        raise MissionStepRefused(_("Indiquez pourquoi la mission est enregistrée après son démarrage."))
    errors = mission_date_errors(
        start=mission.start_date,
        end=mission.end_date,
        today=timezone.localdate(),
        previous_start=previous.start_date if previous else None,
        previous_end=previous.end_date if previous else None,
        regularisation=mission.regularisation and may_regularise,
    )
    if errors:
        raise MissionStepRefused(" ".join(errors.values()))
    refusal = programme_refusal(previous, mission.programme)
    if refusal:
        raise MissionStepRefused(refusal)
    creating = mission.pk is None
    if creating:
        mission.created_by = by
        mission.organisation = form.organisation
    mission.save()
    index_mission(mission)
    if creating:
        MissionEvent.objects.create(mission=mission, by=by, action="create", to_status=MissionStatus.DRAFT)
    return mission


@transaction.atomic
def mission_submit(*, mission: Mission, by) -> Mission:
    mission = _locked(mission)
    if not policies.can_edit_mission(by, mission):
        raise PermissionDenied
    refusal = new_mission_refusal(mission.programme, timezone.localdate())
    if refusal:
        raise MissionStepRefused(refusal)
    _move(mission, action="submit", by=by)
    mission.save(update_fields=["status"])
    for user in RoleMembership.objects.users_with(Role.HR, [mission.organisation_id]):
        with in_language_of(user):
            notify(
                user=user,
                subject=_("Mission à relire : « %(title)s »") % {"title": mission.title},
                message=_(
                    "%(who)s propose une mission pour %(unit)s. Relisez-la, puis publiez-la, demandez des "
                    "modifications ou refusez-la."
                )
                % {"who": by, "unit": mission.host_unit.name},
                url=reverse("mission_detail", kwargs={"mission_id": mission.pk}),
                action_needed=True,
                kind=NotificationKind.REVIEW,
            )
    return mission


@transaction.atomic
def mission_review(*, mission: Mission, by, decision: str, comment: str = "") -> Mission:
    """HR's decision on a submitted mission: publish, ask for changes (comment required), decline (reason)."""
    mission = _locked(mission)
    if not policies.can_review_missions(by, mission.organisation):
        raise PermissionDenied
    comment = comment.strip()
    if decision in (MissionStatus.CHANGES_REQUESTED, MissionStatus.DECLINED) and not comment:
        raise MissionStepRefused(
            _("Expliquez ce qu'il faut modifier.")
            if decision == MissionStatus.CHANGES_REQUESTED
            else _("Indiquez la raison du refus : elle sera transmise à la personne qui a rédigé la mission.")
        )
    if decision not in (MissionStatus.PUBLISHED, MissionStatus.CHANGES_REQUESTED, MissionStatus.DECLINED):
        raise MissionStepRefused(_("Décision inconnue."))
    if decision == MissionStatus.PUBLISHED:
        refusal = new_mission_refusal(mission.programme, timezone.localdate())
        if refusal:
            raise MissionStepRefused(refusal)
    _move(mission, action=REVIEW_ACTIONS[decision], by=by, comment=comment)
    mission.review_comment = comment
    fields = ["status", "review_comment"]
    if decision == MissionStatus.PUBLISHED:
        mission.published_at = timezone.now()
        fields.append("published_at")
    mission.save(update_fields=fields)
    index_mission(mission)  # the index knows what is published
    if decision == MissionStatus.PUBLISHED:
        alert_saved_searches(mission)
    else:
        with in_language_of(mission.created_by):
            notify(
                user=mission.created_by,
                subject=(
                    _("« %(title)s » : modifications demandées")
                    if decision == MissionStatus.CHANGES_REQUESTED
                    else _("« %(title)s » n'est pas publiée")
                )
                % {"title": mission.title},
                message=comment,
                url=reverse("mission_detail", kwargs={"mission_id": mission.pk}),
                action_needed=decision == MissionStatus.CHANGES_REQUESTED,
                kind=NotificationKind.REVIEW,
            )
    return mission


def alert_saved_searches(mission: Mission) -> int:
    """Tell the owners of saved searches that match a newly published mission they may see."""
    from django.http import QueryDict

    from passerelles.missions.models import SavedSearch
    from passerelles.missions.queries import Filters, search

    alerted = 0
    url = reverse("mission_detail", kwargs={"mission_id": mission.pk})
    for saved in SavedSearch.objects.filter(alert=True).select_related("user"):
        if saved.user_id == mission.created_by_id:
            continue
        visible = Mission.objects.for_actor(saved.user).filter(pk=mission.pk)
        if search(visible, Filters.from_query(QueryDict(saved.query)), user=saved.user).exists():
            with in_language_of(saved.user):
                notify(
                    user=saved.user,
                    subject=_("Nouvelle mission pour votre recherche « %(name)s »") % {"name": saved.name},
                    message=_(
                        "« %(title)s » (%(org)s) vient d'être publiée : %(share)s, du %(start)s au %(end)s."
                    )
                    % {
                        "title": mission.title,
                        "org": mission.organisation.name,
                        "share": mission.time_share_label,
                        "start": f"{mission.start_date:%d/%m/%Y}",
                        "end": f"{mission.end_date:%d/%m/%Y}",
                    },
                    url=url,
                    kind=NotificationKind.NEW_MISSION,
                )
            alerted += 1
    return alerted


def flags_for(mission: Mission) -> list[Flag]:
    """The automatic flags shown to the HR reviewer."""
    return flags_for_each([mission])[mission.pk]


def flags_for_each(missions) -> dict[int, list[Flag]]:
    """The flags of every mission of a page, by mission id, in two queries whatever their number (HR's review
    queue): the caps of their (organisation, purpose) pairs, and one count a mission of the similar ones — same
    unit and purpose, starting within the year before it, not a draft nor declined — in a single aggregate."""
    missions = list(missions)
    if not missions:
        return {}
    caps = caps_for((m.organisation_id, m.purpose) for m in missions)
    year_ago = {m.pk: m.start_date - datetime.timedelta(days=365) for m in missions}
    candidates = Mission.objects.filter(
        host_unit_id__in={m.host_unit_id for m in missions},
        purpose__in={m.purpose for m in missions},
        start_date__gte=min(year_ago.values()),
    ).exclude(status__in=[MissionStatus.DRAFT, MissionStatus.DECLINED])
    similar = candidates.aggregate(
        **{
            f"similar_{m.pk}": Count(
                "pk",
                filter=Q(host_unit_id=m.host_unit_id, purpose=m.purpose, start_date__gte=year_ago[m.pk])
                & ~Q(pk=m.pk),
            )
            for m in missions
        }
    )
    return {
        m.pk: review_flags(
            purpose=m.purpose,
            duration_months=m.duration_months,
            percent=m.effective_percent,
            expertise=m.expertise,
            project_name=m.project_name,
            cap_percent=caps[(m.organisation_id, m.purpose)],
            similar_in_unit=similar[f"similar_{m.pk}"],
        )
        for m in missions
    }


# ---- Closing and reopening (issue 13) ----

CLOSING_HOOKS: list[Callable] = []
PLACES_COUNTERS: list[Callable] = []


def on_mission_closed(hook):
    """Register ``hook(closing)``, called in the transaction where a mission closes (see ``Closing``)."""
    if hook not in CLOSING_HOOKS:
        CLOSING_HOOKS.append(hook)
    return hook


def counts_places(counter):
    """Register ``counter(mission) -> int``: the places of the mission taken for good."""
    if counter not in PLACES_COUNTERS:
        PLACES_COUNTERS.append(counter)
    return counter


def places_taken(mission: Mission) -> int:
    return sum(counter(mission) for counter in PLACES_COUNTERS)


@dataclass
class Closing:
    """A mission being closed, handed to the hooks; what they report goes to the brokers in one notification
    each, every line only to those allowed to read it."""

    mission: Mission
    reason: str  # a ClosedReason
    by: object | None  # None: Passerelles itself
    lines: list[tuple[str, Callable]] = field(default_factory=list)

    def tell_brokers(self, line: str, *, visible_to: Callable = lambda user: True) -> None:
        self.lines.append((line, visible_to))


def _brokers(mission: Mission) -> set:
    """Who looks after a mission: its author, its project lead and the HR of its organisation."""
    users = {mission.created_by}
    if mission.project_lead.user_id:
        users.add(mission.project_lead.user)
    users |= set(RoleMembership.objects.users_with(Role.HR, [mission.organisation_id]))
    return {u for u in users if u is not None}


def _close(mission: Mission, *, by, reason: str, comment: str = "") -> Mission:
    """Close a locked published mission: timeline, fields, index, hooks, and the brokers told once each."""
    cause = ClosedReason(reason).label
    _move(mission, action="close", by=by, comment=comment or str(cause))
    mission.closed_at = timezone.now()
    mission.closed_reason, mission.closed_comment, mission.closed_by = reason, comment, by
    mission.save(update_fields=["status", "closed_at", "closed_reason", "closed_comment", "closed_by"])
    index_mission(mission)  # out of the suggestions at once
    closing = Closing(mission=mission, reason=reason, by=by)
    for hook in CLOSING_HOOKS:
        hook(closing)
    url = reverse("mission_detail", kwargs={"mission_id": mission.pk})
    for user in _brokers(mission) - {by}:
        with in_language_of(user):
            message = _("La mission est clôturée : %(cause)s.") % {"cause": cause}
            if comment:
                message += "\n" + _("Raison donnée par %(who)s : %(reason)s") % {"who": by, "reason": comment}
            told = [line for line, visible_to in closing.lines if visible_to(user)]
            if told:
                message += "\n\n" + _(
                    "Les personnes qui attendaient une réponse en sont prévenues, avec bienveillance : %(names)s."
                ) % {"names": ", ".join(told)}
            notify(
                user=user,
                subject=_("« %(title)s » est clôturée") % {"title": mission.title},
                message=message,
                url=url,
                kind=NotificationKind.ENGAGEMENT,
            )
    return mission


@transaction.atomic
def mission_close(*, mission: Mission, by, reason: str) -> Mission:
    """The host or HR closes a published mission that needs nobody more; the reason stays in its timeline."""
    mission = _locked(mission)
    if not policies.can_close_mission(by, mission):
        raise PermissionDenied
    reason = reason.strip()[:2000]
    if not reason:
        raise MissionStepRefused(
            _("Indiquez la raison de la clôture : elle reste dans l'historique de la mission.")
        )
    return _close(mission, by=by, reason=ClosedReason.BY_PERSON, comment=reason)


@transaction.atomic
def close_if_filled(mission: Mission) -> bool:
    """Passerelles closes a published mission once its places are all taken. Engagements call it in the
    transaction where an engagement takes a place (it is saved first, so that it counts)."""
    mission = _locked(mission)
    if mission.status != MissionStatus.PUBLISHED or places_taken(mission) < mission.places:
        return False
    _close(mission, by=None, reason=ClosedReason.FILLED)
    return True


def close_ended_missions(*, today: datetime.date) -> int:
    """The daily step: every published mission whose end date has passed closes. Catching up missed days
    closes them all at once; running it twice the same day closes nothing more."""
    closed = 0
    ended = Mission.objects.filter(status=MissionStatus.PUBLISHED, end_date__lt=today)
    for pk in ended.values_list("pk", flat=True):
        with transaction.atomic():
            mission = _locked(Mission(pk=pk))
            if mission.status == MissionStatus.PUBLISHED and mission.end_date < today:
                _close(mission, by=None, reason=ClosedReason.END_DATE)
                closed += 1
    return closed


def reopen_refusal(mission: Mission, *, today: datetime.date | None = None) -> str:
    """Why this closed mission cannot be reopened now, in words ("" when it can)."""
    today = today or timezone.localdate()
    if mission.status != MissionStatus.CLOSED:
        return _("Cette mission n'est pas clôturée.")
    if mission.end_date < today:
        return _("La date de fin de la mission est passée : elle ne peut pas être rouverte.")
    taken = places_taken(mission)
    if taken >= mission.places:
        return _(
            "Toutes les places sont prises (%(taken)s sur %(places)s) : la mission ne peut pas être rouverte."
        ) % {"taken": taken, "places": mission.places}
    return ""


@transaction.atomic
def mission_reopen(*, mission: Mission, by, reason: str = "") -> Mission:
    """The host or HR reopens a closed mission that still has places and an end date ahead; it comes back
    into « Missions ouvertes ». Never automatic, even when a place frees up: it is a person's choice."""
    mission = _locked(mission)
    if not policies.can_reopen_mission(by, mission):
        raise PermissionDenied
    refusal = reopen_refusal(mission)
    if refusal:
        raise MissionStepRefused(refusal)
    reason = reason.strip()[:2000]
    _move(mission, action="reopen", by=by, comment=reason)
    mission.closed_at, mission.closed_reason, mission.closed_comment, mission.closed_by = None, "", "", None
    mission.save(update_fields=["status", "closed_at", "closed_reason", "closed_comment", "closed_by"])
    index_mission(mission)
    for user in _brokers(mission) - {by}:
        with in_language_of(user):
            notify(
                user=user,
                subject=_("« %(title)s » est rouverte") % {"title": mission.title},
                message=_("%(who)s a rouvert la mission : elle est de nouveau dans « Missions ouvertes ».")
                % {"who": by}
                + (f"\n{reason}" if reason else ""),
                url=reverse("mission_detail", kwargs={"mission_id": mission.pk}),
                kind=NotificationKind.ENGAGEMENT,
            )
    return mission
