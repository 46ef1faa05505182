"""Activating a crisis, asking volunteers « êtes-vous disponible ? », their answers, and the broadcast call.

Why these rules:
- One active crisis per organisation at a time: two crises would ask the same people twice and two planners
  would place them twice.
- A crisis is expected to end within 90 days: beyond, it is no longer a crisis but a reorganisation, with its
  own procedures (the réserve communale allows 15 working days a year, 30 in a health emergency); the expected
  end can be pushed back later by ending and activating again.
- The units of the plan and the scenario are copied into the crisis (``CrisisUnit``): a later change of the plan
  never changes a crisis under way.
- Like a call for volunteers (callouts/services.py), the request only writes rows; the messages leave from a task
  by batches, and running it twice notifies nobody twice.
- The broadcast widens the registry (agents not yet in it), at most once an hour per crisis: more would be spam.
"""

import datetime
import secrets

from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from passerelles.crisis import rules
from passerelles.crisis.models import Availability, Broadcast, Crisis, CrisisUnit, EssentialUnit, Volunteer
from passerelles.crisis.vocabulary import Answer, CrisisStatus, UnitRole
from passerelles.notifications.models import Notification, NotificationKind
from passerelles.notifications.services import in_language_of, notify
from passerelles.organisations.models import Organisation
from passerelles.people.models import Agent

BATCH = 200
MAX_DAYS = 90
BROADCAST_EVERY = datetime.timedelta(hours=1)


class ActivationRefused(Exception):
    """A crisis that cannot be activated, an answer or a call that cannot be recorded: plain French."""


def organisation_ids(crisis) -> frozenset[int]:
    return rules.crisis_organisation_ids(crisis)


def active_crisis_for(organisation_ids) -> Crisis | None:
    """The active crisis that already involves one of these organisations (its own, or its network's)."""
    return (
        Crisis.objects.filter(status=CrisisStatus.ACTIVE)
        .filter(
            Q(organisation_id__in=organisation_ids)
            | Q(network__memberships__organisation_id__in=organisation_ids)
        )
        .first()
    )


def check_dates(starts_on, expected_end, *, today) -> None:
    if starts_on is None or expected_end is None:
        raise ActivationRefused(_("Indiquez la date de début et la fin prévue."))
    if starts_on < today:
        raise ActivationRefused(_("La crise commence aujourd'hui ou plus tard, pas dans le passé."))
    if expected_end < starts_on:
        raise ActivationRefused(_("La fin prévue vient après le début."))
    if expected_end > starts_on + datetime.timedelta(days=MAX_DAYS):
        raise ActivationRefused(
            _(
                "Une crise dure au plus %(n)s jours : au-delà, c'est une réorganisation, avec ses propres "
                "procédures. Vous pourrez activer une nouvelle crise à la fin de celle-ci si elle dure."
            )
            % {"n": MAX_DAYS}
        )


def _copy_units(crisis, organisation_ids, scenario) -> None:
    rows = {}
    for essential in EssentialUnit.objects.filter(plan__organisation_id__in=organisation_ids):
        rows[essential.unit_id] = CrisisUnit(
            crisis=crisis,
            unit_id=essential.unit_id,
            role=UnitRole.ESSENTIAL,
            minimum_staff=essential.minimum_staff,
        )
    if scenario is not None:
        for unit in scenario.closed_units.all():
            rows.setdefault(unit.pk, CrisisUnit(crisis=crisis, unit_id=unit.pk, role=UnitRole.CLOSED))
    CrisisUnit.objects.bulk_create(rows.values())


def _ask_volunteers(crisis, organisation_ids) -> int:
    volunteers = Volunteer.objects.filter(
        is_active=True, agent__is_active=True, agent__organisation_id__in=organisation_ids
    ).values_list("pk", flat=True)
    Availability.objects.bulk_create(
        [Availability(crisis=crisis, volunteer_id=pk, token=secrets.token_urlsafe(32)) for pk in volunteers],
        batch_size=500,
        ignore_conflicts=True,
    )
    crisis_id = crisis.pk
    transaction.on_commit(lambda: send_availability_calls.enqueue(crisis_id=crisis_id))
    return crisis.availabilities.count()


def _create(
    *,
    by,
    organisation=None,
    network=None,
    name,
    scenario,
    starts_on,
    expected_end,
    manager_must_agree,
    min_rest_hours,
    today,
) -> Crisis:
    name = " ".join(str(name or "").split())[:160]
    if not name:
        raise ActivationRefused(_("Donnez un nom à la crise (par exemple « Canicule de juillet »)."))
    check_dates(starts_on, expected_end, today=today)
    if not isinstance(min_rest_hours, int) or not 0 <= min_rest_hours <= 48:
        raise ActivationRefused(_("Le repos minimum se compte entre 0 et 48 heures (11 heures par défaut)."))
    ids = (
        frozenset({organisation.pk})
        if organisation is not None
        else frozenset(network.memberships.values_list("organisation_id", flat=True))
    )
    # one activation at a time per organisation: the organisations' rows are locked until the commit
    list(Organisation.objects.select_for_update().filter(pk__in=ids).values_list("pk"))
    already = active_crisis_for(ids)
    if already is not None:
        raise ActivationRefused(
            _("Une crise est déjà en cours pour cette organisation (« %(name)s ») : une seule à la fois.")
            % {"name": already.name}
        )
    crisis = Crisis.objects.create(
        name=name,
        organisation=organisation,
        network=network,
        scenario=scenario,
        starts_on=starts_on,
        expected_end=expected_end,
        manager_must_agree=bool(manager_must_agree),
        min_rest_hours=min_rest_hours,
        activated_by=by,
    )
    _copy_units(crisis, ids, scenario)
    _ask_volunteers(crisis, ids)
    return crisis


@transaction.atomic
def crisis_activate(
    *,
    by,
    organisation,
    name,
    scenario=None,
    starts_on,
    expected_end,
    manager_must_agree=False,
    min_rest_hours=11,
    today=None,
) -> Crisis:
    """Activate a crisis for one organisation (its signatory or administrator)."""
    if not rules.can_activate(by, organisation):
        raise ActivationRefused(
            _("Seul·e la direction générale ou l'administration de l'organisation active une crise.")
        )
    if scenario is not None and scenario.plan.organisation_id != organisation.pk:
        raise ActivationRefused(_("Ce scénario n'est pas celui de votre organisation."))
    return _create(
        by=by,
        organisation=organisation,
        name=name,
        scenario=scenario,
        starts_on=starts_on,
        expected_end=expected_end,
        manager_must_agree=manager_must_agree,
        min_rest_hours=min_rest_hours,
        today=today or timezone.localdate(),
    )


@transaction.atomic
def crisis_activate_network(
    *,
    by,
    network,
    name,
    scenario=None,
    starts_on,
    expected_end,
    manager_must_agree=False,
    min_rest_hours=11,
    today=None,
) -> Crisis:
    """Activate a crisis for a whole network (its coordinators); the scenario, if any, is a member's."""
    if not rules.can_activate_network(by, network):
        raise ActivationRefused(_("Seule la coordination du réseau active une crise pour tout le réseau."))
    members = set(network.memberships.values_list("organisation_id", flat=True))
    if scenario is not None and scenario.plan.organisation_id not in members:
        raise ActivationRefused(_("Ce scénario n'est pas celui d'une organisation du réseau."))
    return _create(
        by=by,
        network=network,
        name=name,
        scenario=scenario,
        starts_on=starts_on,
        expected_end=expected_end,
        manager_must_agree=manager_must_agree,
        min_rest_hours=min_rest_hours,
        today=today or timezone.localdate(),
    )


# --- asking, answering ----------------------------------------------------------------------------------------


def answer_url(availability) -> str:
    return reverse("crisis:answer", kwargs={"token": availability.token})


def _notify_availability(availability, crisis, *, again: bool) -> None:
    user = availability.volunteer.agent.user
    with in_language_of(user):
        subject = (
            _("Rappel — crise « %(name)s » : êtes-vous disponible ?")
            if again
            else _("Crise « %(name)s » : êtes-vous disponible ?")
        ) % {"name": crisis.name}
        notify(
            user=user,
            kind=NotificationKind.CRISIS,
            subject=subject,
            message=_(
                "Vous êtes inscrit·e au registre de crise. La crise « %(name)s » est activée du %(start)s au "
                "%(end)s (fin prévue). Dites si vous êtes disponible, et quels jours, en suivant le lien. Vous "
                "pouvez dire non : personne ne vous le reprochera."
            )
            % {
                "name": crisis.name,
                "start": f"{crisis.starts_on:%d/%m/%Y}",
                "end": f"{crisis.expected_end:%d/%m/%Y}",
            },
            url=answer_url(availability),
            action_needed=True,
        )


def _send(crisis, availabilities, *, again: bool) -> int:
    """Notify by batches; without ``again``, someone already asked for this crisis (a notification with their
    link exists) is skipped, so the task can run twice."""
    sent, last = 0, 0
    while True:
        batch = list(
            availabilities.filter(pk__gt=last).select_related("volunteer__agent__user").order_by("pk")[:BATCH]
        )
        if not batch:
            return sent
        last = batch[-1].pk
        urls = {answer_url(a): a for a in batch}
        done = (
            set()
            if again
            else set(
                Notification.objects.filter(kind=NotificationKind.CRISIS, url__in=list(urls)).values_list(
                    "url", flat=True
                )
            )
        )
        for url, availability in urls.items():
            if url in done or availability.volunteer.agent.user_id is None:
                continue
            with transaction.atomic():
                _notify_availability(availability, crisis, again=again)
            sent += 1


@task()
def send_availability_calls(crisis_id: int) -> int:
    crisis = Crisis.objects.get(pk=crisis_id)
    return _send(crisis, crisis.availabilities.all(), again=False)


@task()
def send_availability_reminders(crisis_id: int) -> int:
    crisis = Crisis.objects.get(pk=crisis_id)
    return _send(crisis, crisis.availabilities.filter(answer=Answer.ASKED), again=True)


@transaction.atomic
def availability_relaunch(*, crisis, by) -> int:
    """Ask again those who have not answered yet (the runners)."""
    if not rules.can_run(by, crisis) or not crisis.is_active:
        raise ActivationRefused(_("Seules les personnes qui mènent la crise relancent les volontaires."))
    waiting = crisis.availabilities.filter(answer=Answer.ASKED).count()
    if not waiting:
        raise ActivationRefused(_("Tout le monde a déjà répondu : personne à relancer."))
    crisis_id = crisis.pk
    transaction.on_commit(lambda: send_availability_reminders.enqueue(crisis_id=crisis_id))
    return waiting


def crisis_days(crisis) -> list[datetime.date]:
    days = (crisis.expected_end - crisis.starts_on).days + 1
    return [crisis.starts_on + datetime.timedelta(days=n) for n in range(max(days, 0))]


@transaction.atomic
def availability_answer(*, token: str, answer: str, dates, note: str = "") -> Availability:
    """The volunteer's answer, by the link of their message (no login: the token is the proof) or from their
    page. Dates are crisis days; none given means « my usual days »."""
    availability = (
        Availability.objects.select_for_update()
        .select_related("crisis")
        .filter(token=str(token)[:64])
        .first()
    )
    if availability is None:
        raise ActivationRefused(_("Ce lien n'existe pas."))
    crisis = availability.crisis
    if not crisis.is_active:
        raise ActivationRefused(_("Cette crise est close : il n'y a plus de réponse à donner. Merci !"))
    if answer not in (Answer.AVAILABLE, Answer.UNAVAILABLE):
        raise ActivationRefused(_("Dites si vous êtes disponible ou non."))
    allowed = {day.isoformat() for day in crisis_days(crisis)}
    dates = sorted({str(day) for day in dates or []})
    if not set(dates) <= allowed:
        raise ActivationRefused(_("Choisissez des jours parmi ceux de la crise."))
    availability.answer = answer
    availability.dates = dates if answer == Answer.AVAILABLE else []
    availability.note = str(note or "")[:300]
    availability.answered_at = timezone.now()
    availability.save(update_fields=["answer", "dates", "note", "answered_at"])
    return availability


def availability_counts(crisis) -> dict:
    counts = dict.fromkeys(Answer.values, 0)
    counts.update(crisis.availabilities.values_list("answer").annotate(n=Count("pk")).order_by())
    counts["total"] = sum(counts[value] for value in Answer.values)
    return counts


# --- the broadcast call ---------------------------------------------------------------------------------------


def broadcast_audience(crisis):
    """Every active agent of the crisis's organisations who is not (or no longer) in the registry."""
    return Agent.objects.filter(organisation_id__in=organisation_ids(crisis), is_active=True).exclude(
        pk__in=Volunteer.objects.filter(is_active=True).values("agent_id")
    )


def broadcast_preview(crisis) -> dict:
    agents = broadcast_audience(crisis)
    reachable = agents.filter(user__isnull=False, user__is_active=True).count()
    return {"reached": reachable, "unreachable": agents.count() - reachable}


def broadcast_wait(crisis) -> datetime.timedelta | None:
    """How long before the next broadcast is allowed (None: now)."""
    last = crisis.broadcasts.order_by("-sent_at").values_list("sent_at", flat=True).first()
    if last is None or timezone.now() - last >= BROADCAST_EVERY:
        return None
    return BROADCAST_EVERY - (timezone.now() - last)


def volunteer_url(crisis) -> str:
    return reverse("crisis:volunteer") + f"?crise={crisis.pk}"


@transaction.atomic
def broadcast_send(*, crisis, by, message: str) -> Broadcast:
    if not rules.can_run(by, crisis):
        raise ActivationRefused(_("Seules les personnes qui mènent la crise lancent un appel général."))
    crisis = Crisis.objects.select_for_update().get(pk=crisis.pk)
    if not crisis.is_active:
        raise ActivationRefused(_("Cette crise est close."))
    wait = broadcast_wait(crisis)
    if wait is not None:
        minutes = max(1, int(wait.total_seconds() // 60))
        raise ActivationRefused(
            _(
                "Un appel général part au plus une fois par heure : le prochain est possible dans %(n)s minute(s)."
            )
            % {"n": minutes}
        )
    message = str(message or "").strip()[:1000]
    if not message:
        raise ActivationRefused(_("Écrivez le message de l'appel."))
    counts = broadcast_preview(crisis)
    broadcast = Broadcast.objects.create(
        crisis=crisis,
        message=message,
        sent_by=by,
        reached=counts["reached"],
        unreachable=counts["unreachable"],
    )
    broadcast_id = broadcast.pk
    transaction.on_commit(lambda: send_broadcast.enqueue(broadcast_id=broadcast_id))
    return broadcast


@task()
def send_broadcast(broadcast_id: int) -> int:
    """Notify the audience by batches; someone already notified by this broadcast is skipped."""
    broadcast = Broadcast.objects.select_related("crisis").get(pk=broadcast_id)
    crisis = broadcast.crisis
    url = volunteer_url(crisis)
    done = set(
        Notification.objects.filter(
            kind=NotificationKind.CRISIS, url=url, created_at__gte=broadcast.sent_at
        ).values_list("user_id", flat=True)
    )
    agents = (
        broadcast_audience(crisis).filter(user__isnull=False, user__is_active=True).select_related("user")
    )
    sent, last = 0, 0
    while True:
        batch = list(agents.filter(pk__gt=last).order_by("pk")[:BATCH])
        if not batch:
            return sent
        last = batch[-1].pk
        for agent in batch:
            if agent.user_id in done:
                continue
            with transaction.atomic(), in_language_of(agent.user):
                notify(
                    user=agent.user,
                    kind=NotificationKind.CRISIS,
                    subject=_("Crise « %(name)s » : on a besoin de renforts") % {"name": crisis.name},
                    message=_(
                        "%(message)s\n\nVous pouvez rejoindre le registre de crise : c'est volontaire, vous "
                        "choisissez ce que vous savez faire, vos jours et vos heures, et vous pouvez en sortir à "
                        "tout moment."
                    )
                    % {"message": broadcast.message},
                    url=url,
                )
            sent += 1
