"""The agent's mission search (issue 15, pages made for the field): one box, « près de mon site », « combien de
temps », « quand », the other filters folded, and every query-string value checked."""

import datetime
from decimal import Decimal

import pytest
from django.http import QueryDict
from django.utils.html import escape

from passerelles.access.models import Role
from passerelles.accounts.models import User
from passerelles.missions import queries
from passerelles.missions.models import MissionStatus, SavedSearch, TimeShareKind
from passerelles.missions.queries import Filters, discoverable, search
from passerelles.missions.services import alert_saved_searches
from passerelles.notifications.models import Notification
from passerelles.organisations.models import WorkSite
from passerelles.people.models import Profile
from tests.cast import make_mission


def read(query: str) -> Filters:
    return Filters.from_query(QueryDict(query))


# --- reading the query string (no database) ---


def test_plain_filters_are_read():
    filters = read("q=jardin&pres=1&temps=quelques&quand=3_mois")
    assert (filters.q, filters.near, filters.time, filters.when) == ("jardin", True, "quelques", "3_mois")
    assert filters.ignored == []
    assert not filters.has_more


@pytest.mark.parametrize(
    ("query", "ignored"),
    [
        ("temps=beaucoup", ["temps"]),
        ("quand=hier", ["quand"]),
        ("pres=oui", ["pres"]),
        ("objet=?", ["objet"]),
        ("lieu=lune", ["lieu"]),
        ("organisation=12abc", ["organisation"]),
        ("organisation=99999999999999999999999", ["organisation"]),  # beyond the database's integers
        ("quotite_max=150", ["quotite_max"]),
        ("quotite_max=-3", ["quotite_max"]),
        ("duree=eternelle", ["duree"]),
        ("debut_apres=0001-01-01", ["debut_apres"]),
        ("tri=hasard", ["tri"]),
        ("temps=%00&quand=%C2%B2", ["temps", "quand"]),
    ],
)
def test_a_value_that_makes_no_sense_is_ignored_and_named(query, ignored):
    filters = read(query)
    assert filters.ignored == ignored
    assert (filters.near, filters.time, filters.when, filters.purpose, filters.place) == (
        False,
        "",
        "",
        "",
        "",
    )
    assert filters.max_percent is None and filters.starts_after is None and filters.sort == "recent"


def test_empty_values_are_no_filter_and_no_complaint():
    filters = read("q=&pres=&temps=&quand=&objet=&lieu=&organisation=&quotite_max=&duree=&debut_apres=&tri=")
    assert filters.ignored == []
    assert filters == Filters()


def test_a_folded_filter_in_use_opens_more_filters():
    assert read("duree=court").has_more
    assert read("tri=debut").has_more
    assert not read("tri=recent&temps=peu").has_more


def test_percent_for_days_keeps_whole_percentages_within_the_days():
    assert queries.percent_for_days(1) == 4  # 4 % ≈ 0.87 day, 5 % ≈ 1.08 days
    assert queries.percent_for_days(5) == 23  # 23 % ≈ 4.98 days, 24 % ≈ 5.2 days
    assert queries.percent_for_days(0) == 0


# --- the list query, with data that tells the filters apart ---


@pytest.fixture
def lead(cast):
    return cast.agents[Role.HOST]


def published(cast, lead, title, **extra):
    values = {"visibility": "organisation", **extra}
    return make_mission(cast.home, lead.unit, lead, title=title, status=MissionStatus.PUBLISHED, **values)


def test_near_my_site_my_other_sites_and_my_town(cast, lead):
    agent = cast.agents["agent"]  # works at « Hôtel de ville », in Alpha
    school = WorkSite.objects.create(organisation=cast.home, name="École des Tilleuls", city="ALPHA ")
    gym = WorkSite.objects.create(organisation=cast.home, name="Gymnase", city="Beta")
    depot = WorkSite.objects.create(organisation=cast.home, name="Dépôt", city="Gamma")
    far = WorkSite.objects.create(organisation=cast.home, name="Centre routier", city="Delta")
    at_my_site = published(cast, lead, "Sur mon site", site=agent.site)
    same_town = published(cast, lead, "Même commune", site=school)  # the town typed differently
    other_town = published(cast, lead, "Autre commune", site=gym)
    my_other_site = published(cast, lead, "Un site où je peux aller", site=depot)
    same_town_as_my_other_site = published(
        cast,
        lead,
        "Près du dépôt",
        site=WorkSite.objects.create(organisation=cast.home, name="Piscine", city="gamma"),
    )
    far_away = published(cast, lead, "Loin", site=far, place="hybrid")
    nowhere = published(cast, lead, "Sans site")
    remote = published(cast, lead, "À distance", place="remote")
    user = agent.user

    def found(query):
        return set(search(discoverable(user), read(query), user=user))

    assert found("pres=1") == {at_my_site, same_town}
    profile = Profile.objects.create(agent=agent)
    profile.sites.add(depot)
    user = User.objects.get(pk=user.pk)  # a new request: its actor reads the profile afresh
    assert found("pres=1") == {at_my_site, same_town, my_other_site, same_town_as_my_other_site}
    everything = found("")
    assert {other_town, far_away, nowhere, remote} <= everything
    assert found("pres=1&q=commune") == {same_town}


def test_how_much_time_in_bands_of_days_per_month(cast, lead):
    def days(value):
        return {
            "time_share_kind": TimeShareKind.DAYS,
            "time_share_percent": None,
            "days_per_month": Decimal(value),
        }

    def percent(value):
        return {"time_share_kind": TimeShareKind.PERCENT, "time_share_percent": value}

    half_day = published(cast, lead, "Demi-journée", **days("0.5"))
    one_day = published(cast, lead, "Un jour", **days("1"))
    four_percent = published(cast, lead, "Quatre pour cent", **percent(4))  # 0.87 day
    five_percent = published(cast, lead, "Cinq pour cent", **percent(5))  # 1.08 days
    day_and_half = published(cast, lead, "Un jour et demi", **days("1.5"))
    five_days = published(cast, lead, "Cinq jours", **days("5"))
    twenty_three = published(cast, lead, "Vingt-trois pour cent", **percent(23))
    twenty_four = published(cast, lead, "Vingt-quatre pour cent", **percent(24))
    five_and_half = published(cast, lead, "Cinq jours et demi", **days("5.5"))
    half_time = published(cast, lead, "Mi-temps", **percent(50))
    user = cast.users[Role.AGENT]

    def found(band):
        return set(search(discoverable(user), read(f"temps={band}"), user=user))

    assert found("peu") == {half_day, one_day, four_percent}
    assert found("quelques") == {five_percent, day_and_half, five_days, twenty_three}
    assert found("plus") == {twenty_four, five_and_half, half_time}


def test_when_counts_from_the_day_of_the_search(cast, lead):
    today = datetime.date(2027, 1, 31)

    def starting(day, title):
        return published(cast, lead, title, start_date=day, end_date=day + datetime.timedelta(days=60))

    under_way = starting(datetime.date(2027, 1, 3), "Déjà commencée")
    last_day = starting(datetime.date(2027, 1, 31), "Dernier jour du mois")
    next_month = starting(datetime.date(2027, 2, 1), "Mois prochain")
    in_three_months = starting(datetime.date(2027, 4, 30), "Dans trois mois")  # 31 January + 3 months
    later = starting(datetime.date(2027, 5, 1), "Plus tard")
    user = cast.users[Role.AGENT]

    def found(when):
        return set(search(discoverable(user), read(f"quand={when}"), user=user, today=today))

    assert found("ce_mois") == {under_way, last_day}
    assert found("3_mois") == {under_way, last_day, next_month, in_three_months}
    assert found("plus_tard") == {later}


def test_filters_combine(cast, lead):
    agent = cast.agents["agent"]
    today = datetime.date.today()
    soon = today + datetime.timedelta(days=5)
    near_short_soon = published(
        cast,
        lead,
        "Jardin du site",
        site=agent.site,
        time_share_kind="days",
        days_per_month=Decimal("1"),
        time_share_percent=None,
        start_date=soon,
        end_date=soon + datetime.timedelta(days=90),
    )
    published(cast, lead, "Jardin partagé", site=agent.site, time_share_percent=40)  # too much time
    published(
        cast,
        lead,
        "Jardin lointain",
        time_share_kind="days",
        days_per_month=Decimal("1"),
        time_share_percent=None,
    )  # nowhere near
    user = agent.user
    assert set(search(discoverable(user), read("q=jardin&pres=1&temps=peu&quand=3_mois"), user=user)) == {
        near_short_soon
    }


# --- the page ---


def test_the_page_leads_with_one_box_and_three_plain_filters(cast, client_for):
    agent = client_for(cast.users[Role.AGENT])
    content = agent.get("/missions/").content.decode()
    search_box = content.index("Que cherchez-vous ?")
    assert search_box < content.index("Près de mon site") < content.index("Combien de temps ?")
    assert content.index("Combien de temps ?") < content.index("Quand ?") < content.index("Plus de filtres")
    assert "Hôtel de ville (Alpha)" in content  # the agent's site, named beside « Près de mon site »
    assert '<details class="field-more">' in content  # folded while none of its filters is in use
    assert '<details class="field-more" open>' in agent.get("/missions/", {"duree": "long"}).content.decode()
    # saving is an action of its own, below the results, not a button of the search form
    search_form = content[content.index('role="search"') : content.index("</form>", search_box)]
    assert "Enregistrer" not in search_form and 'name="name"' not in search_form
    assert content.index('class="cards"') < content.index("Enregistrer cette recherche")


def test_bad_values_are_said_in_french_and_change_nothing(cast, client_for, lead):
    mission = published(cast, lead, "Jardinage")
    agent = client_for(cast.users[Role.AGENT])
    response = agent.get(
        "/missions/", {"temps": "beaucoup", "quand": "<script>", "tri": "hasard", "page": "x"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert escape("Le filtre « Combien de temps ? » avait une valeur que nous ne comprenons pas.") in content
    assert "Le filtre « Quand ? » avait une valeur" in content and "Le filtre « Trier par » avait" in content
    assert "<script>" not in content
    assert mission in response.context["page"].object_list


def test_near_my_site_without_a_known_site_says_so(cast, client_for, lead):
    agent = cast.agents["agent"]
    agent.site = None
    agent.save()
    mission = published(cast, lead, "Jardinage", site=cast.agents[Role.HOST].site)
    response = client_for(agent.user).get("/missions/", {"pres": "1"})
    content = response.content.decode()
    assert escape("Votre site de travail n'est pas connu") in content
    assert 'id="pres"' not in content  # the filter is not offered to someone without a site
    assert mission in response.context["page"].object_list


def test_a_saved_search_near_my_site_alerts_its_owner_for_missions_near_them_only(cast, lead):
    agent = cast.agents["agent"]
    SavedSearch.objects.create(user=agent.user, name="Près de chez moi", query="pres=1&temps=quelques")
    elsewhere = WorkSite.objects.create(organisation=cast.home, name="Gymnase", city="Beta")
    far = published(cast, lead, "Loin", site=elsewhere)
    assert alert_saved_searches(far) == 0
    near = published(cast, lead, "Près", site=agent.site)  # 20 % ≈ 4.3 days a month: « quelques jours »
    assert alert_saved_searches(near) == 1
    assert Notification.objects.filter(user=agent.user, subject__contains="Près de chez moi").count() == 1


def test_cards_say_time_place_dates_and_host_in_plain_words(cast, client_for, lead):
    published(
        cast,
        lead,
        "Accueil des nouveaux",
        site=cast.agents["agent"].site,
        place="hybrid",
        time_share_percent=10,
        start_date=datetime.date(2031, 3, 3),
        end_date=datetime.date(2031, 6, 30),
    )
    content = client_for(cast.users[Role.AGENT]).get("/missions/").content.decode()
    assert "une demi-journée par semaine" in content
    assert "Hôtel de ville, Alpha, à distance possible" in content
    assert "du 3 mars au 30 juin 2031" in content
    assert escape(f"{lead.unit.name} (Ville d'Alpha)") in content
    assert 'class="pictogram"' in content and 'aria-hidden="true"' in content
    assert "Aider un projet" in content  # the kind of work in words beside the pictogram
