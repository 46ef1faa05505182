"""What an engagement transition tells the organisations' webhooks (issue 20): ids and states, no names.

Why so little: the receiver is the HR information system of an organisation whose HR already sees the
engagement (the agent's employer and the mission's host, passerelles/engagements/scopes.py), but a webhook
body travels and is kept outside Passerelles. It says which engagement moved, from which step to which, on
which mission (its id and title: a mission is published, not personal) and which side the receiving
organisation is on; the receiver looks the rest up in Passerelles, with its own rights, by following ``url``.
No name, no e-mail address, no comment, no reason of a decline.

The event type is ``engagement.<state reached>`` (``engagement.ready``, ``engagement.active``…): an endpoint
chooses the steps it wants. Written by the engagement's single event writer (``services.steps.record_event``)
in the transaction of the step itself.
"""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from passerelles.engagements.lifecycle import State
from passerelles.outbox.services import queue_event

PREFIX = "engagement."
# Every event an endpoint may ask for, in the lifecycle's order, with the words of the settings page.
EVENT_TYPES = {
    f"{PREFIX}{state.value}": _("Engagement : %(state)s") % {"state": state.label} for state in State
}


def event_type(state: str) -> str:
    return f"{PREFIX}{state}"


def _organisation(organisation) -> dict:
    return {"id": organisation.pk, "slug": organisation.slug, "siret": organisation.siret or None}


def payloads(engagement, event) -> list[tuple[int, str, dict]]:
    """(organisation id, event type, data) for the employer and the host (one organisation once if they are
    the same), each told which side it is on."""
    mission = engagement.mission
    employer, host = engagement.agent.organisation, mission.organisation
    sides = {employer.pk: (employer, ["employer"])}
    if host.pk in sides:
        sides[host.pk][1].append("host")
    else:
        sides[host.pk] = (host, ["host"])
    path = reverse("engagement_detail", kwargs={"engagement_id": engagement.pk})
    return [
        (
            organisation.pk,
            event_type(event.to_state),
            {
                "organisation": _organisation(organisation),
                "engagement": {
                    "id": engagement.pk,
                    "state": event.to_state,
                    "from_state": event.from_state or None,
                    "action": event.action,
                    "url": f"{settings.SITE_URL}{path}",
                },
                "mission": {"id": mission.pk, "title": mission.title, "organisation": _organisation(host)},
                "employer": _organisation(employer),
                "roles": roles,
            },
        )
        for organisation, roles in sides.values()
    ]


def transitioned(engagement, event) -> None:
    """Queue the event for the endpoints of the engagement's organisations, in the step's transaction."""
    for organisation_id, kind, data in payloads(engagement, event):
        queue_event(organisation_id=organisation_id, event_type=kind, occurred_at=event.at, data=data)
