"""The organisation's open missions outside the platform (issue 15): the Atom feed and the intranet widget,
public, only when the organisation chose it, and with nothing about a person."""

import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from passerelles.access.models import Role
from passerelles.missions.models import MissionStatus, Visibility
from passerelles.stories.models import Story
from tests.cast import make_mission

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def showing(cast, settings):
    """The home organisation shows outside, with one mission of each kind and three stories."""
    settings.SITE_URL = "https://passerelles.ville-alpha.fr"
    cast.home.shows_outside = True
    cast.home.save()
    lead = cast.agents[Role.HOST]

    def mission(title, **extra):
        return make_mission(cast.home, lead.unit, lead, status=MissionStatus.PUBLISHED, title=title, **extra)

    agent = cast.agents["agent"]

    def story(title, audience, **extra):
        values = {"status": "published", "consent_at": timezone.now(), "published_at": timezone.now()}
        values.update(extra)
        return Story.objects.create(
            agent=agent, title=title, text=f"{title} : récit.", audience=audience, **values
        )

    return {
        "open": mission("Jardin partagé de la mairie", description="Planter et arroser avec l'équipe."),
        "network": mission("Appui réseau", visibility=Visibility.NETWORK),
        "unit": mission("Réservée à une unité", visibility=Visibility.UNIT),
        "draft": make_mission(cast.home, lead.unit, lead, title="Brouillon"),
        "public_story": story("Trois semaines au jardin", "public"),
        "org_story": story("Entre nous", "organisation"),
        "draft_story": story("Pas encore", "public", status="draft", consent_at=None, published_at=None),
    }


def test_the_feed_is_valid_atom_with_absolute_links_and_only_what_may_go_outside(cast, client_for, settings):
    made = showing(cast, settings)
    response = client_for(None).get(f"/organisations/{cast.home.slug}/missions.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    assert (
        feed.findtext(f"{ATOM}id")
        == "https://passerelles.ville-alpha.fr/organisations/ville-alpha/missions.atom"
    )
    assert feed.findtext(f"{ATOM}updated")
    assert feed.findtext(f"{ATOM}title") == "Missions ouvertes — Ville d'Alpha"
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "Ville d'Alpha"
    titles = {entry.findtext(f"{ATOM}title"): entry for entry in feed.findall(f"{ATOM}entry")}
    assert set(titles) == {"Jardin partagé de la mairie", "Appui réseau", "Récit : Trois semaines au jardin"}
    garden = titles["Jardin partagé de la mairie"]
    assert garden.findtext(f"{ATOM}id") == f"https://passerelles.ville-alpha.fr/missions/{made['open'].pk}/"
    assert garden.find(f"{ATOM}link").get("href") == garden.findtext(f"{ATOM}id")
    assert garden.findtext(f"{ATOM}updated")
    assert made["open"].short_code in garden.findtext(f"{ATOM}summary")
    story_link = titles["Récit : Trois semaines au jardin"].find(f"{ATOM}link").get("href")
    assert story_link == f"https://passerelles.ville-alpha.fr/recits/{made['public_story'].pk}/"
    body = response.content.decode()
    for person in (cast.agents[Role.HOST], cast.agents["agent"]):
        assert person.last_name not in body and person.first_name not in body
    assert "@" not in body  # no e-mail address


def test_the_widget_shows_the_same_and_may_be_framed(cast, client_for, settings):
    made = showing(cast, settings)
    settings.EMBED_FRAME_ANCESTORS = ["https://intranet.ville-alpha.fr"]
    response = client_for(None).get(f"/organisations/{cast.home.slug}/encart/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Jardin partagé de la mairie" in page and made["open"].short_code in page
    assert "Trois semaines au jardin" in page
    assert f'href="https://passerelles.ville-alpha.fr/missions/{made["open"].pk}/"' in page
    for hidden in ("Réservée à une unité", "Brouillon", "Entre nous", "Pas encore"):
        assert hidden not in page
    for person in (cast.agents[Role.HOST], cast.agents["agent"]):
        assert person.last_name not in page and person.first_name not in page
    assert "X-Frame-Options" not in response
    assert "frame-ancestors https://intranet.ville-alpha.fr" in response["Content-Security-Policy"]
    assert '<link rel="stylesheet" href="/theme/8a1538.css">' in page
    # every other page still refuses to be framed
    other = client_for(None).get("/")
    assert other["X-Frame-Options"] == "DENY" and "frame-ancestors 'none'" in other["Content-Security-Policy"]


def test_nothing_goes_outside_until_the_organisation_chooses_it(cast, client_for):
    anonymous = client_for(None)
    assert anonymous.get(f"/organisations/{cast.home.slug}/missions.atom").status_code == 404
    assert anonymous.get(f"/organisations/{cast.home.slug}/encart/").status_code == 404
    assert anonymous.get("/organisations/nulle-part/missions.atom").status_code == 404
    # signed in makes no difference: the choice is the organisation's
    hr = client_for(cast.users[Role.HR])
    assert hr.get(f"/organisations/{cast.home.slug}/encart/").status_code == 404


def test_hr_turns_the_outside_display_on_and_off_and_gets_the_snippet(cast, client_for, settings):
    settings.SITE_URL = "https://passerelles.ville-alpha.fr"
    hr = client_for(cast.users[Role.HR])
    url = f"/organisations/{cast.home.slug}/parametres/"
    page = hr.get(url).content.decode()
    assert "Missions montrées hors de la plateforme" in page
    assert 'name="name"' not in page  # HR sees that part only: the name, logo, caps are the administrators'
    response = hr.post(url, {"outside": "1", "dehors-shows_outside": "on"})
    assert response.status_code == 302
    cast.home.refresh_from_db()
    assert cast.home.shows_outside
    page = hr.get(url).content.decode()
    assert "https://passerelles.ville-alpha.fr/organisations/ville-alpha/encart/" in page
    assert (
        "&lt;iframe src=&quot;https://passerelles.ville-alpha.fr/organisations/ville-alpha/encart/&quot;"
        in page
    )
    assert client_for(None).get(f"/organisations/{cast.home.slug}/missions.atom").status_code == 200
    hr.post(url, {"outside": "1"})
    cast.home.refresh_from_db()
    assert not cast.home.shows_outside
    assert client_for(None).get(f"/organisations/{cast.home.slug}/missions.atom").status_code == 404


def test_only_hr_and_administrators_choose_the_outside_display(cast, client_for):
    url = f"/organisations/{cast.home.slug}/parametres/"
    for role in (Role.AGENT, Role.MANAGER, Role.HOST, Role.SIGNATORY):
        response = client_for(cast.users[role]).post(url, {"outside": "1", "dehors-shows_outside": "on"})
        assert response.status_code == 403, role
    cast.home.refresh_from_db()
    assert not cast.home.shows_outside
    # HR cannot slip the administrators' fields into its form
    hr = client_for(cast.users[Role.HR])
    hr.post(url, {"name": "Ville piratée", "caps-renfort_ponctuel": "100"})
    cast.home.refresh_from_db()
    assert cast.home.name == "Ville d'Alpha"
    admin = client_for(cast.users[Role.ADMIN])
    page = admin.get(url).content.decode()
    assert 'name="name"' in page and "Missions montrées hors de la plateforme" in page
    assert admin.post(url, {"outside": "1", "dehors-shows_outside": "on"}).status_code == 302
    cast.home.refresh_from_db()
    assert cast.home.shows_outside and cast.home.name == "Ville d'Alpha"
