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


def _label(engagement, *extra) -> str:
    return " — ".join([engagement.agent.full_name, engagement.mission.title, *extra])


def _day(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


# What a line of the list shows (``_label``): read alone, not every column of the engagement, its agent and its
# mission (a hundred lines per group for HR).
LINE = ("pk", "agent__first_name", "agent__last_name", "mission__title")


def _items(engagements, anchor: str = "") -> list[tuple[str, str]]:
    return [
        (_label(e), _url("engagement_detail", anchor, engagement_id=e.pk))
        for e in engagements.select_related("agent", "mission").only(*LINE)[:LIMIT]
    ]


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
    return [
        (
            _label(c.engagement, _day(c.due_on)),
            _url("engagement_followup", f"point-{c.pk}", engagement_id=c.engagement_id),
        )
        for c in checkins[:LIMIT]
    ]
