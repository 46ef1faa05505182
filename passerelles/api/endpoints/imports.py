"""The SIRH export pushed as a file (CSV or XLSX, the same formats as the import page and the drop folder): the
same check, the same preview and report, the same history (« Imports SIRH », source « API »).

``POST /imports`` checks the file and, with ``apply=true``, applies it when the check is clean; otherwise the
preview waits, and ``POST /imports/{id}/apply`` applies it (or HR, from its page). A full export deactivates
the agents it no longer lists — never deletes them. Pushing the same file twice changes nothing the second time.
"""

import datetime

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Schema
from ninja.files import UploadedFile

from passerelles.access import policies
from passerelles.api.auth import WriteKeyAuth
from passerelles.api.errors import ERROR_CODES, ApiProblem, ErrorOut
from passerelles.api.paging import DEFAULT_LIMIT, PageOut, page
from passerelles.organisations.models import Organisation
from passerelles.people.models import AgentImport, ImportSource
from passerelles.people.sirh.sync import apply_checked, sync_file

router = Router(tags=["imports"])
MAX_ERRORS = 200


class ImportQuery(Schema):
    cursor: str | None = None
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=200)


class ImportLineError(Schema):
    line: int
    column: str
    message: str


class ImportOut(Schema):
    id: int
    source: str
    filename: str
    full: bool
    status: str
    rows: int
    to_create: int
    to_update: int
    to_deactivate: int
    unchanged: int
    errors: list[ImportLineError]
    message: str
    created_at: datetime.datetime
    applied_at: datetime.datetime | None


class ImportPage(PageOut):
    results: list[ImportOut]


def _import(agent_import: AgentImport) -> dict:
    return {
        "id": agent_import.pk,
        "source": agent_import.source,
        "filename": agent_import.filename,
        "full": agent_import.full,
        "status": agent_import.status,
        "rows": agent_import.rows,
        "to_create": agent_import.to_create,
        "to_update": agent_import.to_update,
        "to_deactivate": agent_import.to_deactivate,
        "unchanged": agent_import.unchanged,
        "errors": [
            {"line": int(line or 0), "column": str(column or ""), "message": str(message)}
            for line, column, message in (agent_import.errors or [])[:MAX_ERRORS]
        ],
        "message": agent_import.message,
        "created_at": agent_import.created_at,
        "applied_at": agent_import.applied_at,
    }


def _imports(request):
    return AgentImport.objects.for_actor(request.user).filter(organisation_id=request.api_key.organisation_id)


def _organisation(request) -> Organisation:
    organisation = Organisation.objects.get(pk=request.api_key.organisation_id)
    if not policies.can_import_agents(request.user, organisation):
        raise ApiProblem(403, "forbidden", _("Cette clé ne permet pas cette action."))
    return organisation


@router.post("/imports", response={200: ImportOut, ERROR_CODES: ErrorOut}, auth=WriteKeyAuth())
def push_file(
    request,
    file: File[UploadedFile],
    full: Form[bool] = True,
    apply: Form[bool] = False,
):
    organisation = _organisation(request)
    content = file.read()
    agent_import = sync_file(
        organisation,
        file.name or "export.csv",
        content,
        full=full,
        apply=apply,
        source=ImportSource.API,
        by=request.user,
    )
    return _import(agent_import)


@router.get("/imports", response={200: ImportPage, ERROR_CODES: ErrorOut})
def list_imports(request, params: Query[ImportQuery]):
    return page(_imports(request), cursor=params.cursor, limit=params.limit, serialise=_import)


@router.get("/imports/{import_id}", response={200: ImportOut, ERROR_CODES: ErrorOut})
def get_import(request, import_id: int):
    return _import(get_object_or_404(_imports(request), pk=import_id))


@router.post(
    "/imports/{import_id}/apply", response={200: ImportOut, ERROR_CODES: ErrorOut}, auth=WriteKeyAuth()
)
def apply_import(request, import_id: int):
    _organisation(request)
    agent_import = get_object_or_404(_imports(request), pk=import_id)
    if not apply_checked(agent_import):
        raise ApiProblem(
            422,
            "not_applicable",
            _("Cet import ne peut pas être appliqué (déjà appliqué, en cours, ou avec des erreurs)."),
        )
    return _import(agent_import)
