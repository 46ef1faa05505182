"""How « À faire » writes a line: a label and a link (core/todo.py and its HR part, core/todo_hr.py)."""

import datetime
import functools

from django.urls import get_script_prefix, reverse

LIMIT = 100


def _url(name: str, anchor: str = "", **kwargs) -> str:
    """``reverse``, through a pattern reversed once per URL name (HR's list holds hundreds of links: resolving
    each anew cost a few milliseconds of every « À faire » and dashboard)."""
    url = _pattern(name, tuple(kwargs), get_script_prefix())
    for number, value in enumerate(kwargs.values()):
        url = url.replace(str(_SENTINEL + number), str(int(value)))
    return url + (f"#{anchor}" if anchor else "")


_SENTINEL = 987_654_321_000  # an id no row has: replaced by the real ones in the pattern


@functools.lru_cache(maxsize=64)
def _pattern(name: str, keys: tuple, prefix: str) -> str:
    return reverse(name, kwargs={key: _SENTINEL + number for number, key in enumerate(keys)})


def _named(first_name: str, last_name: str, title: str, *extra) -> str:
    """A line's label from its values (``LINE``): the agent, the mission, and what the group adds."""
    return " — ".join([f"{first_name} {last_name}", title, *extra])


def _label(engagement, *extra) -> str:
    """``_named`` for an engagement read with its agent and mission (groups that need the objects anyway)."""
    return _named(engagement.agent.first_name, engagement.agent.last_name, engagement.mission.title, *extra)


def _day(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


# What a line of the list shows: read as values, not as the engagement, its agent and its mission (a hundred
# lines per group for HR: composing the objects' columns and building the objects cost more than the reading).
LINE = ("pk", "agent__first_name", "agent__last_name", "mission__title")


def _lines(engagements, url_name: str, anchor: str = "") -> list[tuple[str, str]]:
    """The first ``LIMIT`` engagements as lines linked to ``url_name`` (an engagement's page)."""
    return [
        (_named(first, last, title), _url(url_name, anchor, engagement_id=pk))
        for pk, first, last, title in engagements.values_list(*LINE)[:LIMIT]
    ]


def _items(engagements, anchor: str = "") -> list[tuple[str, str]]:
    return _lines(engagements, "engagement_detail", anchor)


def _unique(rows, key) -> list:
    """Rows in order, one per key (HR who also hosts a mission answers twice for the same engagement)."""
    seen, unique = set(), []
    for row in rows:
        if key(row) not in seen:
            seen.add(key(row))
            unique.append(row)
    return unique


def checkin_lines(checkins) -> list[tuple[str, str]]:
    """Points d'étape as lines: the engagement and the due date, linked to the point on the follow-up page."""
    values = checkins.values_list(
        "pk",
        "engagement_id",
        "engagement__agent__first_name",
        "engagement__agent__last_name",
        "engagement__mission__title",
        "due_on",
    )
    return [
        (
            _named(first, last, title, _day(due_on)),
            _url("engagement_followup", f"point-{pk}", engagement_id=engagement_id),
        )
        for pk, engagement_id, first, last, title, due_on in values[:LIMIT]
    ]
