"""Organisations (one's own and the partners of its networks, as the web shows them), units and work sites."""

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema

from passerelles.access.actor import get_actor
from passerelles.api.errors import ERROR_CODES, ErrorOut
from passerelles.api.paging import DEFAULT_LIMIT, PageOut, page
from passerelles.organisations.models import Organisation, OrgUnit, WorkSite

router = Router(tags=["organisations"])


class PageQuery(Schema):
    cursor: str | None = None
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=200)


class OrganisationOut(Schema):
    id: int
    name: str
    short_name: str
    slug: str
    kind: str
    siret: str
    own: bool  # the key's own organisation (the others are network partners: their name only)


class OrganisationPage(PageOut):
    results: list[OrganisationOut]


class UnitOut(Schema):
    id: int
    organisation_id: int
    parent_id: int | None
    kind: str
    name: str
    code: str


class UnitPage(PageOut):
    results: list[UnitOut]


class SiteOut(Schema):
    id: int
    organisation_id: int
    name: str
    city: str
    postcode: str


class SitePage(PageOut):
    results: list[SiteOut]


def _organisation(org: Organisation, request) -> dict:
    own = org.pk == request.api_key.organisation_id
    return {
        "id": org.pk,
        "name": org.name,
        "short_name": org.short_name,
        "slug": org.slug,
        "kind": org.kind,
        "siret": org.siret if own else "",
        "own": own,
    }


def _unit(unit: OrgUnit) -> dict:
    return {
        "id": unit.pk,
        "organisation_id": unit.organisation_id,
        "parent_id": unit.parent_id,
        "kind": unit.kind,
        "name": unit.name,
        "code": unit.code,
    }


def _site(site: WorkSite) -> dict:
    return {
        "id": site.pk,
        "organisation_id": site.organisation_id,
        "name": site.name,
        "city": site.city,
        "postcode": site.postcode,
    }


def _sites(request):
    """Work sites, like units: those of the actor's own organisations (never a partner's)."""
    return WorkSite.objects.filter(organisation_id__in=get_actor(request.user).org_ids())


@router.get("/organisations", response={200: OrganisationPage, ERROR_CODES: ErrorOut})
def list_organisations(request, params: Query[PageQuery]):
    rows = Organisation.objects.for_actor(request.user)
    return page(rows, cursor=params.cursor, limit=params.limit, serialise=lambda o: _organisation(o, request))


@router.get("/organisations/{organisation_id}", response={200: OrganisationOut, ERROR_CODES: ErrorOut})
def get_organisation(request, organisation_id: int):
    org = get_object_or_404(Organisation.objects.for_actor(request.user), pk=organisation_id)
    return _organisation(org, request)


@router.get("/units", response={200: UnitPage, ERROR_CODES: ErrorOut})
def list_units(request, params: Query[PageQuery]):
    rows = OrgUnit.objects.for_actor(request.user)
    return page(rows, cursor=params.cursor, limit=params.limit, serialise=_unit)


@router.get("/units/{unit_id}", response={200: UnitOut, ERROR_CODES: ErrorOut})
def get_unit(request, unit_id: int):
    return _unit(get_object_or_404(OrgUnit.objects.for_actor(request.user), pk=unit_id))


@router.get("/sites", response={200: SitePage, ERROR_CODES: ErrorOut})
def list_sites(request, params: Query[PageQuery]):
    return page(_sites(request), cursor=params.cursor, limit=params.limit, serialise=_site)


@router.get("/sites/{site_id}", response={200: SiteOut, ERROR_CODES: ErrorOut})
def get_site(request, site_id: int):
    return _site(get_object_or_404(_sites(request), pk=site_id))
