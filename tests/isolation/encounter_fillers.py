"""The outsider organisation's café-missions, held, with a pitch (and its photo), a registration and a
conversation, for the URL fillers of the forum pages (issue 19; created once per cast, on first use)."""

import datetime
import io

from django.core.files.base import ContentFile
from django.utils import timezone

from tests.cast import MARKER


def _png() -> ContentFile:
    from PIL import Image

    output = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(output, "PNG")
    return ContentFile(output.getvalue(), name="photo.png")


def outsider_encounter_world(cast) -> dict:
    found = getattr(cast, "_outsider_encounter", None)
    if found is not None:
        return found
    from passerelles.encounters.models import Conversation, Encounter, Pitch, Registration, Wish
    from passerelles.encounters.rules import Kind, Status

    now = timezone.now()
    encounter = Encounter.objects.create(
        kind=Kind.CAFE,
        title=f"Café {MARKER}",
        organisation=cast.outsider,
        date=timezone.localdate(),
        start_time=datetime.time(9),
        place=f"Salle {MARKER}",
        status=Status.HELD,
        hosts_invited_at=now,
        opened_at=now,
        scheduled_at=now,
        sent_at=now,
        held_at=now,
    )
    encounter.organisations.set([cast.outsider])
    pitch = Pitch.objects.create(
        encounter=encounter,
        mission=cast.outsider_mission,
        presenter=cast.outsider_mission.created_by,
        text=f"Présentation {MARKER}",
        photo=_png(),
        photo_alt=f"Photo {MARKER}",
    )
    registration = Registration.objects.create(encounter=encounter, agent=cast.outsider_agent)
    Wish.objects.create(registration=registration, pitch=pitch, rank=1)
    conversation = Conversation.objects.create(
        encounter=encounter,
        pitch=pitch,
        agent=cast.outsider_agent,
        round=0,
        table=0,
        starts_at=now - datetime.timedelta(hours=2),
    )
    found = {"encounter": encounter, "pitch": pitch, "conversation": conversation}
    cast._outsider_encounter = found
    return found


def encounter_id(cast) -> int:
    return outsider_encounter_world(cast)["encounter"].pk


def pitch_id(cast) -> int:
    return outsider_encounter_world(cast)["pitch"].pk


def conversation_id(cast) -> int:
    return outsider_encounter_world(cast)["conversation"].pk


def state(cast) -> list:
    """What a request could change in the outsider's event (for the isolation test's before/after)."""
    from passerelles.encounters.models import Conversation, Encounter, Pitch, Registration, Wish

    outsider_encounter_world(cast)
    org = cast.outsider
    return [
        list(Encounter.objects.filter(organisation=org).values_list("pk", "status", "title", "date")),
        list(Pitch.objects.filter(encounter__organisation=org).values_list("pk", "text", "photo")),
        list(Registration.objects.filter(encounter__organisation=org).values_list("pk", "agent_id")),
        list(
            Wish.objects.filter(pitch__encounter__organisation=org).values_list("pk", "rank", "host_marked")
        ),
        list(
            Conversation.objects.filter(encounter__organisation=org).values_list(
                "pk", "agent_continues", "host_continues", "engagement_id"
            )
        ),
    ]


def insider_objects(cast, agent) -> dict:
    """For the hostile-input sweep: our organisation's café-missions, open, with the host's pitch, the agent's
    registration and a conversation (the views then do real work)."""
    from passerelles.encounters.models import Conversation, Encounter, Pitch, Registration, Wish
    from passerelles.encounters.rules import Kind, Status
    from tests.cast import make_workshop_mission

    now = timezone.now()
    encounter = Encounter.objects.create(
        kind=Kind.CAFE,
        title="Café-missions",
        organisation=cast.home,
        date=timezone.localdate() + datetime.timedelta(days=7),
        start_time=datetime.time(9),
        place="Salle du conseil",
        status=Status.OPEN,
        hosts_invited_at=now,
        opened_at=now,
    )
    encounter.organisations.set([cast.home])
    mission = make_workshop_mission(cast)
    pitch = Pitch.objects.create(
        encounter=encounter, mission=mission, presenter=mission.created_by, text="Ateliers"
    )
    registration = Registration.objects.create(encounter=encounter, agent=agent)
    Wish.objects.create(registration=registration, pitch=pitch, rank=1)
    conversation = Conversation.objects.create(
        encounter=encounter, pitch=pitch, agent=agent, round=0, table=0, starts_at=now
    )
    return {"encounter_id": encounter.pk, "pitch_id": pitch.pk, "conversation_id": conversation.pk}
