"""The person's open sessions, as allauth.usersessions records them, in words a person recognises."""

import re

from allauth.usersessions.adapter import get_adapter
from allauth.usersessions.models import UserSession

# (pattern, name): the first match names the browser (Edge and Opera say « Chrome » too, so they come first).
_BROWSERS = [
    (r"Edg(e|A|iOS)?/", "Edge"),
    (r"OPR/|Opera", "Opera"),
    (r"Firefox/|FxiOS/", "Firefox"),
    (r"Chromium/", "Chromium"),
    (r"Chrome/|CriOS/", "Chrome"),
    (r"Safari/", "Safari"),
]
_SYSTEMS = [
    (r"iPhone|iPad|iPod", "iOS"),
    (r"Android", "Android"),
    (r"Windows", "Windows"),
    (r"Mac OS X|Macintosh", "macOS"),
    (r"CrOS", "ChromeOS"),
    (r"Linux|X11", "Linux"),
]


def describe_user_agent(user_agent: str) -> str:
    """« Firefox · Windows » from a browser's User-Agent header; the header itself when nothing is known."""
    browser = next((name for pattern, name in _BROWSERS if re.search(pattern, user_agent)), "")
    system = next((name for pattern, name in _SYSTEMS if re.search(pattern, user_agent)), "")
    described = " · ".join(part for part in (browser, system) if part)
    return described or user_agent[:60]


def open_sessions(user) -> list[UserSession]:
    """``user``'s sessions that are still open, most recently used first (closed ones are forgotten)."""
    sessions = UserSession.objects.purge_and_list(user)
    for session in sessions:
        session.device = describe_user_agent(session.user_agent)
    return sorted(sessions, key=lambda s: s.last_seen_at, reverse=True)


def end_sessions(sessions) -> None:
    get_adapter().end_sessions(sessions)
