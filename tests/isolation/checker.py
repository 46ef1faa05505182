"""Enumerate every URL pattern and look for another organisation's data in what each actor gets back.

How it works: every name of the outsider organisation contains MARKER (see tests/cast.py). For each URL
pattern of the urlconf, parameters are filled with the *outsider's* objects (the attack: guessing another
organisation's ids), the page is fetched as each actor, and the response (body and redirect target) must
not contain MARKER.

Adding a view needs nothing here; a view with a new URL parameter needs one line in ``FILLERS`` (parameter
name → value taken from the cast). A pattern whose parameters cannot be filled makes
``test_every_url_pattern_is_checked`` fail and says which line to add.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import quote

from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve

from tests.cast import MARKER, Cast
from tests.isolation import (
    api_fillers,
    calendar_fillers,
    care_fillers,
    cohort_fillers,
    crisis_plan_fillers,
    encounter_fillers,
    facilitation_fillers,
    network_fillers,
    pooling_fillers,
    smallhelp_fillers,
    webhook_fillers,
)

# parameter name → value for the outsider organisation's objects
FILLERS: dict[str, Callable[[Cast], object]] = {
    "org_slug": lambda cast: cast.outsider.slug,
    "network_slug": lambda cast: cast.outsider_network.slug,
    "pk": lambda cast: cast.outsider_agent.pk,
    "role": lambda cast: "rh",
    "mission_id": lambda cast: cast.outsider_mission.pk,
    "engagement_id": lambda cast: cast.outsider_engagement.pk,
    "search_id": lambda cast: cast.outsider_search.pk,
    "import_id": lambda cast: cast.outsider_import.pk,
    "tag_id": lambda cast: cast.outsider_tag.pk,
    "request_id": lambda cast: cast.outsider_erasure.pk,
    "entry_id": lambda cast: cast.outsider_word.pk,
    "document_id": lambda cast: cast.outsider_document.pk,
    "checkin_id": lambda cast: cast.outsider_checkin.pk,
    "time_entry_id": lambda cast: cast.outsider_time.pk,
    "story_id": lambda cast: cast.outsider_story.pk,
    "message_id": lambda cast: cast.outsider_message.pk,
    "invitation_id": lambda cast: cast.outsider_invitation.pk,
    "membership_id": lambda cast: cast.outsider_membership.pk,
    "token": lambda cast: "lien-invente-par-un-curieux",
    "photo_id": lambda cast: cast.outsider_photo.pk,
    "call_id": lambda cast: cast.outsider_call.pk,
    "programme_id": lambda cast: cast.outsider_programme.pk,
    "indicator_id": lambda cast: cast.outsider_indicator.pk,
    "file_format": lambda cast: "pdf",
    "indicator": lambda cast: "flux",  # a dashboard's table (issue 16)
    "export_format": lambda cast: "xlsx",
    "kind": lambda cast: "pacte",
    "colour": lambda cast: cast.outsider.theme_colour.lstrip("#"),
    "crisis_id": lambda cast: cast.outsider_crisis.pk,  # issue 17
    "need_id": lambda cast: cast.outsider_need.pk,
    # the crisis plan (issue 17): the outsider crisis's published plan and one of its assignments
    "plan_id": crisis_plan_fillers.plan_id,
    "assignment_id": crisis_plan_fillers.assignment_id,
    # issue 18: the outsider network's cohort programme
    **{
        name: cohort_fillers.filler(name)
        for name in ("cohort_id", "item_id", "nomination_id", "step_id", "opportunity_id")
    },
    "scheme_id": network_fillers.scheme_id,  # issue 18: the outsider network's shared scheme
    # pooled agents (issue 18): the outsider's pool, one of its slots and a replacement request
    "pool_id": pooling_fillers.pool_id,
    "slot_id": pooling_fillers.slot_id,
    "replacement_id": pooling_fillers.replacement_id,
    # the facilitators' pool (issue 19): the outsider's volunteer and a call sent to them
    "facilitator_id": facilitation_fillers.facilitator_id,
    "facilitation_call_id": facilitation_fillers.facilitation_call_id,
    # small help (issue 19): the outsider's coup de main, immersion and return programme
    "help_id": smallhelp_fillers.help_id,
    "immersion_id": smallhelp_fillers.immersion_id,
    "return_programme_id": smallhelp_fillers.return_programme_id,
    # mission forums and café-missions (issue 19): the outsider's held café, its pitch and a conversation
    "encounter_id": encounter_fillers.encounter_id,
    "pitch_id": encounter_fillers.pitch_id,
    "conversation_id": encounter_fillers.conversation_id,
    # the confidential path (issue 22): the outsider's accompaniment plan
    "accompaniment_id": care_fillers.accompaniment_id,
    "escalation_id": care_fillers.escalation_id,  # and a mission's support (issue 22, 2)
    # outgoing webhooks (issue 20): the outsider's endpoint
    "endpoint_id": webhook_fillers.endpoint_id,
    # Django admin
    "object_id": lambda cast: cast.outsider_agent.pk,
    "app_label": lambda cast: "people",
    "content_type_id": lambda cast: 1,
    "history_id": lambda cast: 1,
    "version_id": lambda cast: 1,
    "id": lambda cast: cast.outsider_agent.pk,
    # allauth
    "uidb36": lambda cast: "1",
    "key": lambda cast: "1-abcdef",
    "provider_id": lambda cast: "openid_connect",
    "url": lambda cast: "page-inexistante/",  # the admin's catch-all
    **api_fillers.FILLERS,
}

# Endpoints that answer a query string (search fields): each is also fetched with the outsider's names as
# the query, on the searcher's own organisation — a search must never find another organisation's people.
QUERY_URLS: list[Callable[[Cast], str]] = [
    lambda cast: f"/organisations/{cast.home.slug}/personnes/recherche/?q={MARKER}",
    lambda cast: f"/organisations/{cast.home.slug}/personnes/recherche/?q=Zack",
    lambda cast: f"/organisations/{cast.home.slug}/personnes/recherche/?q={quote(cast.outsider_agent.email)}",
    lambda cast: f"/organisations/{cast.outsider.slug}/personnes/recherche/?q=Zack",
    lambda cast: f"/vocabulaire/suggestions/?q=Mot%20{MARKER}",
    # HR's list of engagements, filtered by the outsider's mission or unit (ids guessed), page and export
    lambda cast: f"/organisations/{cast.home.slug}/engagements/?mission={cast.outsider_mission.pk}",
    lambda cast: f"/organisations/{cast.home.slug}/engagements/?unite={cast.outsider_unit.pk}&etape=interest",
    lambda cast: f"/organisations/{cast.home.slug}/engagements.csv?mission={cast.outsider_mission.pk}",
    lambda cast: f"/organisations/{cast.home.slug}/engagements.csv",
    # issue 16: the lists and exports, filtered by the outsider's ids (guessed), sorted, exported
    lambda cast: (
        f"/organisations/{cast.home.slug}/engagements/?mission={cast.outsider_mission.pk}&export=xlsx"
    ),
    lambda cast: f"/organisations/{cast.home.slug}/missions/?unite={cast.outsider_unit.pk}&tri=title",
    lambda cast: f"/organisations/{cast.home.slug}/missions/?programme={cast.outsider_mission.programme_id}",
    lambda cast: f"/organisations/{cast.home.slug}/missions/?export=csv",
    lambda cast: (
        f"/organisations/{cast.home.slug}/agents/?unite={cast.outsider_unit.pk}&actif=tous&export=csv"
    ),
    lambda cast: f"/organisations/{cast.home.slug}/agents/?q=Zack&actif=tous",
    lambda cast: f"/organisations/{cast.home.slug}/temps/?export=xlsx",
    lambda cast: (
        f"/organisations/{cast.home.slug}/exports/paie.csv?mois={cast.outsider_engagement.start_date:%Y-%m}"
    ),
    lambda cast: f"/organisations/{cast.home.slug}/exports/arretes.csv",
    lambda cast: f"/reseaux/{cast.network.slug}/missions/?organisation={cast.outsider.pk}&export=csv",
    lambda cast: f"/reseaux/{cast.network.slug}/missions/?unite={cast.outsider_unit.pk}",
    # a board poster of our organisation for the outsider's site or unit (ids guessed), a code of theirs
    lambda cast: f"/organisations/{cast.home.slug}/affiche.pdf?site={_outsider_site(cast)}",
    lambda cast: f"/organisations/{cast.home.slug}/affiche.pdf?unite={cast.outsider_unit.pk}",
    lambda cast: f"/organisations/{cast.outsider.slug}/affiche.pdf?unite={cast.outsider_unit.pk}",
    lambda cast: f"/missions/code/?code={quote(cast.outsider_mission.short_code)}",
    # the outsider's crisis: its roll call on a given day, a shift to add to its plan (ids guessed)
    lambda cast: f"/crises/{crisis_plan_fillers.crisis_id(cast)}/appel-du-jour/?jour=2026-01-01",
    lambda cast: (
        f"/crises/{crisis_plan_fillers.crisis_id(cast)}/plan/{crisis_plan_fillers.plan_id(cast)}/ajouter/"
        f"?besoin={crisis_plan_fillers.outsider_crisis_world(cast)['assignment'].need_id}"
    ),
    # a call for volunteers asked for the outsider organisation (its slug guessed)
    lambda cast: f"/missions/{cast.outsider_mission.pk}/appel/?organisation={cast.outsider.slug}",
    # the programmes of our organisation filtered or exported (the outsider's programme guessed in the filter)
    lambda cast: f"/organisations/{cast.home.slug}/programmes/?statut=test&test=oui&echu=non",
    lambda cast: f"/organisations/{cast.home.slug}/programmes/?_export=csv",
    lambda cast: f"/organisations/{cast.home.slug}/programmes/?_export=xlsx&statut=inconnu",
    # the dashboards filtered by the outsider's programme (id guessed): page, one table, the network's page
    lambda cast: (
        f"/organisations/{cast.home.slug}/tableau-de-bord/?programme={cast.outsider_mission.programme_id}"
    ),
    lambda cast: (
        f"/organisations/{cast.home.slug}/tableau-de-bord/flux.csv?programme={cast.outsider_mission.programme_id}"
    ),
    lambda cast: (
        f"/reseaux/{cast.network.slug}/tableau-de-bord/?programme={cast.outsider_mission.programme_id}"
    ),
    # issue 17: our registry filtered by the outsider's unit or site (ids guessed) and exported; the outsider's
    # crisis's id in our forms; our crisis forms offered the outsider's scenario or units
    lambda cast: f"/organisations/{cast.home.slug}/crise/registre/?unite={cast.outsider_unit.pk}&export=csv",
    lambda cast: f"/organisations/{cast.home.slug}/crise/registre/?site={_outsider_site(cast)}",
    lambda cast: f"/organisations/{cast.home.slug}/crise/activer/?scenario={_outsider_scenario(cast)}",
    lambda cast: f"/organisations/{cast.home.slug}/crise/pca/?scenario={_outsider_scenario(cast)}",
    lambda cast: f"/crise/volontaire/?crise={cast.outsider_crisis.pk}",
    # issue 18: our deadlines, paged; the outsider's pool's schedule on a given week
    lambda cast: f"/organisations/{cast.home.slug}/echeances/?page=2",
    lambda cast: f"/mutualisations/{pooling_fillers.pool_id(cast)}/planning/?semaine=2026-01-05",
    lambda cast: f"/organisations/{cast.home.slug}/coups-de-main/?type=immersions&etat=agreed",
    # issue 21: the page of a proposal with a rencontre, for our agent or the outsider's, with the outsider's mission
    lambda cast: f"/agents/{cast.agents['agent'].pk}/proposer/?mission={cast.outsider_mission.pk}",
    lambda cast: f"/agents/{cast.outsider_agent.pk}/proposer/?mission={cast.outsider_mission.pk}&retour=/",
    # issue 19: our events' list paged
    lambda cast: "/rencontres/?page=2",
    # issue 20: our agent's calendar feed, our annual-review exports and pages, with the outsider's consenting
    # agent under way (and a year that is not one)
    calendar_fillers.our_agents_feed,
    lambda cast: calendar_fillers.hr_export(cast, "csv"),
    lambda cast: calendar_fillers.hr_export(cast, "json"),
    lambda cast: f"/organisations/{cast.home.slug}/entretiens-annuels/?annee=deux-mille",
    lambda cast: "/passeport/entretien-annuel.json?annee=2026",
]


def _outsider_scenario(cast) -> int:
    from passerelles.crisis.models import Scenario

    return Scenario.objects.filter(plan__organisation=cast.outsider).values_list("pk", flat=True).first()


def _outsider_site(cast) -> int:
    from passerelles.organisations.models import WorkSite

    return WorkSite.objects.filter(organisation=cast.outsider).values_list("pk", flat=True).first()


# Value for an unnamed regex group, e.g. the admin's simple-history ``^([^/]+)/history/([^/]+)/$``.
POSITIONAL_FILLER = "1"

_ROUTE_PARAM = re.compile(r"<(?:\w+:)?(\w+)>")
_NAMED_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")
_UNNAMED_GROUP = re.compile(r"\((?!\?)[^)]*\)")


@dataclass(frozen=True)
class Route:
    name: str | None
    route: str
    params: tuple[str, ...]


@dataclass(frozen=True)
class Leak:
    actor: str
    url: str
    status: int
    where: str


def iter_routes(
    resolver: URLResolver | None = None, prefix: str = "", namespace: str = ""
) -> Iterator[Route]:
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from iter_routes(entry, prefix + str(entry.pattern), full_ns)
        elif isinstance(entry, URLPattern):
            regex = entry.pattern.regex
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield Route(name=name, route=prefix + str(entry.pattern), params=tuple(regex.groupindex))


def fill(route: str, values: dict[str, object]) -> str:
    """Turn a route (path() or re_path() syntax, prefixes included) into a concrete URL."""
    url = _NAMED_GROUP.sub(lambda m: str(values[m.group(1)]), route)
    url = _UNNAMED_GROUP.sub(POSITIONAL_FILLER, url)
    url = _ROUTE_PARAM.sub(lambda m: str(values[m.group(1)]), url)
    return "/" + url.replace("^", "").replace("$", "").replace("\\Z", "").replace("\\", "")


def build_urls(
    cast: Cast, urlconf: str | None = None
) -> tuple[list[tuple[Route, str]], list[tuple[Route, str]]]:
    """Every route as a URL filled with outsider data; and the routes that could not be built, with why."""
    built, missing = [], []
    for route in iter_routes(get_resolver(urlconf)):
        names = set(route.params) | set(_ROUTE_PARAM.findall(route.route))
        unknown = sorted(p for p in names if p not in FILLERS)
        if unknown:
            missing.append((route, f"no filler for parameter(s) {unknown}: add them to FILLERS"))
            continue
        url = fill(route.route, {p: FILLERS[p](cast) for p in names})
        try:
            resolve(url, urlconf)
        except Resolver404:
            missing.append((route, f"the filled URL {url} does not resolve: adjust its FILLERS"))
            continue
        built.append((route, url))
    return built, missing


def _without(text: str, echoes: list[str]) -> str:
    for echo in echoes:
        text = text.replace(echo, "")
    return text


def find_leaks(
    actors: dict[str, object],
    urls: list[str],
    marker: str = MARKER,
    methods: tuple[str, ...] = ("get", "post"),
) -> tuple[list[Leak], list[Leak]]:
    """Request every URL as every actor (``None`` is the anonymous visitor), with GET then an empty POST;
    return the leaks and the server errors."""
    leaks, errors = [], []
    for actor, user in actors.items():
        client = Client()
        for method in methods:
            for url in urls:
                if user is not None and "_auth_user_id" not in client.session:
                    client.force_login(user)  # the logout URL was just posted to
                response = getattr(client, method)(url)
                where = f"{method.upper()} {url}"
                if response.status_code >= 500:
                    errors.append(Leak(actor, where, response.status_code, "server error"))
                # The requested URL itself is echoed back (login "next", language switch): not a leak.
                echoes = [url, quote(url), quote(url, safe="")]
                location = response.get("Location", "")
                if marker.lower() in _without(location, echoes).lower():
                    leaks.append(Leak(actor, where, response.status_code, f"redirect to {location}"))
                body = (b"".join(response) if response.streaming else response.content).decode(
                    "utf-8", "replace"
                )
                if marker.lower() in _without(body, echoes).lower():
                    leaks.append(Leak(actor, where, response.status_code, "response body"))
    return leaks, errors
