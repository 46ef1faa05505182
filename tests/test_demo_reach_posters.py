"""The demo network reaches beyond the screen (issue 15): the Département's feed and widget are alive, its
sites have board posters, every mission has its short code and its poster."""

import io
import xml.etree.ElementTree as ET
from html import escape

import pypdf
import pytest
from django.test import Client

from passerelles.demo.generator import generate
from passerelles.demo.reach_posters import SHOWING, STORY_TITLE
from passerelles.missions.models import Mission, MissionStatus
from passerelles.organisations.models import Organisation, WorkSite
from tests.once import restored_once

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def summary(django_db_setup, django_db_blocker, snapshots):
    yield from restored_once(django_db_blocker, snapshots, "demo", generate)


def test_the_departement_feed_and_widget_are_alive(summary):
    organisation = Organisation.objects.get(slug=SHOWING)
    assert organisation.shows_outside
    assert list(Organisation.objects.filter(shows_outside=True)) == [organisation]
    anonymous = Client()
    feed = ET.fromstring(anonymous.get(f"/organisations/{SHOWING}/missions.atom").content)
    titles = [entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")]
    open_missions = Mission.objects.filter(organisation=organisation, status=MissionStatus.PUBLISHED)
    assert len(titles) >= 2
    assert set(titles) - {f"Récit : {STORY_TITLE}"} <= set(open_missions.values_list("title", flat=True))
    assert f"Récit : {STORY_TITLE}" in titles
    widget = anonymous.get(f"/organisations/{SHOWING}/encart/")
    assert widget.status_code == 200 and escape(STORY_TITLE) in widget.content.decode()
    leads = {m.project_lead.last_name for m in open_missions}
    body = anonymous.get(f"/organisations/{SHOWING}/missions.atom").content.decode()
    assert not any(name in body for name in leads)
    assert anonymous.get("/organisations/ville-de-belvau/missions.atom").status_code == 404


def test_a_demo_site_has_its_board_poster_and_every_mission_its_code(summary, settings):
    assert not Mission.objects.filter(short_code="").exists()
    assert Mission.objects.values("short_code").distinct().count() == Mission.objects.count()
    settings.DEMO = True
    hr = Client()
    assert hr.get("/demo/login/rh/").status_code == 302  # the demo's one-click sign-in (two-factor done)
    site = WorkSite.objects.filter(organisation__slug=SHOWING).order_by("name").first()
    response = hr.get(f"/organisations/{SHOWING}/affiche.pdf", {"site": site.pk})
    assert response.status_code == 200
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    shown = Mission.objects.filter(organisation__slug=SHOWING, status=MissionStatus.PUBLISHED)
    assert shown.exists()
    for mission in shown.exclude(visibility="unit"):
        assert mission.short_code in text
    mission = shown.order_by("title").first()
    assert hr.get(f"/missions/{mission.pk}/affiche.pdf").status_code == 200
