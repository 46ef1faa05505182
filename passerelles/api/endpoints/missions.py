"""Missions the key's organisation sees on the web: its own in every status, partners' published ones."""

import datetime

from ninja import Field, Query, Router, Schema

from passerelles.api.errors import ERROR_CODES, ErrorOut
from passerelles.api.paging import DEFAULT_LIMIT, PageOut, page
from passerelles.missions.models import Mission, MissionStatus
from passerelles.missions.queries import mission_for

router = Router(tags=["missions"])


class MissionQuery(Schema):
    cursor: str | None = None
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=200)
    status: MissionStatus | None = Field(None, description="brouillon, publiée, clôturée…")


class MissionOut(Schema):
    id: int
    organisation_id: int
    host_unit_id: int | None
    short_code: str
    title: str
    purpose: str
    status: str
    start_date: datetime.date
    end_date: datetime.date
    time_share_percent: int | None
    places: int | None
    visibility: str
    programme_id: int | None


class MissionPage(PageOut):
    results: list[MissionOut]


def _mission(mission: Mission) -> dict:
    return {
        "id": mission.pk,
        "organisation_id": mission.organisation_id,
        "host_unit_id": mission.host_unit_id,
        "short_code": mission.short_code,
        "title": mission.title,
        "purpose": mission.purpose,
        "status": mission.status,
        "start_date": mission.start_date,
        "end_date": mission.end_date,
        "time_share_percent": mission.time_share_percent,
        "places": mission.places,
        "visibility": mission.visibility,
        "programme_id": mission.programme_id,
    }


@router.get("/missions", response={200: MissionPage, ERROR_CODES: ErrorOut})
def list_missions(request, params: Query[MissionQuery]):
    rows = Mission.objects.for_actor(request.user)
    if params.status:
        rows = rows.filter(status=params.status)
    return page(rows, cursor=params.cursor, limit=params.limit, serialise=_mission)


@router.get("/missions/{mission_id}", response={200: MissionOut, ERROR_CODES: ErrorOut})
def get_mission(request, mission_id: int):
    return _mission(mission_for(request.user, mission_id))
