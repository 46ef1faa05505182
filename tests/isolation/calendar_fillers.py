"""Issue 20: the outsider's agent under way on a mission, with a point d'étape, their consent to the annual
review and a calendar feed — so that our exports and our feeds would show them if they leaked (created once
per cast, on first use). The URL parameters of these pages need no new filler (``org_slug``, ``token``)."""

import datetime

from django.utils import timezone

from tests.cast import MARKER


def outsider_review_world(cast) -> dict:
    found = getattr(cast, "_outsider_review", None)
    if found is not None:
        return found
    from passerelles.annualreview.models import ReviewConsent
    from passerelles.calendars import services as calendars
    from passerelles.engagements.lifecycle import State
    from passerelles.followup.models import CheckIn
    from passerelles.missions.models import MissionStatus
    from tests.cast import make_engagement, make_mission

    today = timezone.localdate()
    mission = make_mission(
        cast.outsider,
        cast.outsider_unit,
        cast.outsider_agent.manager,
        title=f"Mission en cours {MARKER}",
        status=MissionStatus.PUBLISHED,
        skills=f"Savoir {MARKER}",
        start_date=today - datetime.timedelta(days=20),
        end_date=today + datetime.timedelta(days=40),
    )
    engagement = make_engagement(cast.outsider_agent, mission, State.ACTIVE)
    CheckIn.objects.create(engagement=engagement, due_on=today + datetime.timedelta(days=3))
    ReviewConsent.objects.create(agent=cast.outsider_agent, given_at=timezone.now())
    calendars.new_address(cast.outsider_agent.user)
    found = {"engagement": engagement}
    cast._outsider_review = found
    return found


def our_agents_feed(cast) -> str:
    """Our agent's own feed, read with the outsider's world present: none of it may appear there."""
    from passerelles.access.models import Role
    from passerelles.calendars import services as calendars

    outsider_review_world(cast)
    return f"/agenda/{calendars.new_address(cast.users[Role.AGENT])}.ics"


def hr_export(cast, extension: str) -> str:
    outsider_review_world(cast)
    return f"/organisations/{cast.home.slug}/exports/entretiens-annuels.{extension}?annee={timezone.localdate().year}"


def state(cast) -> list:
    """What a request could change of the outsider's consent and feed (the isolation test's before/after)."""
    from passerelles.annualreview.models import ReviewConsent
    from passerelles.calendars.models import CalendarFeed

    outsider_review_world(cast)
    org = cast.outsider
    return [
        list(
            ReviewConsent.objects.filter(agent__organisation=org).values_list(
                "pk", "given_at", "withdrawn_at"
            )
        ),
        list(CalendarFeed.objects.filter(user__agent__organisation=org).values_list("pk", "token_hash")),
    ]
