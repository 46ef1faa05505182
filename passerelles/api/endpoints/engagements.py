"""Engagements, with their timeline (steps and dates) and their documents' metadata — never their content.

The timeline gives each step's kind, states and date, not its comment: a comment may hold a reason that the
web shows to some people only (a decline « gardée pour la RH »), and an integration has no use for it.
"""

import datetime

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema

from passerelles.api.errors import ERROR_CODES, ErrorOut
from passerelles.api.paging import DEFAULT_LIMIT, PageOut, page
from passerelles.documents.models import DocumentAcceptance, EngagementDocument
from passerelles.engagements.lifecycle import State
from passerelles.engagements.models import Engagement, EngagementEvent

router = Router(tags=["engagements"])


class EngagementQuery(Schema):
    cursor: str | None = None
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=200)
    state: State | None = None
    mission_id: int | None = Query(None, ge=1)


class EventOut(Schema):
    action: str
    from_state: str
    to_state: str
    at: datetime.datetime


class AcceptanceOut(Schema):
    party: str
    accepted_at: datetime.datetime


class DocumentOut(Schema):
    id: int
    kind: str
    version: int
    sha256: str
    created_at: datetime.datetime
    superseded_at: datetime.datetime | None
    signed_pdf: bool
    acceptances: list[AcceptanceOut]


class EngagementOut(Schema):
    id: int
    agent_id: int
    mission_id: int
    host_organisation_id: int
    home_organisation_id: int
    state: str
    framework: str | None
    start_date: datetime.date
    end_date: datetime.date
    percent: int
    end_reason: str
    created_at: datetime.datetime
    updated_at: datetime.datetime


class EngagementDetailOut(EngagementOut):
    timeline: list[EventOut]
    documents: list[DocumentOut]


class EngagementPage(PageOut):
    results: list[EngagementOut]


def _rows(request):
    return Engagement.objects.for_actor(request.user).select_related("agent", "mission", "framework")


def _engagement(engagement: Engagement) -> dict:
    framework = getattr(engagement, "framework", None)
    return {
        "id": engagement.pk,
        "agent_id": engagement.agent_id,
        "mission_id": engagement.mission_id,
        "host_organisation_id": engagement.mission.organisation_id,
        "home_organisation_id": engagement.agent.organisation_id,
        "state": engagement.state,
        "framework": framework.code if framework else None,
        "start_date": engagement.start_date,
        "end_date": engagement.end_date,
        "percent": engagement.percent,
        "end_reason": engagement.end_reason,
        "created_at": engagement.created_at,
        "updated_at": engagement.updated_at,
    }


def _document(document: EngagementDocument) -> dict:
    return {
        "id": document.pk,
        "kind": document.kind,
        "version": document.version,
        "sha256": document.sha256,
        "created_at": document.created_at,
        "superseded_at": document.superseded_at,
        "signed_pdf": bool(document.accepted_pdf),
        "acceptances": [{"party": a.party, "accepted_at": a.accepted_at} for a in document.acceptances.all()],
    }


@router.get("/engagements", response={200: EngagementPage, ERROR_CODES: ErrorOut})
def list_engagements(request, params: Query[EngagementQuery]):
    rows = _rows(request)
    if params.state:
        rows = rows.filter(state=params.state)
    if params.mission_id:
        rows = rows.filter(mission_id=params.mission_id)
    return page(rows, cursor=params.cursor, limit=params.limit, serialise=_engagement)


@router.get("/engagements/{engagement_id}", response={200: EngagementDetailOut, ERROR_CODES: ErrorOut})
def get_engagement(request, engagement_id: int):
    engagement = get_object_or_404(
        _rows(request).prefetch_related(
            Prefetch("events", queryset=EngagementEvent.objects.order_by("at", "pk")),
            Prefetch(
                "documents",
                queryset=EngagementDocument.objects.order_by("kind", "version").prefetch_related(
                    Prefetch("acceptances", queryset=DocumentAcceptance.objects.order_by("accepted_at", "pk"))
                ),
            ),
        ),
        pk=engagement_id,
    )
    data = _engagement(engagement)
    data["timeline"] = [
        {"action": e.action, "from_state": e.from_state, "to_state": e.to_state, "at": e.at}
        for e in engagement.events.all()
    ]
    data["documents"] = [_document(d) for d in engagement.documents.all()]
    return data
