"""Posters and short codes (issue 15, « where people are »): the PDF read back, the QR code decoded, the rights.

A poster is read on a wall: its text is what pypdf extracts, and its QR code is what a phone's camera sees
(the page rendered to an image by pypdfium2, decoded by zxing-cpp).
"""

import io

import pypdf
import pypdfium2
import pytest
import zxingcpp

from passerelles.access.models import Role
from passerelles.missions import codes
from passerelles.missions.models import (
    SHORT_CODE_ALPHABET,
    Mission,
    MissionStatus,
    TimeShareKind,
    Visibility,
)
from passerelles.organisations.models import WorkSite
from tests.cast import make_mission

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def pdf_pages(data: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(data)).pages)


def qr_codes(data: bytes, page: int = 0) -> list[str]:
    """What a phone reads from the printed page: the page rendered at 150 dpi, every QR code decoded."""
    document = pypdfium2.PdfDocument(data)
    image = document[page].render(scale=150 / 72).to_pil()
    return [found.text for found in zxingcpp.read_barcodes(image)]


def published(cast, **extra) -> Mission:
    lead = cast.agents[Role.HOST]
    values = {"title": "Renfort à la crèche des Lilas", "description": "Accueillir les enfants le matin."}
    values.update(extra)
    return make_mission(cast.home, lead.unit, lead, status=MissionStatus.PUBLISHED, **values)


# --- short codes -------------------------------------------------------------------------------------------


def test_every_mission_gets_a_unique_short_code_at_creation(cast):
    missions = [published(cast, title=f"Mission {n}") for n in range(30)]
    found = [m.short_code for m in missions]
    assert len(set(found)) == 30
    for code in found:
        assert code.startswith("M-") and len(code) == 6
        assert all(char in SHORT_CODE_ALPHABET for char in code[2:])
    mission = missions[0]
    code = mission.short_code
    mission.title = "Autre titre"
    mission.save()
    mission.refresh_from_db()
    assert mission.short_code == code  # never changes


def test_a_taken_code_is_drawn_again(cast, monkeypatch):
    first = published(cast)
    draws = iter([first.short_code, first.short_code, "M-2345"])
    monkeypatch.setattr("passerelles.missions.models.new_short_code", lambda: next(draws))
    second = published(cast, title="Seconde")
    assert second.short_code == "M-2345"


def test_the_migration_gives_existing_missions_distinct_codes():
    import importlib

    migration = importlib.import_module("passerelles.missions.migrations.0009_mission_short_code")
    made = [migration.code_for(pk) for pk in range(1, 20_001)]
    assert len(set(made)) == len(made)
    assert made[:3] == [migration.code_for(pk) for pk in (1, 2, 3)]  # the same on every database
    assert all(codes.normalise(code) == code for code in made[:100])


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("M-7K4Q", "M-7K4Q"),
        ("m 7k4q", "M-7K4Q"),
        (" 7K4Q ", "M-7K4Q"),
        ("m-7k-4q", "M-7K4Q"),
        ("M-MK4Q", "M-MK4Q"),
        ("MK4Q", "M-MK4Q"),
        ("M-7K4", None),
        ("M-0K4Q", None),  # 0 is not in the alphabet (it looks like O)
        ("", None),
        ("<script>", None),
        ("é" * 5000, None),
    ],
)
def test_a_code_is_read_as_people_type_it(typed, expected):
    assert codes.normalise(typed) == expected


def test_hr_goes_to_a_mission_by_its_code(cast, client_for):
    mission = published(cast)
    client = client_for(cast.users[Role.HR])
    typed = mission.short_code.lower().replace("-", " ")
    response = client.get("/missions/code/", {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == f"/missions/{mission.pk}/"
    page = client.get(f"/missions/{mission.pk}/").content.decode()
    assert mission.short_code in page
    assert f"/missions/{mission.pk}/affiche.pdf" in page


def test_a_code_one_may_not_see_answers_like_an_unknown_one(cast, client_for):
    client = client_for(cast.users[Role.HR])
    foreign = client.get("/missions/code/", {"code": cast.outsider_mission.short_code})
    unknown_code = next(
        f"M-{a}{b}22"
        for a in SHORT_CODE_ALPHABET
        for b in SHORT_CODE_ALPHABET
        if not Mission.objects.filter(short_code=f"M-{a}{b}22").exists()
    )
    unknown = client.get("/missions/code/", {"code": unknown_code})
    assert foreign.status_code == unknown.status_code == 404
    for response in (foreign, unknown):
        page = response.content.decode()
        assert "Aucune mission avec ce code" in page
        assert "Zorglubie" not in page
    assert client.get("/missions/code/").status_code == 200  # the empty form


def test_a_unit_mission_code_leads_nowhere_for_another_unit(cast, client_for):
    lead = cast.agents[Role.HOST]  # in the direction, not in the agent's service
    mission = make_mission(
        cast.home,
        lead.unit,
        lead,
        status=MissionStatus.PUBLISHED,
        visibility=Visibility.UNIT,
        title="Interne",
    )
    agent = client_for(cast.users[Role.AGENT])
    assert agent.get("/missions/code/", {"code": mission.short_code}).status_code == 404
    hr = client_for(cast.users[Role.HR])
    assert hr.get("/missions/code/", {"code": mission.short_code}).status_code == 302


# --- the mission's poster ------------------------------------------------------------------------------------


def test_the_poster_reads_back_title_code_time_and_its_qr_code_opens_the_mission(cast, client_for, settings):
    settings.SITE_URL = "https://passerelles.ville-alpha.fr"
    site = WorkSite.objects.get(organisation=cast.home)
    mission = published(
        cast, time_share_kind=TimeShareKind.DAYS, days_per_month=2, time_share_percent=None, site=site
    )
    response = client_for(cast.users[Role.AGENT]).get(f"/missions/{mission.pk}/affiche.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    data = response.content
    assert pdf_pages(data) == 1
    text = pdf_text(data)
    assert "Renfort à la crèche des Lilas" in text
    assert mission.short_code in text
    assert "Code à donner à votre service RH" in text
    assert "2 jours par mois" in text
    assert "Hôtel de ville" in text
    assert "Ville d'Alpha" in text
    assert cast.agents[Role.HOST].full_name not in text and "Hugo" not in text  # no one's name on a wall
    assert qr_codes(data) == [f"https://passerelles.ville-alpha.fr/missions/{mission.pk}/"]
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert reader.trailer["/Root"]["/Lang"] == "fr"


@pytest.mark.parametrize("status", [MissionStatus.DRAFT, MissionStatus.SUBMITTED, MissionStatus.CLOSED])
def test_only_a_published_mission_has_a_poster(cast, client_for, status):
    lead = cast.agents[Role.HOST]
    extra = {}
    if status == MissionStatus.CLOSED:
        from django.utils import timezone

        extra = {"closed_at": timezone.now(), "closed_reason": "filled"}
    mission = make_mission(cast.home, lead.unit, lead, status=status, **extra)
    assert client_for(cast.users[Role.HR]).get(f"/missions/{mission.pk}/affiche.pdf").status_code == 404


def test_a_poster_is_for_those_who_may_see_the_mission(cast, client_for):
    hr = client_for(cast.users[Role.HR])
    assert hr.get(f"/missions/{cast.outsider_mission.pk}/affiche.pdf").status_code == 404
    lead = cast.agents[Role.HOST]
    restricted = make_mission(
        cast.home,
        lead.unit,
        lead,
        status=MissionStatus.PUBLISHED,
        visibility=Visibility.UNIT,
        title="Interne",
    )
    assert client_for(cast.users[Role.AGENT]).get(f"/missions/{restricted.pk}/affiche.pdf").status_code == 404
    anonymous = client_for(None).get(f"/missions/{restricted.pk}/affiche.pdf")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/comptes/login/")


# --- the board's poster --------------------------------------------------------------------------------------


def board_cast(cast):
    """Open missions of the home organisation: one for all, one kept to the host's unit, one draft, one of
    the network partner; the site of the cast."""
    lead = cast.agents[Role.HOST]
    site = WorkSite.objects.get(organisation=cast.home)
    return {
        "site": site,
        "all": published(cast, title="Pour toute la ville"),
        "unit": make_mission(
            cast.home,
            lead.unit,
            lead,
            status=MissionStatus.PUBLISHED,
            visibility=Visibility.UNIT,
            title="Pour la direction seulement",
        ),
        "draft": make_mission(cast.home, lead.unit, lead, title="Brouillon caché"),
    }


def test_hr_prints_the_board_of_a_site_and_of_a_unit(cast, client_for, settings):
    settings.SITE_URL = "https://passerelles.ville-alpha.fr"
    made = board_cast(cast)
    hr = client_for(cast.users[Role.HR])
    by_site = hr.get(f"/organisations/{cast.home.slug}/affiche.pdf", {"site": made["site"].pk})
    assert by_site.status_code == 200 and by_site["Content-Type"] == "application/pdf"
    text = pdf_text(by_site.content)
    assert "Missions ouvertes — Hôtel de ville" in text
    assert "Pour toute la ville" in text and made["all"].short_code in text
    assert "1 jour par semaine" in text  # 20 % of the time, in plain words
    assert "Pour la direction seulement" not in text  # kept to one unit: not on a site's board
    assert "Brouillon caché" not in text
    assert qr_codes(by_site.content) == ["https://passerelles.ville-alpha.fr/missions/"]
    unit = made["unit"].host_unit
    by_unit = hr.get(f"/organisations/{cast.home.slug}/affiche.pdf", {"unite": unit.pk})
    text = pdf_text(by_unit.content)
    assert "Pour la direction seulement" in text and "Pour toute la ville" in text
    assert "Brouillon caché" not in text


def test_a_long_board_runs_over_several_pages(cast, client_for):
    site = WorkSite.objects.get(organisation=cast.home)
    for number in range(45):
        published(cast, title=f"Mission numéro {number:02d} pour le panneau")
    response = client_for(cast.users[Role.HR]).get(
        f"/organisations/{cast.home.slug}/affiche.pdf", {"site": site.pk}
    )
    assert pdf_pages(response.content) >= 2
    text = pdf_text(response.content)
    assert "Mission numéro 00 pour le panneau" in text and "Mission numéro 44 pour le panneau" in text


def test_a_manager_prints_the_board_of_their_unit_only(cast, client_for):
    made = board_cast(cast)
    manager = client_for(cast.users[Role.MANAGER])
    own_unit = cast.agents["manager"].unit
    assert (
        manager.get(f"/organisations/{cast.home.slug}/affiche.pdf", {"unite": own_unit.pk}).status_code == 200
    )
    other = made["unit"].host_unit
    assert manager.get(f"/organisations/{cast.home.slug}/affiche.pdf", {"unite": other.pk}).status_code == 403
    assert (
        manager.get(f"/organisations/{cast.home.slug}/affiche.pdf", {"site": made["site"].pk}).status_code
        == 403
    )
    page = manager.get(f"/organisations/{cast.home.slug}/affiches/").content.decode()
    assert own_unit.name in page and "Hôtel de ville" not in page
    agent = client_for(cast.users[Role.AGENT])
    assert (
        agent.get(f"/organisations/{cast.home.slug}/affiche.pdf", {"unite": own_unit.pk}).status_code == 403
    )
    assert agent.get(f"/organisations/{cast.home.slug}/affiches/").status_code == 403


def test_bad_or_foreign_board_ids_get_a_french_answer_never_an_error(cast, client_for):
    hr = client_for(cast.users[Role.HR])
    url = f"/organisations/{cast.home.slug}/affiche.pdf"
    foreign_site = WorkSite.objects.get(organisation=cast.outsider)
    assert hr.get(url, {"site": foreign_site.pk}).status_code == 404
    assert hr.get(url, {"unite": cast.outsider_unit.pk}).status_code == 404
    site = WorkSite.objects.get(organisation=cast.home)
    for params in ({}, {"site": "abc"}, {"unite": "99999999999999999999999"}, {"site": site.pk, "unite": 1}):
        response = hr.get(url, params)
        assert response.status_code == 400, params
        assert "Choisissez un site ou une unité" in response.content.decode()
    assert (
        hr.get(f"/organisations/{cast.outsider.slug}/affiche.pdf", {"site": foreign_site.pk}).status_code
        == 404
    )


def test_the_manager_finds_the_board_poster_from_their_team_page(cast, client_for):
    page = client_for(cast.users[Role.MANAGER]).get("/equipe/").content.decode()
    assert f'href="/organisations/{cast.home.slug}/affiches/"' in page


def test_an_administrator_prints_a_board_from_the_organisation_page(cast, client_for):
    admin = client_for(cast.users[Role.ADMIN])
    page = admin.get(f"/organisations/{cast.home.slug}/").content.decode()
    assert f'href="/organisations/{cast.home.slug}/affiches/"' in page
    assert admin.get(f"/organisations/{cast.home.slug}/affiches/").status_code == 200
    site = WorkSite.objects.get(organisation=cast.home)
    assert admin.get(f"/organisations/{cast.home.slug}/affiche.pdf", {"site": site.pk}).status_code == 200
    for role in (Role.HOST, Role.SIGNATORY, Role.NETWORK_COORDINATOR):
        client = client_for(cast.users[role])
        assert client.get(f"/organisations/{cast.home.slug}/affiches/").status_code == 403, role
        assert (
            client.get(f"/organisations/{cast.home.slug}/affiche.pdf", {"site": site.pk}).status_code == 403
        )
