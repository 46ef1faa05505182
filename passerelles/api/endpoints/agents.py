"""The organisation's agents: read, and upsert in bulk from the SIRH (the same rules and errors as the file).

Only the key's own organisation's agents: a partner's HR sees an agent who opened their profile to the network
on the web, but the SIRH of one organisation has nothing to do with another's staff. Gender and year of birth,
kept for the dashboards' reach, are never given out one person at a time.
"""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from pydantic import field_validator

from passerelles.access import policies
from passerelles.api.auth import WriteKeyAuth
from passerelles.api.errors import ERROR_CODES, ApiProblem, ErrorOut
from passerelles.api.paging import DEFAULT_LIMIT, PageOut, page
from passerelles.organisations.models import Organisation
from passerelles.people.models import Agent
from passerelles.people.signals import agents_imported
from passerelles.people.sirh.apply import apply_plan, existing_agents
from passerelles.people.sirh.planner import plan_import
from passerelles.people.sirh.reader import CONTROL, LABELS, Row, Table

router = Router(tags=["agents"])
MAX_BULK = 5000  # rows per request; a whole SIRH export goes as a file, or in several requests (full=false)


class AgentQuery(Schema):
    cursor: str | None = None
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=200)
    matricule: str | None = Field(None, max_length=40)
    active: bool | None = None


class AgentOut(Schema):
    id: int
    organisation_id: int
    matricule: str
    first_name: str
    last_name: str
    email: str
    job_title: str
    category: str
    grade: str
    status: str
    unit_id: int | None
    manager_id: int | None
    site_id: int | None
    is_active: bool


class AgentPage(PageOut):
    results: list[AgentOut]


class AgentLine(Schema):
    """One line of the SIRH export, with the file's meaning (docs/api.md lists the accepted values)."""

    @field_validator("*")
    @classmethod
    def no_nul(cls, value):
        """No person types a NUL character, and PostgreSQL refuses to store one: refused at the boundary."""
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("NUL")
        return value

    matricule: str = Field(..., max_length=40)
    last_name: str = Field(..., max_length=120)
    first_name: str = Field(..., max_length=120)
    category: str = Field(..., max_length=20)
    status: str = Field(..., max_length=40)
    email: str = Field("", max_length=254)
    direction: str = Field("", max_length=200)
    service: str = Field("", max_length=200)
    manager: str = Field("", max_length=40, description="matricule du responsable")
    grade: str = Field("", max_length=120)
    site: str = Field("", max_length=200)
    gender: str | None = Field(None, max_length=10)
    birth_year: str | None = Field(None, max_length=10)


class BulkIn(Schema):
    agents: list[AgentLine] = Field(..., max_length=MAX_BULK)
    full: bool = Field(
        False,
        description="export complet : les agents absents de la liste sont désactivés (jamais supprimés)",
    )
    dry_run: bool = Field(False, description="montrer ce qui changerait, sans rien écrire")


class BulkOut(Schema):
    dry_run: bool
    rows: int
    created: int
    updated: int
    deactivated: int
    unchanged: int
    skipped: list[str]


def _agent(agent: Agent) -> dict:
    return {
        "id": agent.pk,
        "organisation_id": agent.organisation_id,
        "matricule": agent.matricule,
        "first_name": agent.first_name,
        "last_name": agent.last_name,
        "email": agent.email,
        "job_title": agent.job_title,
        "category": agent.category,
        "grade": agent.grade,
        "status": agent.status,
        "unit_id": agent.unit_id,
        "manager_id": agent.manager_id,
        "site_id": agent.site_id,
        "is_active": agent.is_active,
    }


def _agents(request):
    return Agent.objects.for_actor(request.user).filter(organisation_id=request.api_key.organisation_id)


@router.get("/agents", response={200: AgentPage, ERROR_CODES: ErrorOut})
def list_agents(request, params: Query[AgentQuery]):
    rows = _agents(request)
    if params.matricule:
        rows = rows.filter(matricule=params.matricule)
    if params.active is not None:
        rows = rows.filter(is_active=params.active)
    return page(rows, cursor=params.cursor, limit=params.limit, serialise=_agent)


def _table(lines: list[AgentLine]) -> Table:
    """The lines as the file reader would give them (control characters dropped, spaces trimmed): line 2 is
    the first agent (line 1 being the header)."""
    given = {name for line in lines for name, value in line.model_dump().items() if value is not None}
    columns = {name: LABELS[name] for name in given}
    rows = [
        Row(
            line=number,
            values={k: CONTROL.sub("", v).strip() for k, v in line.model_dump().items() if v is not None},
        )
        for number, line in enumerate(lines, start=2)
    ]
    return Table(rows=rows, columns=columns)


@router.post("/agents/bulk", response={200: BulkOut, ERROR_CODES: ErrorOut}, auth=WriteKeyAuth())
def bulk_upsert(request, payload: BulkIn):
    organisation = Organisation.objects.get(pk=request.api_key.organisation_id)
    if not policies.can_import_agents(request.user, organisation):
        raise ApiProblem(403, "forbidden", _("Cette clé ne permet pas cette action."))
    plan = plan_import(_table(payload.agents), existing_agents(organisation), full=payload.full)
    if not plan.ok:
        raise ApiProblem(
            422,
            "invalid_lines",
            _("%(count)s erreur(s) : rien n'a été importé.") % {"count": len(plan.errors)},
            [
                {"location": "body", "field": f"agents.{e.line - 2}.{e.column}", "message": e.message}
                for e in plan.errors[:200]
            ],
        )
    skipped = [f"agents.{e.line - 2} : {e.message}" for e in plan.skipped[:200]]
    if payload.dry_run:
        return {
            "dry_run": True,
            "rows": plan.rows,
            "created": len(plan.create),
            "updated": len(plan.update),
            "deactivated": len(plan.deactivate),
            "unchanged": plan.unchanged,
            "skipped": skipped,
        }
    applied = apply_plan(plan, organisation, by=request.user)  # one transaction: all of it, or nothing
    agents_imported.send(
        sender=Organisation,
        organisation=organisation,
        agent_ids=applied.created_ids,
        by=request.user,
        invite=False,
    )
    return {
        "dry_run": False,
        "rows": plan.rows,
        "created": applied.created,
        "updated": applied.updated,
        "deactivated": applied.deactivated,
        "unchanged": plan.unchanged,
        "skipped": skipped,
    }


# after the bulk route: « /agents/bulk » is not an agent's id
@router.get("/agents/{agent_id}", response={200: AgentOut, ERROR_CODES: ErrorOut})
def get_agent(request, agent_id: int):
    return _agent(get_object_or_404(_agents(request), pk=agent_id))
