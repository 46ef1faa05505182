"""Template filters that say a mission in plain words (see missions/plain_words.py, where the rules live)."""

from django import template

from passerelles.missions import plain_words

register = template.Library()


@register.filter
def time_in_words(mission) -> str:
    return plain_words.time_share_in_words(mission)


@register.filter
def place_in_words(mission) -> str:
    return plain_words.place_in_words(mission)


@register.filter
def dates_in_words(mission) -> str:
    return plain_words.dates_in_words(mission.start_date, mission.end_date)


@register.filter
def purpose_in_words(purpose: str) -> str:
    return plain_words.purpose_in_words(purpose)
