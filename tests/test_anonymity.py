"""Anonymity that holds (issue 11, item 2): the host's suggestions carry opaque references, no form lists
people, and HR revealing a person to a host is logged as a view of the person's profile."""

import base64
import binascii
import contextlib
import datetime
import re
import zlib

import pytest
from django.core import signing
from django.utils import timezone

from passerelles.access.models import Role
from passerelles.matching.models import HostSuggestionRef, Shortlist
from passerelles.missions.models import MissionStatus
from passerelles.notifications.models import Notification
from passerelles.people.models import ProfileView, Visibility
from tests.cast import grant, make_agent, make_mission
from tests.test_suggestions import with_profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def mission(cast):
    lead = cast.agents[Role.HOST]
    return make_mission(
        cast.home,
        lead.unit,
        lead,
        status=MissionStatus.PUBLISHED,
        title="Ateliers numériques",
        skills="animation d'ateliers, numérique",
    )


def tokens_on(page: str) -> list[str]:
    return re.findall(r'name="profil" value="([^"]*)"', page)


def decodings(token: str) -> list[bytes]:
    """Everything a curious host could get out of the reference: base64 (any alphabet, any segment), then
    zlib, as Django's signed values are built."""
    found = []
    for segment in {token, *re.split(r"[:.]", token)}:
        for decode in (base64.urlsafe_b64decode, base64.b64decode):
            try:
                raw = decode(segment + "=" * (-len(segment) % 4))
            except (binascii.Error, ValueError):
                continue
            found.append(raw)
            with contextlib.suppress(zlib.error):
                found.append(zlib.decompress(raw))
    return found


def test_the_hosts_reference_decodes_to_nothing_about_the_person(cast, client_for, mission):
    paul = with_profile(cast.agents["agent"], ("skill", "Animation d'ateliers"))
    page = client_for(cast.users[Role.HOST]).get(f"/missions/{mission.pk}/suggestions/").content.decode()
    (token,) = tokens_on(page)
    assert len(token) >= 43 and re.fullmatch(r"[A-Za-z0-9_-]+", token)  # 256 random bits, url-safe
    assert ":" not in token  # not a Django signed value (payload:signature)
    for raw in decodings(token):
        text = raw.decode("latin-1")
        assert '"a"' not in text and '"m"' not in text and "{" not in text
        assert f":{paul.pk}" not in text and f'"{paul.pk}"' not in text
    with pytest.raises(signing.BadSignature):
        signing.loads(token, salt="passerelles.host-suggestion")
    # the same person gets unrelated references on another mission and for another host
    other = make_mission(cast.home, mission.host_unit, cast.agents[Role.HOST], status=MissionStatus.PUBLISHED)
    other.skills = mission.skills
    from passerelles.matching.services import host_refs

    second = host_refs(mission=other, host=cast.users[Role.HOST], agent_ids=[paul.pk])[paul.pk]
    assert second != token
    # reloading the page keeps the reference (no table growth on every view)
    again = client_for(cast.users[Role.HOST]).get(f"/missions/{mission.pk}/suggestions/").content.decode()
    assert tokens_on(again) == [token]
    assert HostSuggestionRef.objects.filter(mission=mission).count() == 1


def test_an_expired_reference_is_refused_and_nothing_is_written(cast, client_for, mission):
    with_profile(cast.agents["agent"], ("skill", "Animation d'ateliers"))
    host = client_for(cast.users[Role.HOST])
    (token,) = tokens_on(host.get(f"/missions/{mission.pk}/suggestions/").content.decode())
    HostSuggestionRef.objects.filter(token=token).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    page = host.post(f"/missions/{mission.pk}/suggestions/demande-rh/", {"profil": token}, follow=True)
    assert "n&#x27;est plus valable" in page.content.decode()
    assert not Shortlist.objects.exists()
    assert not Notification.objects.filter(user=cast.users[Role.HR]).exists()


def test_a_reference_shown_to_another_host_is_refused(cast, client_for, mission):
    paul = with_profile(cast.agents["agent"], ("skill", "Animation d'ateliers"))
    # the mission's author is a second host; the reference shown to them is theirs only
    author = make_agent(cast.home, "Alice", "Autrice")
    grant(author, cast.home, Role.HOST)
    mission.created_by = author.user
    mission.save()
    from passerelles.matching.services import host_refs

    theirs = host_refs(mission=mission, host=author.user, agent_ids=[paul.pk])[paul.pk]
    page = client_for(cast.users[Role.HOST]).post(
        f"/missions/{mission.pk}/suggestions/demande-rh/", {"profil": theirs}, follow=True
    )
    assert "n&#x27;est plus valable" in page.content.decode()
    assert not Shortlist.objects.exists()


@pytest.mark.parametrize(
    "forged",
    ["", "x" * 5000, "\x00", "%00", "é" * 50, "1", "eyJtIjoxLCJhIjoyfQ", signing.dumps({"m": 1, "a": 2})],
)
def test_forged_references_are_refused_without_error(cast, client_for, mission, forged):
    response = client_for(cast.users[Role.HOST]).post(
        f"/missions/{mission.pk}/suggestions/demande-rh/", {"profil": forged}, follow=True
    )
    assert response.status_code == 200
    assert "n&#x27;est plus valable" in response.content.decode()
    assert not Shortlist.objects.exists()


def test_hr_revealing_a_person_to_the_host_is_logged_on_the_persons_profile(cast, client_for, mission):
    paul = with_profile(cast.agents["agent"], ("skill", "Animation d'ateliers"))
    lina = with_profile(make_agent(cast.home, "Lina", "Autre"), ("skill", "Animation d'ateliers"))
    host_user = cast.users[Role.HOST]
    host = client_for(host_user)
    page = host.get(f"/missions/{mission.pk}/suggestions/").content.decode()
    assert len(tokens_on(page)) == 2
    ref = HostSuggestionRef.objects.get(mission=mission, agent=paul, created_for=host_user)
    host.post(f"/missions/{mission.pk}/suggestions/demande-rh/", {"profil": ref.token})
    assert not ProfileView.objects.filter(agent=paul).exists()  # asking HR names nobody
    hr = client_for(cast.users[Role.HR])
    hr.post(f"/agents/{paul.pk}/proposer/", {"mission": mission.pk})
    view = ProfileView.objects.get(agent=paul, viewer=host_user)
    assert view.viewer_organisation == cast.home
    profile_page = client_for(paul.user).get("/profil/").content.decode()
    assert "Hugo Accueil" in profile_page.split("Qui a consulté mon profil", 1)[1]
    # a person the host was never shown is not logged as seen by the host
    hr.post(f"/agents/{lina.pk}/proposer/", {"mission": mission.pk})
    other = make_agent(cast.home, "Nora", "Jamais")
    with_profile(other)
    hr.post(f"/agents/{other.pk}/proposer/", {"mission": mission.pk})
    assert not ProfileView.objects.filter(agent=other, viewer=host_user).exists()
    assert ProfileView.objects.filter(agent=lina, viewer=host_user).count() == 1  # shown, then revealed
    assert ProfileView.objects.filter(viewer=host_user).count() == 2
    assert Visibility.NOBODY not in {paul.profile.visibility, lina.profile.visibility}
