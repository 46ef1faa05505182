"""The pool and the agent directory read a page at a time by key (foundation/keyset.py): walking « page
suivante » to the end shows every row once, in the list's order, even among namesakes; a forged, foreign or
hostile cursor shows page one, never an error nor a row the list would not show."""

import pytest

from passerelles.access.models import Role
from passerelles.foundation import keyset
from passerelles.people.models import Agent, Profile, Visibility
from tests.cast import make_agent

pytestmark = pytest.mark.django_db

DIRECTORY = "/organisations/ville-alpha/agents/"
POOL = "/organisations/ville-alpha/vivier/"


@pytest.fixture
def namesakes(cast, settings):
    """Seven Anne Martin (a tie on the whole name), two Martin of other first names, a Martín with an accent,
    some in a unit and some without (the unit sort compares a missing unit as « »); every profile open to HR."""
    settings.PAGE_SIZE = 3
    unit = cast.agents[Role.HOST].unit
    people = [
        make_agent(cast.home, "Anne", "Martin", with_account=False, unit=unit if i % 2 else None)
        for i in range(7)
    ]
    people += [make_agent(cast.home, name, "Martin", with_account=False) for name in ("Zoé", "Aline")]
    people.append(make_agent(cast.home, "Anne", "Martín", with_account=False))
    for agent in people:
        Profile.objects.update_or_create(agent=agent, defaults={"visibility": Visibility.HR})
    return people


def walk(client, url, params, table=True):
    """Every row of every page, following « page suivante »; and the number of pages."""
    seen, pages, cursor = [], 0, None
    while True:
        response = client.get(url, {**params, **({keyset.CURSOR_PARAM: cursor} if cursor else {})})
        assert response.status_code == 200
        page = response.context["table"].page if table else response.context["page"]
        rows = [row.record.pk for row in page.object_list] if table else [agent.pk for agent in page]
        seen += rows
        pages += 1
        assert len(rows) <= 3 and pages < 50
        if not page.has_next():
            return seen, pages
        assert f"{keyset.CURSOR_PARAM}=" in response.content.decode()
        cursor = page.next_cursor


def expected(queryset, *order):
    return list(queryset.order_by(*order, "pk").values_list("pk", flat=True))


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("", ("last_name", "first_name")),
        ("name", ("last_name", "first_name")),
        ("-name", ("-last_name", "-first_name")),
        ("category", ("category",)),
        ("-job_title", ("-job_title",)),
    ],
)
def test_the_directory_shows_each_agent_once_across_pages(cast, client_for, namesakes, sort, order):
    client = client_for(cast.users[Role.HR])
    params = {"q": "martin", **({"tri": sort} if sort else {})}
    seen, pages = walk(client, DIRECTORY, params)
    martins = Agent.objects.filter(organisation=cast.home, is_active=True, last_name__icontains="martin")
    assert len(seen) == len(set(seen)) == martins.count()
    assert seen == expected(martins, *order)
    assert pages == -(-len(seen) // 3)


def test_the_directory_sorted_by_unit_keeps_those_without_one(cast, client_for, namesakes):
    client = client_for(cast.users[Role.HR])
    for sort in ("unit", "-unit", "site"):
        seen, _ = walk(client, DIRECTORY, {"q": "anne", "tri": sort})
        annes = Agent.objects.filter(organisation=cast.home, is_active=True, first_name="Anne")
        assert sorted(seen) == sorted(annes.values_list("pk", flat=True)) and len(seen) == len(set(seen)), (
            sort
        )


def test_the_pool_shows_each_person_once_across_pages(cast, client_for, namesakes):
    client = client_for(cast.users[Role.HR])
    seen, pages = walk(client, POOL, {}, table=False)
    pool = Agent.objects.pool(cast.users[Role.HR]).filter(organisation=cast.home)
    assert len(seen) == len(set(seen)) == pool.count() and pages > 3
    assert seen == expected(pool, "last_name", "first_name")


def test_a_row_gone_between_two_pages_does_not_break_the_walk(cast, client_for, namesakes):
    """The cursor's own row deactivated meanwhile: back to page one, no error."""
    client = client_for(cast.users[Role.HR])
    first = client.get(DIRECTORY, {"q": "martin"}).context["table"].page
    last = first.object_list[-1].record
    Agent.objects.filter(pk=last.pk).update(is_active=False)
    again = (
        client.get(DIRECTORY, {"q": "martin", keyset.CURSOR_PARAM: first.next_cursor}).context["table"].page
    )
    assert again.is_first


@pytest.mark.parametrize("url", [DIRECTORY, POOL])
def test_a_forged_or_hostile_cursor_shows_page_one(cast, client_for, namesakes, url):
    client = client_for(cast.users[Role.HR])
    table = url == DIRECTORY

    def first_ids(cursor):
        response = client.get(url, {keyset.CURSOR_PARAM: cursor})
        assert response.status_code == 200
        page = response.context["table"].page if table else response.context["page"]
        assert page.is_first
        return [row.record.pk if table else row.pk for row in page.object_list]

    page_one = first_ids("")
    other_list = "pool" if table else "agent_directory"
    keys = ["last_name", "first_name", "pk"]
    outsider = Agent.objects.filter(organisation=cast.outsider).first()
    hostile = [
        "abc",
        "1",
        "' OR 1=1 --",
        "é" * 5000,
        keyset.cursor_for(other_list, keys, namesakes[3].pk),  # another list's cursor
        keyset.cursor_for("agent_directory" if table else "pool", ["-last_name", "-first_name", "pk"], 1),
        keyset.cursor_for(
            "agent_directory" if table else "pool", keys, outsider.pk
        ),  # a row it does not show
        keyset.cursor_for("agent_directory" if table else "pool", keys, namesakes[3].pk)[:-2]
        + "xx",  # tampered
    ]
    for cursor in hostile:
        assert first_ids(cursor) == page_one, cursor
