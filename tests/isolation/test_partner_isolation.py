"""URL × role isolation inside one network (issue 18): a partner member's private data stays its own.

The matrix of test_url_role_isolation.py guesses the ids of an organisation *outside* our network. Here the
other organisation is a member of our own network (the cast's partner): what it shares with the network —
a mission published for the network, a profile its agent opened to the network — may be read by our HR and
our network coordinator; what it keeps for itself — a mission for its own staff, a profile opened to its HR
only, an engagement between its own people — must never reach any of our roles, the coordinator included,
whatever URL they guess. Everything private there carries PARTNER_MARKER; what is shared carries SHARED, and
the coordinator does read it (the check is not blind).
"""

import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest

from passerelles.access.models import Role
from passerelles.engagements.lifecycle import State
from passerelles.missions.models import MissionStatus, Visibility
from passerelles.organisations.models import OrgUnit
from passerelles.people.models import Profile, ProfileTag
from passerelles.people.models import Visibility as ProfileVisibility
from tests.cast import grant, make_agent, make_engagement, make_mission
from tests.isolation.checker import fill, find_leaks, iter_routes

pytestmark = pytest.mark.django_db

PARTNER_MARKER = "Quokkalie"
SHARED = "Vannerie partagée"
FIGURES = Path(__file__).resolve().parents[2] / "var" / "test-artifacts" / "isolation"
# The routes a home actor could aim at a partner's objects with; the others take ids this scenario has not
# (a crisis, a pool, a cohort…: the outsider matrix guesses those) or are the admin's.
PARAMS = {"org_slug", "network_slug", "mission_id", "engagement_id", "pk"}


def partner_world(cast) -> dict:
    """The partner's private data (PARTNER_MARKER) and what it shares with the network (SHARED)."""
    partner = cast.partner
    unit = OrgUnit.objects.create(organisation=partner, name=f"Service {PARTNER_MARKER}")
    lead = make_agent(
        partner, "Léa", f"{PARTNER_MARKER}lead", unit=unit, job_title=f"Cheffe {PARTNER_MARKER}"
    )
    private_agent = make_agent(partner, "Pia", f"{PARTNER_MARKER}agent", unit=unit, manager=lead)
    # a profile opened to its own HR only, a skill in it: never counted nor named in the network
    profile = Profile.objects.create(
        agent=private_agent,
        visibility=ProfileVisibility.HR,
        presentation=f"Présentation {PARTNER_MARKER}",
        available=True,
    )
    ProfileTag.objects.create(profile=profile, kind="skill", label=f"Savoir {PARTNER_MARKER}", key="quokka")
    # a mission for its own staff, an engagement between its own people
    private_mission = make_mission(
        partner,
        unit,
        lead,
        title=f"Mission {PARTNER_MARKER} ornithologie",
        description=f"Au service {PARTNER_MARKER}",
        status=MissionStatus.PUBLISHED,
        visibility=Visibility.ORGANISATION,
    )
    engagement = make_engagement(
        private_agent, private_mission, State.INTEREST, message=f"Mot {PARTNER_MARKER}"
    )
    # what it shares: a mission for the network, a profile opened to the network (its skill is counted)
    shared_unit = OrgUnit.objects.create(organisation=partner, name="Service de l'action sociale")
    shared_lead = make_agent(partner, "Noé", "Porteur", unit=shared_unit)
    shared_mission = make_mission(
        partner,
        shared_unit,
        shared_lead,
        title=f"Mission {SHARED}",
        status=MissionStatus.PUBLISHED,
        visibility=Visibility.NETWORK,
    )
    opened = make_agent(partner, "Ona", "Ouverte", unit=shared_unit)
    opened_profile = Profile.objects.create(
        agent=opened, visibility=ProfileVisibility.NETWORK, available=True
    )
    ProfileTag.objects.create(profile=opened_profile, kind="skill", label=SHARED, key="vannerie partagee")
    return {
        "agent": private_agent,
        "mission": private_mission,
        "engagement": engagement,
        "shared_mission": shared_mission,
    }


def partner_urls(cast, world) -> list[str]:
    """Every route within PARAMS, filled with the partner's private objects and our network; the routes of an
    organisation both for the partner's slug and for ours (our lists must not show the partner's private
    data either); and the searches, with the partner's names."""
    values = {
        "network_slug": cast.network.slug,
        "mission_id": world["mission"].pk,
        "engagement_id": world["engagement"].pk,
        "pk": world["agent"].pk,
    }
    urls = []
    for route in iter_routes():
        names = set(route.params) | set(re.findall(r"<(?:\w+:)?(\w+)>", route.route))
        if not names <= PARAMS or route.route.startswith(("admin/", "^admin/")):
            continue
        for slug in [cast.partner.slug, cast.home.slug] if "org_slug" in names else [None]:
            urls.append(fill(route.route, {**values, "org_slug": slug}))
    home, network = cast.home.slug, cast.network.slug
    urls += [
        # searches that would find the private data (a word of the mission's title, the agent's first name):
        # the marker itself is not searched, a search form shows back what it was asked
        "/missions/?q=ornithologie",
        f"/organisations/{home}/personnes/recherche/?q=Pia",
        f"/organisations/{home}/personnes/recherche/?q={quote(world['agent'].email)}",
        f"/reseaux/{network}/missions/?organisation={cast.partner.pk}",
        f"/reseaux/{network}/missions/?q=ornithologie",
        "/vocabulaire/suggestions/?q=Savoir",
    ]
    return sorted(set(urls))


def actors(cast) -> dict[str, object]:
    return {"anonymous": None, **{role: cast.users[role] for role in Role.values}}


def test_a_network_partners_private_data_reaches_none_of_our_roles(cast, client_for):
    world = partner_world(cast)
    urls = partner_urls(cast, world)
    assert len(urls) >= 150
    # not blind: the network coordinator reads what the partner shares with the network
    coordinator = client_for(cast.users[Role.NETWORK_COORDINATOR])
    coordination = coordinator.get(f"/reseaux/{cast.network.slug}/coordination/").content.decode()
    assert SHARED in coordination  # the skill of the profile opened to the network, counted
    missions = coordinator.get(f"/reseaux/{cast.network.slug}/missions/").content.decode()
    assert f"Mission {SHARED}" in missions
    # … and the partner's own HR reads its private mission (the marker is really on its pages)
    partner_hr = make_agent(cast.partner, "Rémi", "Rhccas")
    grant(partner_hr, cast.partner, Role.HR)
    theirs = client_for(partner_hr.user)
    assert PARTNER_MARKER in theirs.get(f"/missions/{world['mission'].pk}/").content.decode()
    assert PARTNER_MARKER in theirs.get("/missions/?q=ornithologie").content.decode()  # the search finds it

    leaks, errors = find_leaks(actors(cast), urls, marker=PARTNER_MARKER, methods=("get",))
    FIGURES.mkdir(parents=True, exist_ok=True)
    (FIGURES / "partenaire-du-reseau.json").write_text(
        json.dumps(
            {"urls": len(urls), "identities": len(actors(cast)), "requests": len(urls) * len(actors(cast))}
        )
    )
    assert not errors, "\n".join(f"{e.actor} {e.url}: {e.status}" for e in errors)
    assert not leaks, "A network partner's private data shown:\n" + "\n".join(
        f"- {leak.actor} {leak.url} ({leak.status}): {leak.where}" for leak in leaks
    )
