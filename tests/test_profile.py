"""« Mon profil »: tags in the agent's words, availability, visibility honoured everywhere, views logged."""

import pytest

from passerelles.access.models import Role
from passerelles.people.models import Profile, ProfileTag, ProfileView, Visibility
from passerelles.people.services import profile_of
from tests.cast import grant, make_agent

pytestmark = pytest.mark.django_db


def add(client, kind, text, hidden=False):
    data = {"kind": kind, "text": text}
    if hidden:
        data["hidden"] = "1"
    return client.post("/profil/elements/", data, follow=True)


def test_tags_are_matched_to_the_vocabulary_and_deduplicated(cast, client_for):
    agent = client_for(cast.users[Role.AGENT])
    add(agent, "skill", "com")
    add(agent, "skill", "Communication ")  # the same, written differently
    add(agent, "skill", "couture", hidden=True)
    add(agent, "appetence", "animer des ateliers")
    add(agent, "skill", "Apiculture urbaine")
    tags = {
        (t.kind, t.label, t.known, t.hidden)
        for t in ProfileTag.objects.filter(profile__agent=cast.agents["agent"])
    }
    assert ("skill", "Communication", True, False) in tags
    assert ("skill", "Couture", True, True) in tags
    assert ("skill", "Apiculture urbaine", False, False) in tags
    assert len([t for t in tags if t[1] == "Communication"]) == 1
    assert "Écrivez un mot" in add(agent, "skill", "   ").content.decode()
    tag = ProfileTag.objects.get(label="Couture")
    agent.post(f"/profil/elements/{tag.pk}/retirer/")
    assert not ProfileTag.objects.filter(pk=tag.pk).exists()


def test_autocomplete_suggests_from_the_vocabulary(cast, client_for):
    response = client_for(cast.users[Role.AGENT]).get("/vocabulaire/suggestions/", {"q": "anim"})
    labels = [s["label"] for s in response.json()["suggestions"]]
    assert "Animation d'ateliers" in labels and len(labels) <= 10
    assert client_for(cast.users[Role.AGENT]).get("/vocabulaire/suggestions/", {"q": "a"}).json() == {
        "suggestions": []
    }


def test_profile_form_and_bad_dates(cast, client_for):
    agent = client_for(cast.users[Role.AGENT])
    bad = agent.post(
        "/profil/",
        {
            "visibility": "hr",
            "available": "on",
            "available_from": "2027-05-01",
            "available_until": "2027-04-01",
        },
    )
    assert "La fin de disponibilité doit suivre son début." in bad.content.decode()
    assert not Profile.objects.filter(agent=cast.agents["agent"]).exists()  # refused: nothing written
    agent.post(
        "/profil/",
        {
            "visibility": "network",
            "available": "on",
            "available_percent": "20",
            "days": ["2", "4"],
            "presentation": "Cuisinier, curieux de tout.",
        },
    )
    profile = Profile.objects.get(agent=cast.agents["agent"])
    assert (profile.visibility, profile.available, profile.available_days) == ("network", True, "2,4")


def test_hint_is_gentle_and_goes_away(cast, client_for):
    agent = client_for(cast.users[Role.AGENT])
    assert "data-hint" in agent.get("/profil/").content.decode()
    add(agent, "skill", "cuisine")
    add(agent, "appetence", "jardinage")
    agent.post("/profil/", {"visibility": "hr", "available": "on"})
    assert "data-hint" not in agent.get("/profil/").content.decode()


@pytest.mark.parametrize(
    ("visibility", "own_hr", "partner_hr"),
    [(Visibility.HR, True, False), (Visibility.NETWORK, True, True), (Visibility.NOBODY, False, False)],
)
def test_visibility_everywhere(cast, client_for, visibility, own_hr, partner_hr):
    target = cast.agents["agent"]
    profile = profile_of(target)
    profile.visibility = visibility
    profile.available = True
    profile.save()
    ProfileTag.objects.create(profile=profile, kind="skill", label="Cuisine", key="cuisine", known=True)
    partner_hr_agent = make_agent(cast.partner, "Pat", "Partenaire")
    grant(partner_hr_agent, cast.partner, Role.HR)

    def pool_of(user, org, partners=False):
        params = {"q": "cuisine", **({"partenaires": "1"} if partners else {})}
        return list(
            client_for(user).get(f"/organisations/{org.slug}/vivier/", params).context["page"].object_list
        )

    assert (target in pool_of(cast.users[Role.HR], cast.home)) is own_hr
    assert (target in pool_of(partner_hr_agent.user, cast.partner, partners=True)) is partner_hr
    directory = client_for(cast.users[Role.HR]).get(f"/organisations/{cast.home.slug}/agents/")
    shown = [row.record for row in directory.context["table"].page.object_list]
    assert (target in shown) is (visibility != Visibility.NOBODY)
    detail = client_for(cast.users[Role.HR]).get(f"/agents/{target.pk}/").content.decode()
    assert ("Cuisine" in detail) is own_hr
    partner_detail = client_for(partner_hr_agent.user).get(f"/agents/{target.pk}/")
    assert (partner_detail.status_code == 200) is partner_hr
    # the manager never browses profiles
    manager_detail = client_for(cast.users[Role.MANAGER]).get(f"/agents/{target.pk}/").content.decode()
    assert "Cuisine" not in manager_detail
    assert (
        client_for(cast.users[Role.MANAGER]).get(f"/organisations/{cast.home.slug}/vivier/").status_code
        == 403
    )


def test_who_viewed_my_profile(cast, client_for):
    profile_of(cast.agents["agent"])
    client_for(cast.users[Role.HR]).get(f"/agents/{cast.agents['agent'].pk}/")
    client_for(cast.users[Role.AGENT]).get(f"/agents/{cast.agents['agent'].pk}/")  # oneself: not logged
    views = ProfileView.objects.filter(agent=cast.agents["agent"])
    assert [v.viewer for v in views] == [cast.users[Role.HR]]
    page = client_for(cast.users[Role.AGENT]).get("/profil/").content.decode()
    assert "Rita Ressources" in page and "Ville d&#x27;Alpha" in page


def test_hr_extends_the_vocabulary_for_its_organisation(cast, client_for):
    hr = client_for(cast.users[Role.HR])
    url = f"/organisations/{cast.home.slug}/vocabulaire/"
    assert "déjà dans le vocabulaire commun" in hr.post(url, {"label": "com"}).content.decode()
    hr.post(url, {"label": "Fête des lumières d'Alpha", "domain": "Événements", "synonyms": "lumières, FDL"})
    suggestions = client_for(cast.users[Role.AGENT]).get("/vocabulaire/suggestions/", {"q": "fdl"}).json()
    assert suggestions["suggestions"][0]["label"] == "Fête des lumières d'Alpha"
    add(client_for(cast.users[Role.AGENT]), "appetence", "lumières")
    assert ProfileTag.objects.filter(label="Fête des lumières d'Alpha", known=True).exists()
    assert client_for(cast.users[Role.AGENT]).get(url).status_code == 403
    outsider_words = client_for(cast.outsider_agent.manager.user).get(
        "/vocabulaire/suggestions/", {"q": "fdl"}
    )
    assert outsider_words.json() == {"suggestions": []}


def test_the_pool_rows_show_each_person_s_tags_in_order_escaped(cast, client_for):
    """The vivier's rows are drawn in Python (people/pool_rows.py): name and link, employer, the profile's tags
    (kind, then label), available or not — what people wrote shown as text."""
    from django.utils.html import escape

    target = cast.agents["agent"]
    type(target).objects.filter(pk=target.pk).update(first_name="<i>Paul</i>")
    profile = profile_of(target)
    profile.available = True
    profile.save()
    for kind, label in [
        ("skill", "Écoute & <b>médiation</b>"),
        ("appetence", "Jardinage"),
        ("skill", "Couture"),
    ]:
        ProfileTag.objects.create(profile=profile, kind=kind, label=label, key=label.lower(), known=False)
    other = make_agent(cast.home, "Zoé", "Zen")
    profile_of(other)
    page = client_for(cast.users[Role.HR]).get(f"/organisations/{cast.home.slug}/vivier/").content.decode()
    row = page.split(f'<a href="/agents/{target.pk}/">', 1)[1].split("</tr>", 1)[0]
    assert row.startswith("&lt;i&gt;Paul&lt;/i&gt; Agent</a></td>")
    assert f"<td>{escape(cast.home.display_name)}</td>" in row
    assert "<td>Jardinage, Couture, Écoute &amp; &lt;b&gt;médiation&lt;/b&gt;</td><td>oui</td>" in row
    other_row = page.split(f'<a href="/agents/{other.pk}/">', 1)[1].split("</tr>", 1)[0]
    assert other_row.endswith("<td></td><td>non</td>")
